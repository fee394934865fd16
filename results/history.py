"""Published history: import a CSV of published results, computing what the engine can.

The file is shaped like seeds/data/published-results.csv: year, framework (decision),
ranking_group (63, 34 or a RankingGroup value), gso_code and/or unit (code or name), and
whichever of rank, dti, pillar values (cqs, kts, xhs) and ranks (rank_cqs…), main-index
values (nts … hd_xhs) and source are published. Published figures are kept as published;
the engine's figures are stored beside them (`computed_*`).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import PROVINCIAL_GROUPS, Interface, RankingGroup, Unit, UnitLineage
from accounts.services import find_unit
from assessments import ranking, scoring
from assessments.models import Framework, Level

from .engine import fmt4, structure_for
from .models import PublishedResult

# CSV column → main-index code of the 922 / 405 provincial frameworks.
MAIN_INDEX_COLUMNS = {
    "nts": "NTS",
    "tcs": "TCS",
    "hts": "HTS",
    "nls": "NLS",
    "atttm": "ATTT",
    "attt": "ATTT",
    "hd_cqs": "HDCQS",
    "hd_kts": "HDKTS",
    "hd_xhs": "HDXHS",
}
PILLAR_COLUMNS = {"cqs": "CQS", "kts": "KTS", "xhs": "XHS"}
# Imported history is the national Authority's (issue 18): a province's groups (its departments,
# its communes) are ranked only by its own published rounds, never imported.
GROUP_ALIASES = {
    "63": RankingGroup.PROVINCES_63, "34": RankingGroup.PROVINCES_34,
    **{g.value: g.value for g in RankingGroup if g not in PROVINCIAL_GROUPS},
}
MINISTRY_GROUPS = {RankingGroup.MINISTRIES_SERVICE, RankingGroup.MINISTRIES_OTHER}


class ImportFileError(ValueError):
    """The file cannot be imported; `problems` lists every problem (line: message)."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    year: int
    decision: str
    group: str
    unit: Unit
    rank: int | None
    dti: Decimal | None
    pillars: dict[str, Decimal] = field(default_factory=dict)
    pillar_ranks: dict[str, int] = field(default_factory=dict)
    mains: dict[str, Decimal] = field(default_factory=dict)
    source: str = ""
    computed_dti: Decimal | None = None
    computed_pillars: dict[str, Decimal | None] = field(default_factory=dict)


def _decimal(raw: str, line: int, column: str, problems: list[str]) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
        if not value.is_finite():  # NaN would raise on the range comparison below
            raise InvalidOperation
    except InvalidOperation:
        problems.append(_("dòng %(line)d: cột %(col)s: “%(raw)s” không phải là số") % {"line": line, "col": column, "raw": raw})
        return None
    if not (0 <= value <= 1):
        problems.append(_("dòng %(line)d: cột %(col)s: giá trị phải trong khoảng 0–1") % {"line": line, "col": column})
        return None
    return value


def _int(raw: str, line: int, column: str, problems: list[str]) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        problems.append(_("dòng %(line)d: cột %(col)s: “%(raw)s” không phải là thứ hạng hợp lệ") % {"line": line, "col": column, "raw": raw})
        return None
    return int(raw)


def parse_rows(text: str) -> list[Row]:
    """Parse and check every row; raise ImportFileError listing all problems."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"year", "framework", "ranking_group"} - set(reader.fieldnames or [])
    if missing or not ({"gso_code", "unit", "unit_code"} & set(reader.fieldnames or [])):
        raise ImportFileError([_("Tệp thiếu cột bắt buộc: year, framework, ranking_group và gso_code hoặc unit.")])
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[tuple, int] = {}
    for line, raw in enumerate(reader, start=2):
        year_text = (raw.get("year") or "").strip()
        group = GROUP_ALIASES.get((raw.get("ranking_group") or "").strip())
        if not year_text.isdigit() or not (2000 <= int(year_text) <= 2100):
            problems.append(_("dòng %(line)d: năm “%(v)s” không hợp lệ") % {"line": line, "v": year_text})
            continue
        if group is None:
            problems.append(_("dòng %(line)d: nhóm xếp hạng “%(v)s” không hợp lệ (63, 34, bo-dvc, bo-khac)") % {"line": line, "v": raw.get("ranking_group")})
            continue
        unit = None
        for key in ("unit_code", "gso_code", "unit"):
            if (raw.get(key) or "").strip():
                unit = find_unit(code_or_name=raw[key], ranking_group=group)
                if unit:
                    break
        if unit is None:
            label = raw.get("unit") or raw.get("gso_code") or raw.get("unit_code") or ""
            problems.append(_("dòng %(line)d: không tìm thấy đơn vị “%(v)s” trong nhóm %(g)s") % {"line": line, "v": label, "g": group})
            continue
        key = (int(year_text), group, unit.pk)
        if key in seen:
            problems.append(_("dòng %(line)d: %(unit)s năm %(year)s đã có ở dòng %(prev)d") % {"line": line, "unit": unit.name, "year": year_text, "prev": seen[key]})
            continue
        seen[key] = line
        row = Row(
            line=line,
            year=int(year_text),
            decision=(raw.get("framework") or "").strip(),
            group=group,
            unit=unit,
            rank=_int(raw.get("rank"), line, "rank", problems),
            dti=_decimal(raw.get("dti"), line, "dti", problems),
            source=(raw.get("source") or "").strip()[:255],
        )
        for column, code in PILLAR_COLUMNS.items():
            value = _decimal(raw.get(column), line, column, problems)
            if value is not None:
                row.pillars[code] = value
            rank = _int(raw.get(f"rank_{column}"), line, f"rank_{column}", problems)
            if rank is not None:
                row.pillar_ranks[code] = rank
        for column, code in MAIN_INDEX_COLUMNS.items():
            value = _decimal(raw.get(column), line, column, problems)
            if value is not None:
                row.mains[code] = value
        rows.append(row)
    if problems:
        raise ImportFileError(problems)
    return rows


def _framework(decision: str, group: str) -> Framework | None:
    level = Level.MINISTRY if group in MINISTRY_GROUPS else Level.PROVINCE
    return Framework.objects.filter(decision=decision, level=level).first()


def _compute(rows: list[Row]) -> list[str]:
    """Fill computed_* with the engine; returns warnings (e.g. a framework not loaded)."""
    warnings: list[str] = []
    structures: dict[tuple[str, str], scoring.FrameworkStructure | None] = {}
    for row in rows:
        key = (row.decision, row.group)
        if key not in structures:
            fw = _framework(row.decision, row.group)
            structures[key] = structure_for(fw) if fw else None
            if fw is None:
                warnings.append(_("Chưa nạp bộ chỉ số %(d)s: chỉ lưu số liệu công bố, không tính lại.") % {"d": row.decision})
        structure = structures[key]
        if structure is None:
            continue
        if row.mains:
            result = scoring.unit_result_from_main_values(structure, row.mains, unit=row.unit.code)
            row.computed_dti, row.computed_pillars = result.dti, dict(result.pillars)
        elif row.pillars:
            result = scoring.unit_result_from_published(structure, unit=row.unit.code, pillar_values=row.pillars)
            row.computed_dti = result.dti
    _compute_merged(rows, structures)
    return warnings


def _compute_merged(rows: list[Row], structures) -> None:
    """34-unit rows without their own values: the merger rule over the predecessors' results
    of the same year (from this file or already imported)."""
    merged = [r for r in rows if r.group == RankingGroup.PROVINCES_34 and r.computed_dti is None and not r.mains]
    if not merged:
        return
    lineage = defaultdict(list)
    for link in UnitLineage.objects.filter(successor__in=[r.unit for r in merged]).values("successor_id", "predecessor_id"):
        lineage[link["successor_id"]].append(link["predecessor_id"])
    old = {(r.year, r.unit.pk): r for r in rows if r.group == RankingGroup.PROVINCES_63}
    for stored in PublishedResult.objects.filter(
        ranking_group=RankingGroup.PROVINCES_63, unit_id__in=[p for ps in lineage.values() for p in ps]
    ):
        old.setdefault(
            (stored.year, stored.unit_id),
            Row(line=0, year=stored.year, decision=stored.framework_decision, group=stored.ranking_group, unit=stored.unit,
                rank=stored.rank, dti=stored.dti, mains={k: Decimal(v) for k, v in stored.main_values.items()},
                computed_dti=stored.computed_dti),
        )
    for row in merged:
        preds = [old.get((row.year, p)) for p in sorted(lineage.get(row.unit.pk, []))]
        if not preds or any(p is None for p in preds):
            continue
        structure = structures.get((row.decision, row.group))
        if structure is not None and all(p.mains for p in preds):
            result = scoring.merged_unit_result(structure, [p.mains for p in preds], unit=row.unit.code)
            row.computed_dti, row.computed_pillars = result.dti, dict(result.pillars)
            continue
        dtis = [p.dti if p.dti is not None else p.computed_dti for p in preds]
        if all(d is not None for d in dtis):
            # Only DTIs are published: both aggregations are linear in the main-index values,
            # so the DTI of the mean main-index values is the mean of the DTIs. The engine's
            # merger mean is applied to the DTI as a single "index".
            row.computed_dti = scoring.merge_main_index_values([{"DTI": d} for d in dtis])["DTI"]


@transaction.atomic
def import_published_results(*, text: str, actor=None, filename: str = "", interface: str = Interface.IMPORT) -> dict:
    """Load published results; all or nothing. Returns counts and warnings."""
    rows = parse_rows(text)
    warnings = _compute(rows)
    created = updated = 0
    for row in rows:
        _, was_created = PublishedResult.objects.update_or_create(
            year=row.year,
            ranking_group=row.group,
            unit=row.unit,
            defaults={
                "framework_decision": row.decision,
                "rank": row.rank,
                "dti": row.dti,
                "pillar_values": {k: fmt4(v) for k, v in row.pillars.items()},
                "pillar_ranks": row.pillar_ranks,
                "main_values": {k: fmt4(v) for k, v in row.mains.items()},
                "computed_dti": scoring.round4(row.computed_dti),
                "computed_pillar_values": {k: fmt4(v) for k, v in row.computed_pillars.items() if v is not None},
                "source": row.source,
            },
        )
        created += was_created
        updated += not was_created
    for year, group in {(r.year, r.group) for r in rows}:
        _rank_if_complete(year, group)
    audit.record(
        action="results.import_history",
        actor=actor,
        new={"created": created, "updated": updated},
        note=filename,
        interface=interface,
    )
    return {"created": created, "updated": updated, "warnings": warnings}


def _rank_if_complete(year: int, group: str) -> None:
    """Computed ranks only when the whole group has a DTI: a rank among part of it is wrong."""
    results = list(PublishedResult.objects.filter(year=year, ranking_group=group))
    complete = len(results) == Unit.objects.filter(ranking_group=group).count() and all(
        r.best_dti is not None for r in results
    )
    ranks = ranking.competition_ranks({r.unit_id: r.best_dti for r in results}) if complete else {}
    for r in results:
        if r.computed_rank != ranks.get(r.unit_id):
            PublishedResult.objects.filter(pk=r.pk).update(computed_rank=ranks.get(r.unit_id))


def import_file(path: str | Path, **kwargs) -> dict:
    return import_published_results(text=Path(path).read_text(encoding="utf-8"), filename=str(path), **kwargs)
