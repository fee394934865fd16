"""`make bench`: build the data, run every benchmark, print each figure with its target and
whether it is met, and write bench/RESULTS.md. Times are printed, never asserted in tests."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from . import setup

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MB = 1024 * 1024


def machine() -> list[str]:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    load = os.getloadavg()
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        pg = cur.fetchone()[0]
    try:
        redis = subprocess.run(["redis-server", "--version"], capture_output=True, text=True, timeout=5).stdout.split()[2]
    except (OSError, IndexError, subprocess.SubprocessError):
        redis = "?"
    import django
    import gunicorn

    return [
        f"CPU: {os.cpu_count()} × {cpu}",
        f"Memory: {mem / 1024 / 1024:.1f} GB",
        f"OS: {platform.platform()}",
        f"Python {platform.python_version()}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {pg}, Redis {redis} (all on 127.0.0.1)",
        f"Load average at start: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}",
    ]


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


PARTS = ("recompute", "queries", "pages", "upload", "shared", "season")


def main(argv: list[str] | None = None) -> int:
    """`python -m bench [PART …]`: every part by default (and only then is RESULTS.md written);
    naming parts runs just those, on the same data, to iterate on one figure."""
    parts = list(argv if argv is not None else sys.argv[1:]) or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        print(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}", file=sys.stderr)
        return 2
    full = set(parts) == set(PARTS)
    started = time.perf_counter()
    print("DTI Portal bench — resetting the bench database", flush=True)
    name = setup.reset_database()
    setup.configure()
    setup.migrate()
    setup.clear_media()
    from . import data, load, queries, recompute, season, shared, upload

    info = machine()
    for line in info:
        print("  " + line)
    print(f"Building synthetic data in {name}", flush=True)
    # The season part builds its own data (bench/season.py).
    ds = None
    if set(parts) - {"season"}:
        ds = data.build() if "recompute" in parts else data.build(sizes=(63,))
    rec = qc = pages = up = sh = ss = None
    if "recompute" in parts:
        print("Recompute (median of runs)", flush=True)
        rec = recompute.run(ds.recompute_rounds)
    if "queries" in parts:
        print("Query counts", flush=True)
        qc = queries.run(ds)
    if "pages" in parts:
        print("Pages under load (gunicorn, 127.0.0.1)", flush=True)
        pages = load.run(ds)
    if "upload" in parts:
        print("Upload", flush=True)
        up = upload.run(ds)
    if "shared" in parts:
        print("One file shared by 504 evidence rows", flush=True)
        sh = shared.run(ds)
    if "season" in parts:
        print("A season: 34 provinces running their own index, and the national round (issue 18)", flush=True)
        ss = season.run()
    end_load = os.getloadavg()
    rows = targets(rec, qc, pages, up) + (shared.rows(sh) if sh else []) + (season.rows(ss) if ss else [])
    elapsed = time.perf_counter() - started
    print()
    print(f"{'figure':<44} {'value':<78} {'target':<26} result")
    for fig, value, target, ok, _ in rows:
        print(f"{fig:<44} {value:<78} {target:<26} {verdict(ok)}")
    if full:
        write_results(info, end_load, rows, rec, pages, qc, up, ds, elapsed, ss)
        print(f"\nbench finished in {elapsed / 60:.1f} min; wrote {RESULTS}")
    else:
        print(f"\nbench ({', '.join(parts)}) finished in {elapsed / 60:.1f} min; RESULTS.md is written by a full run only")
    return 0


# Which floor each page is read against: the same bare view requested by the same kind of visitor.
FLOOR_OF = {"entry page": "officer", "save": "officer", "appraisal page": "reviewer", "public ranking page": "anonymous"}


def floor_p95(pages: dict, who: str) -> float:
    """The mean of the floor's p95 before and after the pages (the machine drifts during a run)."""
    return (pages[f"floor ({who}, before)"].p95 + pages[f"floor ({who}, after)"].p95) / 2


def targets(rec, qc, pages, up) -> list[tuple[str, str, str, bool, str]]:
    rows: list[tuple[str, str, str, bool, str]] = []  # (figure, value, target, met, note)
    if rec:
        rows += _recompute_rows(rec)
    if pages:
        rows += _page_rows(pages)
    if qc:
        rows += _query_rows(qc)
    if up:
        rows += _upload_rows(up)
    return rows


def _recompute_rows(rec) -> list:
    rows = []
    r63 = rec[63]
    rows.append(("Recompute 63 units vs raw SUM…GROUP BY", f"{r63['recompute'] * 1000:.1f} ms vs {r63['raw'] * 1000:.1f} ms "
                 f"({r63['recompute'] / r63['raw']:.1f}×)", "≤ 3× raw", r63["recompute"] <= 3 * r63["raw"], "recompute"))
    big = max(rec)
    rows.append((f"Recompute {big:,} units", f"{rec[big]['recompute']:.2f} s", "< 10 s", rec[big]["recompute"] < 10, ""))
    sizes = sorted(rec)
    per_unit = {n: rec[n]["recompute"] / n for n in sizes}
    mid = sizes[-2]
    growth = rec[big]["recompute"] / rec[mid]["recompute"]
    rows.append((f"Recompute growth {mid:,} → {big:,} units", f"{growth:.1f}× for {big / mid:.0f}× units "
                 f"({per_unit[mid] * 1000:.2f} → {per_unit[big] * 1000:.2f} ms/unit)",
                 f"linear (≤ {1.5 * big / mid:.0f}×)", growth <= 1.5 * big / mid, ""))
    return rows


def _page_rows(pages) -> list:
    rows = []
    anonymous = floor_p95(pages, "anonymous")
    for name, who in FLOOR_OF.items():
        s = pages[name]
        floor = floor_p95(pages, who)
        also = f"; {s.p95 / anonymous:.1f}× the anonymous floor" if who != "anonymous" else ""
        rows.append((f"{name} p95 at 20 users", f"{s.p95 * 1000:.0f} ms ({s.p95 / floor:.1f}× {who} floor {floor * 1000:.0f} ms{also})"
                     f", {len(s.errors)} errors", f"≤ 3× {who} floor", s.p95 <= 3 * floor and not s.errors, ""))
    burst = pages["300 officers saving"]
    rows.append(("300 officers saving at once (×2)", f"{len(burst.latencies)} ok, {len(burst.errors)} errors, "
                 f"p95 {burst.p95:.1f} s", "no error", not burst.errors and len(burst.latencies) > 0, ""))
    return rows


def _query_rows(qc) -> list:
    rows = []
    rows.append(("Ranking page from cache after publication", f"{qc['ranking page/cached']} queries cached vs "
                 f"{qc['ranking page/cold']} cold", "fewer, no ranking queries",
                 qc["ranking page/cached"] < qc["ranking page/cold"], ""))
    for page in ("entry page", "appraisal page", "save"):
        a, b = qc[f"{page}/small"], qc[f"{page}/large"]
        rows.append((f"Queries: {page}", f"{a} ({qc['n_small']} indicators) / {b} ({qc['n_large']} indicators)",
                     "constant in indicators", a == b, ""))
    if "ranking page/cold 1000" in qc:
        a, b = qc["ranking page/cold"], qc["ranking page/cold 1000"]
        rows.append(("Queries: public ranking page (cold)", f"{a} (63 units) / {b} (1,000 units)", "constant in units",
                     a == b, ""))
    return rows


def _upload_rows(up) -> list:
    rows = []
    rows.append(("50 MB upload, worker memory", f"HTTP {up['status']}, stored {up['stored_size'] / MB:.1f} MB, RSS "
                 f"{up['growth'] / MB:+.1f} MB, peak {up['peak_growth'] / MB:+.1f} MB", "< 20 MB growth",
                 up["status"] == 302 and up["stored_size"] >= 50 * MB and max(up["growth"], up["peak_growth"]) < 20 * MB, ""))
    return rows


def write_results(info, end_load, rows, rec, pages, qc, up, ds, elapsed, ss) -> None:
    from .season import results_lines as season_lines

    lines = [
        "# Benchmark results (issue 8)",
        "",
        f"Run on {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} by `make bench` in {elapsed / 60:.1f} min. "
        "Written by bench/run.py — do not edit by hand. What limits each target that is not met, how "
        "to read the floors and what changed: [NOTES.md](NOTES.md).",
        "",
        "## Machine",
        "",
        *[f"- {line}" for line in info],
        f"- Load average at end: {end_load[0]:.2f}, {end_load[1]:.2f}, {end_load[2]:.2f}",
        "",
        "## Targets",
        "",
        "| figure | value | target | result |",
        "|---|---|---|---|",
        *[f"| {fig} | {value} | {target} | {verdict(ok) if ok else verdict(ok) + ' — see [NOTES.md](NOTES.md#targets)'} |"
          for fig, value, target, ok, _ in rows],
        "",
        "## Recompute (results.services.recompute_round, median)",
        "",
        "| units | values | full recompute | raw SUM…GROUP BY | ratio | per unit |",
        "|---|---|---|---|---|---|",
        *[
            f"| {n:,} | {n * len(ds.indicators):,} | {r['recompute'] * 1000:.1f} ms | {r['raw'] * 1000:.1f} ms | "
            f"{r['recompute'] / r['raw']:.1f}× | {r['recompute'] / n * 1000:.2f} ms |"
            for n, r in sorted(rec.items())
        ],
        "",
        f"Data generation: {', '.join(f'{k} {v:.1f} s' for k, v in ds.timings.items())}.",
        "",
        f"## Pages under load (gunicorn, {pages['workers']} sync workers, closed loop, ≤ 10 s or 1,500 requests each)",
        "",
        "| scenario | users | requests | errors | p50 | p95 | req/s |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {s.name} | {s.concurrency} | {s.count} | {len(s.errors)} | {s.p50 * 1000:.0f} ms | {s.p95 * 1000:.0f} ms | {s.rps:.1f} |"
            for k, s in pages.items() if k != "workers"
        ],
        "",
        "## Query counts per page",
        "",
        "| page | " + f"{qc['n_small']} indicators | {qc['n_large']} indicators |",
        "|---|---|---|",
        *[f"| {p} | {qc[p + '/small']} | {qc[p + '/large']} |" for p in ("entry page", "save", "appraisal page")],
        "",
        "| public ranking page | 63 units | 1,000 units |",
        "|---|---|---|",
        f"| cold (rendered) | {qc['ranking page/cold']} | {qc.get('ranking page/cold 1000', '—')} |",
        f"| from the cache | {qc['ranking page/cached']} | |",
        "",
        "## Upload",
        "",
        f"50 MB PDF to the evidence page of a one-worker gunicorn: HTTP {up['status']} in {up['elapsed']:.2f} s; worker RSS "
        f"{up['rss_before'] / MB:.1f} → {up['rss_after'] / MB:.1f} MB, peak (VmHWM) {up['peak_after'] / MB:.1f} MB.",
        "",
        *(season_lines(ss) if ss else []),
    ]
    RESULTS.write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
