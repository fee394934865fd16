"""Charts of the province report as inline SVG, drawn on the server (no browser, no script).

The report is HTML rendered to PDF by WeasyPrint, which draws SVG but runs no JavaScript, so
the page's Chart.js charts are redrawn here from the same data (analysis.radar_data and
selectors.unit_history). Every label is laid out by hand: category names wrap on word
boundaries, the rank axis has whole, distinct ranks only, rank 1 on top.
"""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formatting

UNIT, AVERAGE, BEST = "#0d6efd", "#adb5bd", "#198754"
FONT = 'font-family="DejaVu Sans, Noto Sans, sans-serif"'


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Words into at most `lines` lines of about `width` characters; the last one ellipsed."""
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(width - 1, 1)].rstrip() + "…"
    return [line if len(line) <= width + 2 else line[: width + 1] + "…" for line in out]


def _text(x, y, text, *, size=10, anchor="middle", weight="normal", fill="#212529") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
        f'fill="{fill}" {FONT}>{escape(text)}</text>'
    )


def main_index_bars(radar: dict | None) -> SafeString:
    """Grouped bars: the unit, the average and the best unit on each main index (0–1)."""
    if not radar or not radar.get("labels"):
        return mark_safe("")
    labels = radar["labels"]
    average_label = radar.get("average_label") or _("Trung bình")  # with its base (partial history)
    series = [(radar["unit_name"], UNIT, radar["unit"]), (average_label, AVERAGE, radar["average"])]
    if radar.get("best") and radar["best_name"] != radar["unit_name"]:
        series.append((radar["best_name"], BEST, radar["best"]))
    width, height = 680, 300
    left, right, top, bottom = 44, 8, 34, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img">']
    for i in range(6):  # 0, 0.2 … 1.0
        value = Decimal(i) / 5
        y = top + plot_h * (1 - float(value))
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="0.8"/>')
        parts.append(_text(left - 6, y + 3.5, formatting.number(value, 1), size=9, anchor="end"))
    group_w = plot_w / len(labels)
    bar_w = min(group_w * 0.8 / len(series), 26)
    for g, label in enumerate(labels):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, (_name, color, values) in enumerate(series):
            value = max(0.0, min(1.0, float(values[g] or 0)))
            h = plot_h * value
            parts.append(
                f'<rect x="{x0 + s * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{color}"/>'
            )
        chars = max(int(group_w / 6.2), 6)
        for n, line in enumerate(wrap(label, chars, 3)):
            parts.append(_text(left + g * group_w + group_w / 2, top + plot_h + 14 + n * 11, line, size=9))
    x = left
    for name, color, _values in series:  # the legend, one line above the plot
        parts.append(f'<rect x="{x}" y="8" width="11" height="11" fill="{color}"/>')
        label = wrap(name, 48, 1)[0]  # "Trung bình của 5 tỉnh, thành phố có số liệu"
        parts.append(_text(x + 15, 17.5, label, size=10, anchor="start"))
        x += 15 + 6.3 * len(label) + 20
    parts.append("</svg>")
    return mark_safe("".join(parts))


def rank_ticks(lowest: int, highest: int, *, count: int = 5) -> list[int]:
    """Whole, distinct ranks for the axis: the best rank, round multiples between, the worst;
    about `count` of them, none closer to its neighbour than half a step."""
    if highest <= lowest:
        return [lowest]
    raw = (highest - lowest) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    ticks = [lowest]
    ticks += [t for t in range(step * math.ceil(lowest / step), highest + 1, step) if t - lowest >= step / 2]
    if highest - ticks[-1] >= step / 2:
        ticks.append(highest)
    return ticks


def _polyline(points, x_of, y_of, color: str) -> list[str]:
    """Segments between consecutive points (dashed towards or from a re-expressed year), then
    the points (hollow when re-expressed)."""
    parts = []
    for prev, cur in zip(points, points[1:], strict=False):
        dash = ' stroke-dasharray="5 4"' if cur["reexpressed"] or prev["reexpressed"] else ""
        parts.append(
            f'<line x1="{x_of[prev["year"]]:.1f}" y1="{y_of(prev["v"]):.1f}" x2="{x_of[cur["year"]]:.1f}" '
            f'y2="{y_of(cur["v"]):.1f}" stroke="{color}" stroke-width="2"{dash}/>'
        )
    for p in points:
        fill = "#ffffff" if p["reexpressed"] else color
        parts.append(f'<circle cx="{x_of[p["year"]]:.1f}" cy="{y_of(p["v"]):.1f}" r="4" fill="{fill}" stroke="{color}" stroke-width="1.5"/>')
    return parts


def rank_history(history: list[dict]) -> SafeString:
    """Rank (left axis, rank 1 on top, whole ranks) and DTI (right axis, 0–1) by year, as on
    the profile page; re-expressed years hollow, joined by dashes."""
    years = [h for h in history if h.get("rank") is not None or h.get("dti") is not None]
    if len(years) < 2:
        return mark_safe("")
    ranked = [{"year": h["year"], "v": h["rank"], "reexpressed": h.get("reexpressed", False)} for h in years if h.get("rank") is not None]
    valued = [{"year": h["year"], "v": float(h["dti"]), "reexpressed": h.get("reexpressed", False)} for h in years if h.get("dti") is not None]
    width, height = 680, 230
    left, right, top, bottom = 44, 44, 28, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    x_step = plot_w / (len(years) - 1)
    x_of = {h["year"]: left + i * x_step for i, h in enumerate(years)}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="chart" role="img">']
    if ranked:
        ranks = [p["v"] for p in ranked]
        ticks = rank_ticks(min(ranks), max(ranks))
        lo, hi = min(ticks[0], min(ranks)), max(ticks[-1], max(ranks))

        def y_rank(r):
            return top + plot_h * (r - lo) / (hi - lo) if hi > lo else top + plot_h / 2

        for t in ticks:
            y = y_rank(t)
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="0.8"/>')
            parts.append(_text(left - 6, y + 3.5, str(t), size=9, anchor="end"))
        parts += _polyline(ranked, x_of, y_rank, UNIT)
        for p in ranked:  # the last year's label left of its point, clear of the DTI axis
            last = p["year"] == years[-1]["year"]
            x = x_of[p["year"]] + (-7 if last else 7)
            parts.append(_text(x, y_rank(p["v"]) - 6, str(p["v"]), size=9, anchor="end" if last else "start", fill=UNIT))

    def y_dti(v):
        return top + plot_h * (1 - max(0.0, min(1.0, v)))

    for i in range(6):
        value = Decimal(i) / 5
        parts.append(_text(width - right + 6, y_dti(float(value)) + 3.5, formatting.number(value, 1), size=9, anchor="start", fill=BEST))
    parts += _polyline(valued, x_of, y_dti, BEST)
    for h in years:
        parts.append(_text(x_of[h["year"]], height - 10, str(h["year"]), size=9))
    x = left
    for name, color in ((_("Hạng"), UNIT), ("DTI", BEST)):
        parts.append(f'<rect x="{x}" y="6" width="11" height="11" fill="{color}"/>')
        parts.append(_text(x + 15, 15.5, name, size=10, anchor="start"))
        x += 15 + 6.3 * len(name) + 20
    parts.append("</svg>")
    return mark_safe("".join(parts))
