"""Reads of the results app: ranking tables (published, provisional, history) and profiles.

Every table, whatever its source — a published portal round, a provisional snapshot or
imported history — comes out as the same `RankingTable`, so pages and exports have one shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.models import PROVINCIAL_GROUPS, Authority, RankingGroup, Unit
from assessments.models import Framework, Level, MainIndex, Pillar, Round, Submission
from assessments.scoring import round4
from core.collation import by_name, sort_key

from . import authorities, partial, reexpression
from .engine import previous_ranks
from .models import Publication, PublishedResult, RankingSnapshot, SnapshotEntry

MINISTRY_GROUPS = {RankingGroup.MINISTRIES_SERVICE, RankingGroup.MINISTRIES_OTHER}
PROVINCIAL_NOUNS = {RankingGroup.DEPARTMENTS: _lazy("sở, ban, ngành"), RankingGroup.COMMUNES: _lazy("xã, phường, đặc khu")}
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
    # Partial history (results.partial): where the source gave no rank, the ranks the unit
    # can have; the run of official ranks no unit of the table holds, shown before this row;
    # where the figures come from.
    rank_range: partial.RankRange | None = None
    gap_before: tuple[int, int] | None = None
    sources: tuple[str, ...] = ()
    rank_of: int | None = None  # the N of "rank X/N", set by the table for a row with a rank
    # A unit that did not submit, closed out "scored as is": ranked on what it entered,
    # unreviewed; marked on the page with the admin's reason.
    scored_as_is: bool = False
    closeout_reason: str = ""
    # A provincial authority's unit: the national indicators its figures went into (issue 18).
    contribution: authorities.Contribution | None = None

    main_cells: list = field(default_factory=list)
    pillar_cells: list = field(default_factory=list)

    @property
    def inferred_codes(self) -> list[str]:
        return sorted(self.inferred)

    @property
    def predecessor_codes(self) -> list[str]:
        return [u.code for u in self.predecessors]

    @property
    def source(self) -> str:
        return "; ".join(self.sources)

    @property
    def rank_from(self) -> int | None:
        return self.rank_range.low if self.rank_range else None

    @property
    def rank_to(self) -> int | None:
        return self.rank_range.high if self.rank_range else None

    @property
    def predecessor_names(self) -> str:
        return ", ".join(u.name for u in self.predecessors)


@dataclass(frozen=True)
class ListEntry:
    """A line of a side-by-side list (DTI or a pillar): rank or possible ranks, unit, value."""

    unit: Unit
    rank: int | None
    value: Decimal | None
    rank_range: partial.RankRange | None = None
    gap_before: tuple[int, int] | None = None


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
    # Units of the ranking group; with `coverage` (set when published history holds only part
    # of the group or of its figures) the rows are placed by results.partial.
    group_size: int | None = None
    coverage: partial.Coverage | None = None
    trailing_gap: tuple[int, int] | None = None
    # Units of the round that did not submit and were excluded: listed, never ranked.
    excluded: list[Closeout] = field(default_factory=list)
    # The provincial Authority whose round this is; None: the national Authority's (or history).
    authority: Authority | None = None

    def __post_init__(self):
        # Cells in column order, so templates iterate without lookups.
        for r in self.rows:
            r.main_cells = [(c, r.main_values.get(c.code), r.main_ranks.get(c.code)) for c in self.main_columns]
            r.pillar_cells = [(c, r.pillar_values.get(c.code), r.pillar_ranks.get(c.code)) for c in self.pillar_columns]
        rank_of = self.rank_of
        for r in self.rows:
            r.rank_of = rank_of if r.rank is not None or r.rank_range is not None else None

    @cached_property
    def side_lists(self) -> list[tuple[str, list[ListEntry], tuple[int, int] | None]]:
        """The four lists side by side: DTI, then each pillar that has published ranks; each
        with the hole after its last entry (partial history)."""
        dti = [ListEntry(r.unit, r.rank, r.dti, r.rank_range, r.gap_before) for r in self.rows]
        lists = [("DTI", dti, self.trailing_gap)]
        lists += [(c.name, *self.ranked_by_pillar(c.code)) for c in self.pillar_columns if self.has_pillar_list(c.code)]
        return lists

    @property
    def rank_of(self) -> int:
        """The N of "rank X/N": the whole group for published history (its ranks are the
        official ranks in the group, however few units the table holds); the units ranked
        for a portal round."""
        if self.source == Source.HISTORY and self.group_size:
            return self.group_size
        return sum(1 for r in self.rows if r.rank is not None)

    @property
    def unit_noun(self) -> str:
        if self.ranking_group in PROVINCIAL_NOUNS:
            return str(PROVINCIAL_NOUNS[self.ranking_group])
        return _("bộ, ngành") if self.ranking_group in MINISTRY_GROUPS else _("tỉnh, thành phố")

    @property
    def ranks_round_units(self) -> bool:
        """Whether the rows are the round's own assessed units (their submissions hold the
        component indices), not the merged units a 63-unit round is re-expressed on."""
        return self.round is not None and self.ranking_group == self.round.ranking_group

    @property
    def authority_code(self) -> str:
        return self.authority.code if self.authority is not None else authorities.NATIONAL

    def url(self, page: str = "ranking", code: str = "") -> str:
        """A public page of this table: the national one, or under its provincial authority."""
        return authorities.public_url(page, year=self.year, group=self.ranking_group, authority=self.authority, code=code)

    @property
    def partial(self) -> bool:
        return self.coverage is not None

    @property
    def has_rank_ranges(self) -> bool:
        """Whether a row or a side list shows possible ranks ("5–16"), to explain them."""
        return any(e.rank_range for _title, entries, _gap in self.side_lists for e in entries)

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

    def ranked_by_pillar(self, code: str) -> tuple[list[ListEntry], tuple[int, int] | None]:
        """One of the side-by-side lists: the units with the pillar's rank or value, by rank;
        on partial history placed like the rows (results.partial), with the last hole."""
        items = [(r.unit, r.pillar_ranks.get(code), r.pillar_values.get(code)) for r in self.rows]
        items = [(u, rank, value) for u, rank, value in items if rank is not None or value is not None]
        if not self.partial:
            items.sort(key=lambda t: (t[1] is None, t[1] or 0, sort_key(t[0].name)))
            return [ListEntry(u, rank, value) for u, rank, value in items], None
        placed = partial.place([(u.pk, rank, value, sort_key(u.name)) for u, rank, value in items], self.group_size)
        by_pk = {u.pk: (u, rank, value) for u, rank, value in items}
        entries = [
            ListEntry(*by_pk[pk], rank_range=placed.ranges.get(pk), gap_before=placed.gaps_before.get(pk))
            for pk in placed.order
        ]
        return entries, placed.trailing_gap

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

    @property
    def dti_average(self) -> dict:
        """The DTI average (4 decimals) with its base, for the API."""
        return {"value": round4(self.average_dti()), "units": self.average_dti_base}

    @property
    def average_dti_base(self) -> int:
        """How many units the DTI average is over: those with a DTI."""
        return sum(1 for r in self.rows if r.dti is not None)

    @property
    def average_main_base(self) -> int:
        """How many units the main-index averages are over: those with main-index values."""
        return sum(1 for r in self.rows if any(v is not None for v in r.main_values.values()))

    def average_label(self, base: int) -> str:
        """"Trung bình của 5 tỉnh, thành phố có số liệu" on partial history; the whole base
        otherwise."""
        if self.partial or (self.group_size and base < self.group_size):
            return _("Trung bình của %(n)d %(noun)s có số liệu") % {"n": base, "noun": self.unit_noun}
        return _("Trung bình của %(n)d %(noun)s") % {"n": base, "noun": self.unit_noun}

    @property
    def average_dti_label(self) -> str:
        return self.average_label(self.average_dti_base)


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _columns(framework: Framework | None, *, main_codes=(), pillar_codes=()) -> tuple[list[Column], list[Column]]:
    if framework is None:
        return [Column(c, c) for c in main_codes], [Column(c, c) for c in pillar_codes]
    mains = [
        Column(m.code, m.name, m.max_points)
        for m in MainIndex.objects.filter(framework=framework, max_points__gt=0).order_by("order")
    ]
    pillars = [Column(p.code, p.name) for p in Pillar.objects.filter(framework=framework).order_by("order")]
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


def _snapshot_table(
    snapshot: RankingSnapshot, rnd: Round, group: str, source: str, publication=None, authority: Authority | None = None
) -> RankingTable:
    entries = SnapshotEntry.objects.filter(snapshot=snapshot, ranking_group=group).select_related("unit")
    mains, pillars = _columns(rnd.framework)
    rows = _rows_from_entries(entries)
    return RankingTable(
        year=rnd.year, ranking_group=group, source=source, rows=rows,
        main_columns=mains, pillar_columns=pillars, framework=rnd.framework, round=rnd,
        publication=publication, snapshot=snapshot, excluded=_mark_closeouts(rnd, group, rows), authority=authority,
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


def _published_round(year: int, group: str, *, authority: Authority | None = None, light: bool = False) -> Publication | None:
    """The active publication of a year and group of the authority's rounds (national: None),
    with its round, framework and snapshot; or, `light`, only what a cache key needs (id,
    version, time), for every cached public page."""
    # The 34-unit re-expression of a 63-unit round lives in that round's snapshot.
    groups = [group, RankingGroup.PROVINCES_63] if group == RankingGroup.PROVINCES_34 else [group]
    publications = (
        Publication.objects.only("pk", "version", "published_at", "snapshot_id")
        if light
        else Publication.objects.select_related("round__framework", "snapshot")
    )
    for g in groups:
        pub = publications.filter(
            is_active=True, round__year=year, round__ranking_group=g, **authorities.round_filter(authority)
        ).first()
        if pub and (g == group or SnapshotEntry.objects.filter(snapshot_id=pub.snapshot_id, ranking_group=group).exists()):
            return pub
    return None


def public_cache_key(
    page: str, *, year: int, ranking_group: str, language: str, authority: Authority | None = None
) -> str | None:
    """Cache key of a public page built from a portal publication, or None (not cached).

    Keyed by the active publication (id, version, time: a republication or a withdrawal
    changes it), by the authority (one authority's page is never another's, whatever the
    publication) and by the public cache version that publishing bumps, so a cached table is
    never served for another publication. Imported history is not cached: it is small, and
    an import does not bump the version. One query (the publication lookup).
    """
    from django.core.cache import cache

    from .services import PUBLIC_CACHE_VERSION_KEY

    if ranking_group not in RankingGroup.values:
        return None
    pub = _published_round(year, ranking_group, authority=authority, light=True)
    if pub is None:
        return None
    version = cache.get(PUBLIC_CACHE_VERSION_KEY, 0)
    stamp = f"{pub.pk}.{pub.version}.{pub.published_at.timestamp()}"
    owner = authority.code if authority is not None else authorities.NATIONAL
    return f"results:{page}:{version}:{stamp}:{owner}:{year}:{ranking_group}:{language}"


def public_table(*, year: int, ranking_group: str, authority: Authority | None = None) -> RankingTable | None:
    """The published table of a year and group: a portal publication of the authority's
    (national: None), else imported history (national only: history predates the authorities).
    A provincial table's rows carry what each unit gave the province's national submission."""
    pub = _published_round(year, ranking_group, authority=authority)
    if pub is None:
        return history_table(year=year, ranking_group=ranking_group) if authority is None else None
    table = _snapshot_table(pub.snapshot, pub.round, ranking_group, Source.PUBLICATION, publication=pub, authority=authority)
    if authority is not None:
        found = authorities.national_contributions(
            province=authority.unit, year=year, unit_ids=[r.unit.pk for r in table.rows]
        )
        for r in table.rows:
            r.contribution = found.get(r.unit.pk)
    return table


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
            reexpressed=True, predecessors=r.predecessors, sources=r.sources,
        )
        for unit_id, r in found.get(year, {}).items()
        if unit_id not in skip
    ]


def history_table(*, year: int, ranking_group: str) -> RankingTable | None:
    """Imported history of a year and group; for the 34 units, the 63-unit years re-expressed
    on them (see results.reexpression), each row marked. Where the figures cover only part of
    the group, the rows are placed by results.partial and the table carries its coverage."""
    if ranking_group in PROVINCIAL_GROUPS:
        return None  # imported history is national: a province's groups are its own rounds' only
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
            sources=(r.source,) if r.source else (),
        )
        for r in results
    ]
    rows += _reexpressed_rows(year, ranking_group, skip={r.unit_id for r in results})
    if not rows:
        return None
    group_size = Unit.objects.filter(ranking_group=ranking_group).count()
    rows, coverage, trailing_gap = _placed(rows, group_size)
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
        group_size=group_size, coverage=coverage, trailing_gap=trailing_gap,
    )


def _placed(rows: list[RankingRow], group_size: int) -> tuple[list[RankingRow], partial.Coverage | None, tuple | None]:
    """The rows in the order results.partial gives them, each with its possible ranks and the
    hole before it; the coverage when the table holds less than every unit's rank and DTI."""
    placed = partial.place([(i, r.rank, r.dti, sort_key(r.unit.name)) for i, r in enumerate(rows)], group_size)
    for i, r in enumerate(rows):
        r.rank_range, r.gap_before = placed.ranges.get(i), placed.gaps_before.get(i)
    rows = [rows[i] for i in placed.order]
    ranked = sum(1 for r in rows if r.rank is not None)
    valued = sum(1 for r in rows if r.dti is not None)
    if len(rows) >= group_size and ranked == valued == len(rows):
        return rows, None, None
    coverage = partial.Coverage(
        units=len(rows), group_size=group_size, ranked=ranked, valued=valued,
        sources=tuple(dict.fromkeys(s for r in rows for s in r.sources)),
        rank_only=sum(1 for r in rows if r.rank is not None and r.dti is None),
        ranged=len(placed.ranges),
        gaps=len(placed.gaps_before) + (placed.trailing_gap is not None),
        reexpressed=any(r.reexpressed for r in rows),
    )
    return rows, coverage, placed.trailing_gap


def provisional_table(*, rnd: Round, ranking_group: str | None = None) -> RankingTable | None:
    snapshot = RankingSnapshot.objects.filter(round=rnd, is_current=True).first()
    if snapshot is None:
        return None
    return _snapshot_table(snapshot, rnd, ranking_group or rnd.ranking_group, Source.PROVISIONAL)


def available_tables(authority: Authority | None = None) -> list[tuple[int, str]]:
    """(year, group) pairs with public results of the authority (national: None, with the
    imported history), newest first: the year selector."""
    pairs: set[tuple[int, str]] = set()
    if authority is None:  # imported history predates the authorities: it is national
        pairs = set(
            PublishedResult.objects.exclude(ranking_group__in=PROVINCIAL_GROUPS).values_list("year", "ranking_group").distinct()
        )
        # 63-unit years without 34-unit figures are re-expressed on the 34 (when any unit can be).
        old_years = {y for y, g in pairs if g == RankingGroup.PROVINCES_63} - {
            y for y, g in pairs if g == RankingGroup.PROVINCES_34
        }
        if old_years:
            pairs |= {(y, RankingGroup.PROVINCES_34) for y in reexpression.reexpressed_results(years=old_years)}
    pairs |= set(
        Publication.objects.filter(is_active=True, **authorities.round_filter(authority)).values_list(
            "round__year", "round__ranking_group"
        )
    )
    pairs |= set(
        SnapshotEntry.objects.filter(
            snapshot__publications__is_active=True, **authorities.round_filter(authority, prefix="snapshot__round__")
        ).values_list("snapshot__round__year", "ranking_group").distinct()
    )
    return sorted(pairs, key=lambda p: (-p[0], p[1]))


def unit_history(*, unit: Unit, ranking_group: str, authority: Authority | None = None) -> list[dict]:
    """A unit's published DTI and rank across years (portal publications of the authority's
    rounds, national: None, and history); for a merged unit, the years before the merger
    re-expressed from its predecessors (marked)."""
    by_year: dict[int, dict] = {}
    if authority is None and ranking_group not in PROVINCIAL_GROUPS:  # imported history is national
        for r in PublishedResult.objects.filter(unit=unit, ranking_group=ranking_group):
            by_year[r.year] = {"year": r.year, "dti": r.best_dti, "rank": r.best_rank, "inferred": sorted(_inferred(r))}
    for e in SnapshotEntry.objects.filter(
        unit=unit, ranking_group=ranking_group, snapshot__publications__is_active=True,
        **authorities.round_filter(authority, prefix="snapshot__round__"),
    ).select_related("snapshot__round"):
        by_year[e.snapshot.round.year] = {"year": e.snapshot.round.year, "dti": e.dti, "rank": e.dti_rank, "inferred": []}
    if ranking_group == RankingGroup.PROVINCES_34:
        for year, results in reexpression.reexpressed_results(unit=unit).items():
            r = results[unit.pk]
            by_year.setdefault(year, {
                "year": year, "dti": r.dti, "rank": r.rank, "inferred": [], "reexpressed": True,
                "predecessors": ", ".join(p.name for p in r.predecessors),
            })
    history = [{"reexpressed": False, "predecessors": "", "rank_range": None, **by_year[y]} for y in sorted(by_year)]
    _history_ranges(history, unit=unit, ranking_group=ranking_group)
    from assessments.ranking import rank_change

    for prev, cur in zip([None, *history], history, strict=False):
        cur["change"] = rank_change(prev["rank"], cur["rank"]) if prev and prev["year"] == cur["year"] - 1 else None
    return history


def _history_ranges(history: list[dict], *, unit: Unit, ranking_group: str) -> None:
    """A published year with the unit's DTI and no rank: the official ranks it can have in
    that year (results.partial), from the units whose rank and DTI were both published."""
    years = [h["year"] for h in history if h["rank"] is None and h["dti"] is not None and not h.get("reexpressed")]
    if not years:
        return
    ranked: dict[int, list] = {}  # a year with official ranks, even none with a DTI, places the unit
    for year, rank, dti, computed in PublishedResult.objects.filter(
        year__in=years, ranking_group=ranking_group, rank__isnull=False
    ).exclude(unit=unit).values_list("year", "rank", "dti", "computed_dti"):
        value = dti if dti is not None else computed  # PublishedResult.best_dti
        ranked.setdefault(year, []).extend([(rank, value)] if value is not None else [])
    size = Unit.objects.filter(ranking_group=ranking_group).count()
    for h in history:
        if h["year"] in ranked:
            found = partial.rank_range(h["dti"], ranked[h["year"]], size)
            h["rank_range"] = str(found) if found else None  # text: the history goes to the chart as JSON


def predecessor_history(*, unit: Unit, ranking_group: str, history: list[dict]) -> list[dict]:
    """A merged unit's predecessors' own published results, for the years its history cannot
    be re-expressed (some predecessor published a rank only): shown beside it, not averaged."""
    if ranking_group != RankingGroup.PROVINCES_34:
        return []
    shown = {h["year"] for h in history}
    results = PublishedResult.objects.filter(
        unit__in=unit.predecessors.all(), ranking_group=RankingGroup.PROVINCES_63
    ).select_related("unit").order_by("year", by_name("unit__name"))
    return [
        {"year": r.year, "unit": r.unit, "dti": r.best_dti, "rank": r.best_rank, "inferred": sorted(_inferred(r))}
        for r in results
        if r.year not in shown
    ]
