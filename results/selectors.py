"""Reads of the results app: ranking tables (published, provisional, history) and profiles.

Every table, whatever its source — a published portal round, a provisional snapshot or
imported history — comes out as the same `RankingTable`, so pages and exports have one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from accounts.models import RankingGroup, Unit
from assessments.models import Framework, Level, MainIndex, Pillar, Round, Submission

from . import reexpression
from .engine import previous_ranks
from .models import Publication, PublishedResult, RankingSnapshot, SnapshotEntry

MINISTRY_GROUPS = {RankingGroup.MINISTRIES_SERVICE, RankingGroup.MINISTRIES_OTHER}
# How long a published table stays cached; a new publication changes the key at once.
PUBLIC_CACHE_SECONDS = 3600


class Source:
    PUBLICATION = "publication"
    PROVISIONAL = "provisional"
    HISTORY = "history"


@dataclass(frozen=True)
class Column:
    code: str
    name: str
    max_points: Decimal | None = None


@dataclass(frozen=True)
class Closeout:
    unit: Unit
    reason: str


@dataclass
class RankingRow:
    unit: Unit
    dti: Decimal | None
    rank: int | None
    rank_change: int | None = None
    pillar_values: dict[str, Decimal | None] = field(default_factory=dict)
    pillar_ranks: dict[str, int | None] = field(default_factory=dict)
    main_values: dict[str, Decimal | None] = field(default_factory=dict)
    main_ranks: dict[str, int | None] = field(default_factory=dict)
    computed_dti: Decimal | None = None
    final_points: Decimal | None = None
    # Field codes ("dti", "rank", a pillar code…) whose value the engine computed because it
    # was not published: shown and exported marked as such.
    inferred: frozenset[str] = frozenset()
    # Re-expressed on the merged units from the predecessors' published results.
    reexpressed: bool = False
    predecessors: list[Unit] = field(default_factory=list)
    # A unit that did not submit, closed out "scored as is": ranked on what it entered,
    # unreviewed; marked on the page with the admin's reason.
    scored_as_is: bool = False
    closeout_reason: str = ""

    main_cells: list = field(default_factory=list)
    pillar_cells: list = field(default_factory=list)

    @property
    def inferred_codes(self) -> list[str]:
        return sorted(self.inferred)

    @property
    def predecessor_codes(self) -> list[str]:
        return [u.code for u in self.predecessors]


@dataclass
class RankingTable:
    year: int
    ranking_group: str
    source: str
    rows: list[RankingRow]
    main_columns: list[Column]
    pillar_columns: list[Column]
    framework: Framework | None = None
    round: Round | None = None
    publication: Publication | None = None
    snapshot: RankingSnapshot | None = None
    framework_decision: str = ""
    # Units of the round that did not submit and were excluded: listed, never ranked.
    excluded: list[Closeout] = field(default_factory=list)

    def __post_init__(self):
        # Cells in column order, so templates iterate without lookups.
        for r in self.rows:
            r.main_cells = [(c, r.main_values.get(c.code), r.main_ranks.get(c.code)) for c in self.main_columns]
            r.pillar_cells = [(c, r.pillar_values.get(c.code), r.pillar_ranks.get(c.code)) for c in self.pillar_columns]

    @property
    def side_lists(self) -> list[tuple[str, list]]:
        """The four lists side by side: DTI, then each pillar that has published ranks."""
        lists = [("DTI", [(r.rank, r.unit, r.dti) for r in self.rows])]
        lists += [(c.name, self.ranked_by_pillar(c.code)) for c in self.pillar_columns if self.has_pillar_list(c.code)]
        return lists

    @property
    def group_label(self) -> str:
        return RankingGroup(self.ranking_group).label

    @property
    def reexpressed(self) -> bool:
        return any(r.reexpressed for r in self.rows)

    @property
    def scored_as_is(self) -> list[RankingRow]:
        return [r for r in self.rows if r.scored_as_is]

    def row_for(self, unit_code: str) -> RankingRow | None:
        return next((r for r in self.rows if r.unit.code == unit_code), None)

    def ranked_by_pillar(self, code: str) -> list[tuple[int | None, Unit, Decimal | None]]:
        """One of the side-by-side lists: units ordered by the pillar's rank."""
        items = [(r.pillar_ranks.get(code), r.unit, r.pillar_values.get(code)) for r in self.rows]
        return sorted(items, key=lambda t: (t[0] is None, t[0] or 0, t[1].name))

    def has_pillar_list(self, code: str) -> bool:
        return any(r.pillar_ranks.get(code) is not None for r in self.rows)

    def average_main(self) -> dict[str, Decimal]:
        out = {}
        for c in self.main_columns:
            values = [r.main_values[c.code] for r in self.rows if r.main_values.get(c.code) is not None]
            if values:
                out[c.code] = sum(values, Decimal(0)) / len(values)
        return out

    def average_dti(self) -> Decimal | None:
        values = [r.dti for r in self.rows if r.dti is not None]
        return sum(values, Decimal(0)) / len(values) if values else None


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _columns(framework: Framework | None, *, main_codes=(), pillar_codes=()) -> tuple[list[Column], list[Column]]:
    if framework is None:
        return [Column(c, c) for c in main_codes], [Column(c, c) for c in pillar_codes]
    mains = [
        Column(m.code, m.name_vi, m.max_points)
        for m in MainIndex.objects.filter(framework=framework, max_points__gt=0).order_by("order")
    ]
    pillars = [Column(p.code, p.name_vi) for p in Pillar.objects.filter(framework=framework).order_by("order")]
    return mains, pillars


def _rows_from_entries(entries) -> list[RankingRow]:
    return [
        RankingRow(
            unit=e.unit,
            dti=e.dti,
            rank=e.dti_rank,
            rank_change=e.rank_change,
            pillar_values={k: _dec(v) for k, v in e.pillar_values.items()},
            pillar_ranks=e.pillar_ranks,
            main_values={k: _dec(v) for k, v in e.main_values.items()},
            main_ranks=e.main_ranks,
            final_points=e.final_points,
        )
        for e in entries
    ]


def _snapshot_table(snapshot: RankingSnapshot, rnd: Round, group: str, source: str, publication=None) -> RankingTable:
    entries = SnapshotEntry.objects.filter(snapshot=snapshot, ranking_group=group).select_related("unit")
    mains, pillars = _columns(rnd.framework)
    rows = _rows_from_entries(entries)
    return RankingTable(
        year=rnd.year, ranking_group=group, source=source, rows=rows,
        main_columns=mains, pillar_columns=pillars, framework=rnd.framework, round=rnd,
        publication=publication, snapshot=snapshot, excluded=_mark_closeouts(rnd, group, rows),
    )


def _mark_closeouts(rnd: Round, group: str, rows: list[RankingRow]) -> list[Closeout]:
    """Mark the rows of units closed out "scored as is" and return the excluded units, for the
    round's own group (the 34-unit re-expression of a 63-unit round ranks merged units, whose
    predecessors' close-outs it does not carry). One query. Read from the submissions, not the
    snapshot: a close-out is final and publication waits for every one, so what is read is what
    was published."""
    if group != rnd.ranking_group:
        return []
    closed = (
        Submission.objects.filter(round=rnd).exclude(closeout_kind="").select_related("unit").order_by("unit__name")
    )
    by_unit = {r.unit.pk: r for r in rows}
    excluded = []
    for sub in closed:
        if sub.is_excluded:
            excluded.append(Closeout(unit=sub.unit, reason=sub.closeout_reason))
        elif sub.scored_as_is and sub.unit_id in by_unit:
            by_unit[sub.unit_id].scored_as_is = True
            by_unit[sub.unit_id].closeout_reason = sub.closeout_reason
    return excluded


def _published_round(year: int, group: str, *, light: bool = False) -> Publication | None:
    """The active publication of a year and group, with its round, framework and snapshot; or,
    `light`, only what a cache key needs (id, version, time), for every cached public page."""
    # The 34-unit re-expression of a 63-unit round lives in that round's snapshot.
    groups = [group, RankingGroup.PROVINCES_63] if group == RankingGroup.PROVINCES_34 else [group]
    publications = (
        Publication.objects.only("pk", "version", "published_at", "snapshot_id")
        if light
        else Publication.objects.select_related("round__framework", "snapshot")
    )
    for g in groups:
        pub = publications.filter(is_active=True, round__year=year, round__ranking_group=g).first()
        if pub and (g == group or SnapshotEntry.objects.filter(snapshot_id=pub.snapshot_id, ranking_group=group).exists()):
            return pub
    return None


def public_cache_key(page: str, *, year: int, ranking_group: str, language: str) -> str | None:
    """Cache key of a public page built from a portal publication, or None (not cached).

    Keyed by the active publication (id, version, time: a republication or a withdrawal
    changes it) and by the public cache version that publishing bumps, so a cached table is
    never served for another publication. Imported history is not cached: it is small, and
    an import does not bump the version. One query (the publication lookup).
    """
    from django.core.cache import cache

    from .services import PUBLIC_CACHE_VERSION_KEY

    if ranking_group not in RankingGroup.values:
        return None
    pub = _published_round(year, ranking_group, light=True)
    if pub is None:
        return None
    version = cache.get(PUBLIC_CACHE_VERSION_KEY, 0)
    stamp = f"{pub.pk}.{pub.version}.{pub.published_at.timestamp()}"
    return f"results:{page}:{version}:{stamp}:{year}:{ranking_group}:{language}"


def public_table(*, year: int, ranking_group: str) -> RankingTable | None:
    """The published table of a year and group: a portal publication, else imported history."""
    pub = _published_round(year, ranking_group)
    if pub is not None:
        return _snapshot_table(pub.snapshot, pub.round, ranking_group, Source.PUBLICATION, publication=pub)
    return history_table(year=year, ranking_group=ranking_group)


def _inferred(r: PublishedResult) -> frozenset[str]:
    """What of an imported result the engine computed rather than the source published."""
    fields = {code for code in r.computed_pillar_values if code not in r.pillar_values}
    if r.dti is None and r.computed_dti is not None:
        fields.add("dti")
    if r.rank is None and r.computed_rank is not None:
        fields.add("rank")
    return frozenset(fields)


def _reexpressed_rows(year: int, ranking_group: str, *, skip: set[int]) -> list[RankingRow]:
    if ranking_group != RankingGroup.PROVINCES_34:
        return []
    from assessments.ranking import rank_change

    found = reexpression.reexpressed_results(years=[year - 1, year])
    previous = {u: r.rank for u, r in found.get(year - 1, {}).items()} or previous_ranks(
        year=year - 1, ranking_group=ranking_group
    )
    return [
        RankingRow(
            unit=r.unit, dti=r.dti, rank=r.rank, rank_change=rank_change(previous.get(unit_id), r.rank),
            pillar_values=dict(r.pillar_values), pillar_ranks=dict(r.pillar_ranks), main_values=dict(r.main_values),
            reexpressed=True, predecessors=r.predecessors,
        )
        for unit_id, r in found.get(year, {}).items()
        if unit_id not in skip
    ]


def history_table(*, year: int, ranking_group: str) -> RankingTable | None:
    """Imported history of a year and group; for the 34 units, the 63-unit years re-expressed
    on them (see results.reexpression), each row marked."""
    results = list(
        PublishedResult.objects.filter(year=year, ranking_group=ranking_group).select_related("unit")
    )
    previous = previous_ranks(year=year - 1, ranking_group=ranking_group)
    from assessments.ranking import rank_change

    rows = [
        RankingRow(
            unit=r.unit,
            dti=r.best_dti,
            rank=r.best_rank,
            rank_change=rank_change(previous.get(r.unit_id), r.best_rank),
            pillar_values={k: _dec(v) for k, v in {**r.computed_pillar_values, **r.pillar_values}.items()},
            pillar_ranks=r.pillar_ranks,
            main_values={k: _dec(v) for k, v in r.main_values.items()},
            computed_dti=r.computed_dti,
            inferred=_inferred(r),
        )
        for r in results
    ]
    rows += _reexpressed_rows(year, ranking_group, skip={r.unit_id for r in results})
    if not rows:
        return None
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.unit.name))
    decision = results[0].framework_decision if results else ""
    if not decision:
        decision = PublishedResult.objects.filter(year=year).values_list("framework_decision", flat=True).first() or ""
    level = Level.MINISTRY if ranking_group in MINISTRY_GROUPS else Level.PROVINCE
    framework = Framework.objects.filter(decision=decision, level=level).first()
    main_codes = list(dict.fromkeys(c for r in rows for c in r.main_values))
    mains, pillars = _columns(framework, main_codes=main_codes, pillar_codes=["CQS", "KTS", "XHS"])
    return RankingTable(
        year=year, ranking_group=ranking_group, source=Source.HISTORY, rows=rows,
        main_columns=mains, pillar_columns=pillars, framework=framework, framework_decision=decision,
    )


def provisional_table(*, rnd: Round, ranking_group: str | None = None) -> RankingTable | None:
    snapshot = RankingSnapshot.objects.filter(round=rnd, is_current=True).first()
    if snapshot is None:
        return None
    return _snapshot_table(snapshot, rnd, ranking_group or rnd.ranking_group, Source.PROVISIONAL)


def available_tables() -> list[tuple[int, str]]:
    """(year, group) pairs with public results, newest first: the year selector."""
    pairs = set(PublishedResult.objects.values_list("year", "ranking_group").distinct())
    # 63-unit years without 34-unit figures are re-expressed on the 34 (when any unit can be).
    old_years = {y for y, g in pairs if g == RankingGroup.PROVINCES_63} - {
        y for y, g in pairs if g == RankingGroup.PROVINCES_34
    }
    if old_years:
        pairs |= {(y, RankingGroup.PROVINCES_34) for y in reexpression.reexpressed_results(years=old_years)}
    for year, group in Publication.objects.filter(is_active=True).values_list("round__year", "round__ranking_group"):
        pairs.add((year, group))
    for year, group in SnapshotEntry.objects.filter(snapshot__publications__is_active=True).values_list(
        "snapshot__round__year", "ranking_group"
    ).distinct():
        pairs.add((year, group))
    return sorted(pairs, key=lambda p: (-p[0], p[1]))


def unit_history(*, unit: Unit, ranking_group: str) -> list[dict]:
    """A unit's published DTI and rank across years (portal publications and history); for a
    merged unit, the years before the merger re-expressed from its predecessors (marked)."""
    by_year: dict[int, dict] = {}
    for r in PublishedResult.objects.filter(unit=unit, ranking_group=ranking_group):
        by_year[r.year] = {"year": r.year, "dti": r.best_dti, "rank": r.best_rank, "inferred": sorted(_inferred(r))}
    for e in SnapshotEntry.objects.filter(
        unit=unit, ranking_group=ranking_group, snapshot__publications__is_active=True
    ).select_related("snapshot__round"):
        by_year[e.snapshot.round.year] = {"year": e.snapshot.round.year, "dti": e.dti, "rank": e.dti_rank, "inferred": []}
    if ranking_group == RankingGroup.PROVINCES_34:
        for year, results in reexpression.reexpressed_results(unit=unit).items():
            r = results[unit.pk]
            by_year.setdefault(year, {
                "year": year, "dti": r.dti, "rank": r.rank, "inferred": [], "reexpressed": True,
                "predecessors": ", ".join(p.name for p in r.predecessors),
            })
    history = [{"reexpressed": False, "predecessors": "", **by_year[y]} for y in sorted(by_year)]
    from assessments.ranking import rank_change

    for prev, cur in zip([None, *history], history, strict=False):
        cur["change"] = rank_change(prev["rank"], cur["rank"]) if prev and prev["year"] == cur["year"] - 1 else None
    return history


def predecessor_history(*, unit: Unit, ranking_group: str, history: list[dict]) -> list[dict]:
    """A merged unit's predecessors' own published results, for the years its history cannot
    be re-expressed (some predecessor published a rank only): shown beside it, not averaged."""
    if ranking_group != RankingGroup.PROVINCES_34:
        return []
    shown = {h["year"] for h in history}
    results = PublishedResult.objects.filter(
        unit__in=unit.predecessors.all(), ranking_group=RankingGroup.PROVINCES_63
    ).select_related("unit").order_by("year", "unit__name")
    return [
        {"year": r.year, "unit": r.unit, "dti": r.best_dti, "rank": r.best_rank, "inferred": sorted(_inferred(r))}
        for r in results
        if r.year not in shown
    ]
