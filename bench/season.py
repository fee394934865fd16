"""A season with every province running its own index (issue 18.5), in one run:

- 34 provinces, each a provincial Authority with its own framework (the 922 file under a code
  of its own) and two rounds: its ~20 departments and its ~100 communes (4,080 units, ~400,000
  values), plus the national round of the 34 provinces;
- the deadline hour: 1,000 officers across the authorities (966 provincial officers through
  AuthorityRole, the 34 national ones) press Save at the same moment; no error allowed;
- sign-off of everything, then the full-season recompute (the 69 rounds, one after another as
  one worker would) against the raw SUM…GROUP BY over the same rows, interleaved;
- publication of every round, then the public ranking pages of every authority: served from
  the cache (no ranking query once warm), their query counts the same with 1 authority
  published as with 35, and a closed loop over all 69 pages beside the anonymous floor.

Rows are written with bulk_create and COPY / INSERT … SELECT (data.py); times are printed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import resource
import statistics
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import Authority, AuthorityRole, RankingGroup, Role, Unit, UnitKind, User
from assessments.framework_loader import load_framework_file
from assessments.models import (
    GeneralInfoItem,
    GeneralInfoValue,
    Indicator,
    IndicatorValue,
    Round,
    Submission,
    SubmissionStatus,
)
from results import services as results_services
from results.services import PUBLIC_CACHE_VERSION_KEY

from . import client, data, load, recompute

PROVINCES = 34
DEPARTMENTS = 20
COMMUNES = 100
SAVERS = 1000
YEAR = 2096
GROUPS = ((RankingGroup.DEPARTMENTS, UnitKind.DEPARTMENT, DEPARTMENTS), (RankingGroup.COMMUNES, UnitKind.COMMUNE, COMMUNES))
# Tables a public ranking page reads only when it renders (not from the cache).
RANKING_TABLES = ("results_snapshotentry", "assessments_mainindex", "assessments_pillar")


@dataclass
class Season:
    national: Round
    rounds: list[Round]  # every round of the season, the national one first
    authorities: list[Authority]
    admin: User
    savers: list[load.Officer] = field(default_factory=list)
    variants: dict[int, tuple[data.Variant, data.Variant]] = field(default_factory=dict)  # indicator pk → A, B
    indicator_of: dict[int, int] = field(default_factory=dict)  # value pk → indicator pk
    units: int = 0
    values: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _framework(authority: Authority | None, code: str):
    text = data.FRAMEWORK_FILE.read_text(encoding="utf-8")
    if authority is not None:  # the same index under a code of the province's own
        text, found = re.subn(r"^code: .*$", f'code: "{code}"', text, count=1, flags=re.M)
        assert found == 1, "the 922 framework file has no code line"
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as f:
        f.write(text)
    try:
        return load_framework_file(f.name, authority=authority)[0]
    finally:
        Path(f.name).unlink()


def _open_round(fw, authority: Authority, group: str, units: list[Unit]) -> Round:
    now = timezone.now()
    rnd = Round.objects.create(
        authority=authority, year=YEAR, framework=fw, ranking_group=group,
        opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=1),
    )
    Submission.objects.bulk_create([Submission(round=rnd, unit=u, status=SubmissionStatus.DRAFT) for u in units], batch_size=5000)
    subs = list(Submission.objects.filter(round=rnd).values_list("pk", flat=True))
    items = list(GeneralInfoItem.objects.filter(framework=fw))
    GeneralInfoValue.objects.bulk_create(
        [GeneralInfoValue(submission_id=s, item=it, value=data.GI_VALUE) for s in subs for it in items], batch_size=10000
    )
    return rnd


def _variants_by_framework(frameworks) -> dict[int, tuple[data.Variant, data.Variant]]:
    """Variant A/B of every indicator of every framework: scored once on the national copy,
    the same by code in the provinces' copies (same file)."""
    first = frameworks[0]
    base = data._variants(list(Indicator.objects.filter(framework=first)))
    code_of = dict(Indicator.objects.filter(framework=first).values_list("pk", "code"))
    by_code = {code_of[pk]: v for pk, v in base.items()}
    return {pk: by_code[code] for pk, code in Indicator.objects.filter(framework__in=frameworks).values_list("pk", "code")}


def _enter_values(rnd: Round, variants) -> int:
    indicators = list(Indicator.objects.filter(framework=rnd.framework_id).order_by("order"))
    return data._entered_values(rnd, indicators, variants)


def build(*, log=print) -> Season:
    t0 = time.perf_counter()
    with transaction.atomic():
        admin = User.objects.create(username="season-admin", role=Role.ADMIN, full_name="Season admin", is_superuser=True)
        national_fw = _framework(None, "922-tinh")
        provinces = Unit.objects.bulk_create([
            Unit(code=f"S{i:02d}", name=f"Tỉnh mùa {i:02d}", kind=UnitKind.PROVINCE, ranking_group=RankingGroup.PROVINCES_34)
            for i in range(PROVINCES)
        ])
        authorities = Authority.objects.bulk_create([
            Authority(code=f"tinh-mua-{i:02d}", name=f"UBND Tỉnh mùa {i:02d}", unit=p) for i, p in enumerate(provinces)
        ])
        children = Unit.objects.bulk_create([
            Unit(code=f"S{i:02d}{kind[:1].upper()}{j:03d}", name=f"{kind} {j:03d} của tỉnh {i:02d}", kind=kind, parent=p,
                 ranking_group=group)
            for i, p in enumerate(provinces) for group, kind, n in GROUPS for j in range(n)
        ], batch_size=5000)
        AuthorityRole.objects.bulk_create([AuthorityRole(user=admin, authority=a, role=Role.ADMIN) for a in authorities])
    timings = {"units and authorities": time.perf_counter() - t0}

    t = time.perf_counter()
    frameworks = [national_fw] + [_framework(a, f"bench-mua-{i:02d}") for i, a in enumerate(authorities)]
    timings["35 frameworks"] = time.perf_counter() - t

    t = time.perf_counter()
    by_parent: dict[tuple[int, str], list[Unit]] = {}
    for u in children:
        by_parent.setdefault((u.parent_id, u.kind), []).append(u)
    with transaction.atomic():
        national = _open_round(national_fw, Authority.national(), RankingGroup.PROVINCES_34, provinces)
        rounds = [national]
        for a, p, fw in zip(authorities, provinces, frameworks[1:], strict=True):
            rounds += [_open_round(fw, a, group, by_parent[(p.pk, kind)]) for group, kind, _n in GROUPS]
    timings["69 rounds"] = time.perf_counter() - t

    t = time.perf_counter()
    variants = _variants_by_framework(frameworks)
    values = 0
    for rnd in rounds:
        with transaction.atomic():
            values += _enter_values(rnd, variants)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    timings["values (COPY)"] = time.perf_counter() - t
    season = Season(national=national, rounds=rounds, authorities=authorities, admin=admin, variants=variants,
                    units=len(provinces) + len(children), values=values, timings=timings)
    log(f"  data: {len(authorities)} provincial authorities, {season.units:,} units, {len(rounds)} rounds, "
        f"{values:,} values in {sum(timings.values()):.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})")
    return season


# --- The deadline hour ------------------------------------------------------------------------


def _saver_submissions(season: Season) -> list[tuple[Submission, Authority | None]]:
    """1,000 drafts across the authorities: the national round's 34 and, round-robin over the
    34 provinces, their departments' and communes' drafts."""
    subs = Submission.objects.filter(round__in=season.rounds).select_related("round", "unit").order_by("round_id", "unit__code")
    by_round: dict[int, list[Submission]] = {}
    for s in subs:
        by_round.setdefault(s.round_id, []).append(s)
    picked = [(s, None) for s in by_round.pop(season.national.pk)]
    per_authority = {a.pk: [] for a in season.authorities}
    for rnd in season.rounds[1:]:
        per_authority[rnd.authority_id] += [(s, rnd.authority) for s in by_round[rnd.pk]]
    queues = list(per_authority.values())
    i = 0
    while len(picked) < SAVERS:
        queue = queues[i % len(queues)]
        if queue:
            picked.append(queue.pop(0))
        i += 1
    return picked


def make_savers(season: Season) -> list[load.Officer]:
    picked = _saver_submissions(season)
    with transaction.atomic():
        # A province's officer is an AuthorityRole(OFFICER, unit) (below). The entry page's
        # gate (access.officer_required) still reads the national role on h-auth, so each also
        # has User.role OFFICER of the same unit: the save does the same work either way.
        users = User.objects.bulk_create([
            User(username=f"season-officer-{k:04d}", full_name=f"Cán bộ {k:04d}", password=get_random_string(20),
                 role=Role.OFFICER, unit=sub.unit)
            for k, (sub, _authority) in enumerate(picked)
        ])
        AuthorityRole.objects.bulk_create([
            AuthorityRole(user=u, authority=authority, role=Role.OFFICER, unit=sub.unit)
            for u, (sub, authority) in zip(users, picked, strict=True) if authority is not None
        ])
    largest = {}  # framework → its largest main index (the busiest entry page)
    savers = []
    for user, (sub, _authority) in zip(users, picked, strict=True):
        fw = sub.round.framework_id
        if fw not in largest:
            mains = Indicator.objects.filter(framework=fw).values_list("main_index_id", flat=True)
            largest[fw] = max(set(mains), key=lambda m: (list(mains).count(m), -m))
        rows = list(
            IndicatorValue.objects.filter(submission=sub, indicator__main_index=largest[fw])
            .order_by("indicator__order").values_list("pk", "version", "indicator__automatic", "indicator_id")
        )
        season.indicator_of.update({pk: ind for pk, _v, _a, ind in rows})
        savers.append(load.Officer(
            cookie=data.session_cookie(user), submission_id=sub.pk,
            entry_path=reverse("assessments:entry", args=[sub.pk, largest[fw]]),
            rows=[(pk, version, automatic) for pk, version, automatic, _ind in rows],
        ))
    season.savers = savers
    return savers


def _save_fields(season: Season, officer: load.Officer) -> list[tuple[str, str]]:
    """Every editable row, alternating variant A/B so that each save changes every row."""
    variant = (officer.iteration + 1) % 2
    fields = []
    for pk, version, automatic in officer.rows:
        if automatic:
            continue
        fields.append((f"v{pk}-version", str(version)))
        fields.extend((f"v{pk}-{k}", v) for k, v in season.variants[season.indicator_of[pk]][variant].raw.items())
    return fields


def save_queries(season: Season, officer: load.Officer) -> int:
    """Queries of one save (in-process, after a first one warms the worker)."""
    c = Client()
    c.cookies["sessionid"] = officer.cookie
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            resp = c.post(officer.entry_path, dict(_save_fields(season, officer)))
        if resp.status_code != 302:
            raise RuntimeError(f"save {officer.entry_path}: HTTP {resp.status_code}")
        load._after_save(officer)
        counts.append(len(ctx.captured_queries))
    return counts[-1]


def _save(season: Season, officer: load.Officer):
    csrf = get_random_string(32)
    body = urllib.parse.urlencode([("csrfmiddlewaretoken", csrf), *_save_fields(season, officer)]).encode()

    async def go():
        resp = await client.request(
            load.PORT, "POST", officer.entry_path, body=body,
            headers={"Cookie": f"sessionid={officer.cookie}; csrftoken={csrf}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        if resp.status == 302:
            load._after_save(officer)
        return resp

    return go()


# --- Sign-off, recompute, publication ---------------------------------------------------------


def sign_off_everything(season: Season) -> None:
    """Every draft signed off with its self-score as final (what the reviewers' season ends in),
    in SQL: the bench measures the recompute, not the appraisal."""
    ids = [r.pk for r in season.rounds]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "UPDATE assessments_indicatorvalue v SET final_points = v.self_points FROM assessments_submission s "
            "WHERE s.id = v.submission_id AND s.round_id = ANY(%s)", [ids],
        )
        cur.execute("UPDATE assessments_submission SET status = %s WHERE round_id = ANY(%s)", [SubmissionStatus.SIGNED_OFF, ids])
        Round.objects.filter(pk__in=ids).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


def season_recompute(season: Season, *, repeats: int = 3, log=print) -> dict:
    """The 69 rounds recomputed one after another, against the raw aggregate over the same rows;
    runs interleaved (so both see the same background load), after a warm-up."""
    ids = [r.pk for r in season.rounds]
    for rid in ids:  # warm-up: the first snapshot of every round
        recompute.full_recompute(rid)
        recompute.raw_aggregate(rid)
    full, raw = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        for rid in ids:
            recompute.raw_aggregate(rid)
        raw.append(time.perf_counter() - t)
        full.append(sum(recompute.full_recompute(rid) for rid in ids))
    out = {"recompute": statistics.median(full), "recompute_min": min(full), "raw": statistics.median(raw),
           "raw_min": min(raw), "runs": repeats, "rounds": len(ids), "units": season.units, "values": season.values}
    log(f"  season recompute, {len(ids)} rounds, {season.units:,} units: {out['recompute']:.2f} s (min {min(full):.2f})   "
        f"raw SUM…GROUP BY: {out['raw'] * 1000:.0f} ms (min {min(raw) * 1000:.0f})   ratio {out['recompute'] / out['raw']:.1f}×")
    return out


def _publish(rounds: list[Round], admin: User) -> None:
    for rnd in rounds:
        results_services.publish_round(round_id=rnd.pk, actor=admin)


def ranking_path(rnd: Round) -> str:
    if rnd.authority_id == Authority.national().pk:
        return reverse("results:ranking", args=[rnd.year, rnd.ranking_group])
    code = next(a.code for a in Authority.objects.filter(pk=rnd.authority_id))
    return reverse("results:authority_ranking", kwargs={"authority": code, "year": rnd.year, "group": rnd.ranking_group})


def _queries(c: Client, path: str) -> tuple[int, int]:
    """(queries, of which ranking-table queries) of one GET, which must answer 200."""
    with CaptureQueriesContext(connection) as ctx:
        resp = c.get(path)
    if resp.status_code != 200:
        raise RuntimeError(f"GET {path}: HTTP {resp.status_code}")
    return len(ctx.captured_queries), sum(1 for q in ctx.captured_queries if any(t in q["sql"] for t in RANKING_TABLES))


def _retire_cache() -> None:
    cache.set(PUBLIC_CACHE_VERSION_KEY, (cache.get(PUBLIC_CACHE_VERSION_KEY) or 0) + 1, None)


def publish_and_count(season: Season, *, log=print) -> dict:
    """Query counts of the public ranking pages with one provincial authority published, then
    with all of them; and every page of every authority from the cache once warm."""
    first, last = season.rounds[1], season.rounds[-1]
    public = Client()
    _publish([season.national, *[r for r in season.rounds if r.authority_id == first.authority_id]], season.admin)
    _retire_cache()
    one = {"national": _queries(public, ranking_path(season.national)), "first": _queries(public, ranking_path(first))}
    t = time.perf_counter()
    others = [r for r in season.rounds[1:] if r.authority_id != first.authority_id]
    _publish(others, season.admin)
    published = time.perf_counter() - t
    _retire_cache()
    every = {"national": _queries(public, ranking_path(season.national)), "first": _queries(public, ranking_path(first)),
             "last": _queries(public, ranking_path(last))}
    paths = [ranking_path(r) for r in season.rounds]
    for p in paths:
        _queries(public, p)  # warm every page
    cached = [_queries(public, p) for p in paths]
    out = {"one": one, "every": every, "paths": paths, "publish_s": published,
           "cached_max": max(q for q, _r in cached), "cached_ranking_queries": sum(r for _q, r in cached),
           "cached_pages": len(cached)}
    log(f"  queries ranking page, cold: national {one['national'][0]} → {every['national'][0]}, first province "
        f"{one['first'][0]} → {every['first'][0]} (1 → {len(season.authorities)} authorities published), last province "
        f"{every['last'][0]}; from the cache: ≤ {out['cached_max']} queries, {out['cached_ranking_queries']} ranking "
        f"queries over {len(cached)} pages; {len(others)} rounds published in {published:.1f} s")
    return out


# --- The part -------------------------------------------------------------------------------


def _raise_open_files() -> None:
    """1,000 sockets at once: the soft limit of open files up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4096:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(4096, hard), hard))


def run(*, log=print) -> dict:
    random.seed(18)
    _raise_open_files()
    season = build(log=log)
    t = time.perf_counter()
    savers = make_savers(season)
    log(f"  data: {len(savers):,} officers across {len({s.submission_id for s in savers}):,} drafts "
        f"(sessions, roles) in {time.perf_counter() - t:.1f} s")
    # A national officer's save and a province's (its last department or commune officer).
    out: dict = {"season": season, "save_queries": (save_queries(season, savers[0]), save_queries(season, savers[-1]))}
    log(f"  queries of a save: national officer {out['save_queries'][0]}, provincial officer {out['save_queries'][1]}")
    is_200 = lambda r: r.status == 200  # noqa: E731
    with load.Server(load.PORT):
        client.run("deadline (warm-up)", 5, lambda u, i: _save(season, savers[u]), lambda r: r.status == 302,
                   max_requests=5, max_seconds=30, per_user=1)
        hour = client.run(f"{SAVERS:,} officers saving", len(savers), lambda u, i: _save(season, savers[u]),
                          lambda r: r.status == 302, per_user=1, max_requests=len(savers), max_seconds=300)
        log("  " + hour.line() + (f"  first error: {hour.errors[0]}" if hour.errors else ""))
        out["deadline"] = hour
    log("  sign-off of every submission (SQL)")
    sign_off_everything(season)
    out["recompute"] = season_recompute(season, log=log)
    out["pages"] = publish_and_count(season, log=log)
    paths = out["pages"]["paths"]
    with load.Server(load.PORT):
        for name, make in (("floor (anonymous)", lambda u, i: load._get("/bench/floor/")),
                           ("every authority's ranking", lambda u, i: load._get(paths[(u * 7 + i) % len(paths)]))):
            client.run(f"{name} (warm-up)", 5, make, is_200, max_requests=len(paths), max_seconds=10)
            stats = client.run(name, 20, make, is_200, max_requests=1500, max_seconds=10)
            log("  " + stats.line() + (f"  first error: {stats.errors[0]}" if stats.errors else ""))
            out[name] = stats
    return out


def rows(out: dict) -> list[tuple[str, str, str, bool, str]]:
    r, pages, hour = out["recompute"], out["pages"], out["deadline"]
    floor, every = out["floor (anonymous)"], out["every authority's ranking"]
    one, all_ = pages["one"], pages["every"]
    n = len(out["season"].authorities)
    constant = one["national"][0] == all_["national"][0] and one["first"][0] == all_["first"][0] == all_["last"][0]
    national_save, provincial_save = out["save_queries"]
    return [
        ("Queries: save, national / provincial officer", f"{national_save} / {provincial_save}", "the same",
         national_save == provincial_save, ""),
        (f"Season recompute ({r['rounds']} rounds, {r['units']:,} units)",
         f"{r['recompute']:.2f} s vs raw {r['raw'] * 1000:.0f} ms ({r['recompute'] / r['raw']:.1f}×), "
         f"{r['values']:,} values", "< 10 s; ≤ 3× raw", r["recompute"] < 10 and r["recompute"] <= 3 * r["raw"], ""),
        (f"Deadline: {SAVERS:,} officers saving at once", f"{len(hour.latencies)} ok, {len(hour.errors)} errors, p95 {hour.p95:.1f} s, "
         f"{hour.rps:.0f} saves/s", "no error", not hour.errors and len(hour.latencies) == SAVERS, ""),
        ("Public ranking pages of every authority, cached",
         f"{pages['cached_pages']} pages: {pages['cached_ranking_queries']} ranking queries, ≤ {pages['cached_max']} queries each",
         "no ranking queries", pages["cached_ranking_queries"] == 0, ""),
        ("Queries: ranking page (cold) by authorities", f"national {one['national'][0]}/{all_['national'][0]}, "
         f"province {one['first'][0]}/{all_['first'][0]}/{all_['last'][0]} (1 / {n} provincial authorities published)", "constant in authorities",
         constant, ""),
        ("Every authority's ranking p95 at 20 users", f"{every.p95 * 1000:.0f} ms ({every.p95 / floor.p95:.1f}× anonymous floor "
         f"{floor.p95 * 1000:.0f} ms), {len(every.errors)} errors", "≤ 3× anonymous floor",
         every.p95 <= 3 * floor.p95 and not every.errors, ""),
    ]



def results_lines(out: dict) -> list[str]:
    """The season's section of RESULTS.md."""
    s, r, hour = out["season"], out["recompute"], out["deadline"]
    return [
        "## A season: 34 provinces running their own index (issue 18)",
        "",
        f"{len(s.authorities)} provincial authorities × ({DEPARTMENTS} departments + {COMMUNES} communes) and the national "
        f"round of {PROVINCES}: {s.units:,} units, {len(s.rounds)} rounds, {s.values:,} values; data in "
        f"{sum(s.timings.values()):.1f} s ({', '.join(f'{k} {v:.1f} s' for k, v in s.timings.items())}).",
        "",
        "| figure | value |",
        "|---|---|",
        f"| season recompute, {r['rounds']} rounds one after another (median of {r['runs']}) | {r['recompute']:.2f} s "
        f"(min {r['recompute_min']:.2f} s) |",
        f"| raw SUM…GROUP BY over the same rounds | {r['raw'] * 1000:.0f} ms (min {r['raw_min'] * 1000:.0f} ms) |",
        f"| {SAVERS:,} officers saving at once | {len(hour.latencies)} ok, {len(hour.errors)} errors, p50 {hour.p50:.1f} s, "
        f"p95 {hour.p95:.1f} s, {hour.rps:.0f} saves/s |",
        "",
    ]
