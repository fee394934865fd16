"""Synthetic data for the bench, written fast: units and submissions with bulk_create,
indicator values (a million rows at 10,000 units) with PostgreSQL COPY.

Datasets (all on the illustrative 922 provincial framework: 9 main indices, 98 indicators):
- recompute rounds of 63, 1,000 and 10,000 signed-off units (years 3000, 3100, 3200);
- a published round of 63 units (year 2090): the public ranking page;
- an open round of 320 units (year 2095): 300 officers in draft (entry page and saves) and
  20 submissions under review (the reviewer's appraisal page).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from accounts.models import RankingGroup, Role, Unit, UnitKind, User
from assessments import scoring, services
from assessments.framework_loader import load_framework_file
from assessments.models import (
    Framework,
    GeneralInfoItem,
    GeneralInfoValue,
    Indicator,
    MainIndex,
    Round,
    Submission,
    SubmissionStatus,
)

FRAMEWORK_FILE = Path(settings.BASE_DIR) / "seeds" / "frameworks" / "922-tinh.yaml"
RECOMPUTE_SIZES = {63: 3000, 1000: 3100, 10000: 3200}
PUBLISHED_YEAR = 2090
OPEN_YEAR = 2095
OFFICERS = 300
UNDER_REVIEW = 20
GI_VALUE = "1000"
NULL = "\\N"  # COPY text format


@dataclass
class Variant:
    """What an officer types for one indicator (raw, as in the form) and what it stores."""

    raw: dict[str, str]
    inputs: dict
    points: Decimal | None


@dataclass
class Dataset:
    framework: Framework
    indicators: list[Indicator]
    largest_main: MainIndex
    smallest_main: MainIndex
    recompute_rounds: dict[int, Round] = field(default_factory=dict)
    published_round: Round | None = None
    open_round: Round | None = None
    officers: list[User] = field(default_factory=list)
    reviewer: User | None = None
    admin: User | None = None
    variants: dict[int, tuple[Variant, Variant]] = field(default_factory=dict)  # indicator pk → A, B
    timings: dict[str, float] = field(default_factory=dict)


def _raw(indicator: Indicator, b: bool) -> dict[str, str]:
    raw = {}
    options = (indicator.rule_params or {}).get("options") or [{"code": ""}, {"code": ""}]
    for key in scoring.input_fields(indicator.rule):
        raw[key] = {
            "answer": "no" if b else "yes",
            "choice": str(options[min(1 if b else 0, len(options) - 1)]["code"]),
            "numerator": "60" if b else "50",
            "denominator": "100",
            "count": "4" if b else "3",
            "value": "80" if b else "70",
        }.get(key, "1")
    return raw


def _variants(indicators: list[Indicator]) -> dict[int, tuple[Variant, Variant]]:
    gi = {code: Decimal(GI_VALUE) for code in GeneralInfoItem.objects.values_list("code", flat=True)}
    out = {}
    for ind in indicators:
        pair = []
        for b in (False, True):
            raw = _raw(ind, b)
            scored = services.score_inputs(ind, raw, gi)
            if scored.errors:
                raise RuntimeError(f"bench inputs invalid for {ind.code}: {scored.errors}")
            pair.append(Variant(raw=raw, inputs=scored.inputs, points=scored.points))
        out[ind.pk] = tuple(pair)
    return out


def _copy_values(rows) -> int:
    """COPY indicator values: rows of (submission_id, indicator_id, inputs_json, self, final, version)."""
    cols = (
        "submission_id, indicator_id, inputs, self_points, final_points, review_reason, source,"
        " awaiting_clarification, version, warning_note"
    )
    n = 0
    with connection.cursor() as cur:
        with cur.copy(f"COPY assessments_indicatorvalue ({cols}) FROM STDIN") as copy:
            buf = io.StringIO()
            for sub_id, ind_id, inputs, own, final in rows:
                own = NULL if own is None else own
                final = NULL if final is None else final
                buf.write(f"{sub_id}\t{ind_id}\t{inputs}\t{own}\t{final}\t\t\tf\t0\t\n")
                n += 1
                if n % 50000 == 0:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    return n


def _units(n: int, prefix: str, group: str) -> list[Unit]:
    existing = Unit.objects.filter(code__startswith=prefix).count()
    Unit.objects.bulk_create(
        [
            Unit(code=f"{prefix}{i:05d}", gso_code="", name=f"Đơn vị {prefix}{i:05d}", kind=UnitKind.PROVINCE, ranking_group=group)
            for i in range(existing + 1, n + 1)
        ],
        batch_size=5000,
    )
    return list(Unit.objects.filter(code__startswith=prefix).order_by("code")[:n])


def _round(fw: Framework, year: int, group: str, units: list[Unit], status_for, *, open_now: bool = False) -> Round:
    now = timezone.now()
    rnd = Round.objects.create(
        year=year, framework=fw, ranking_group=group,
        opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=30 if open_now else -5),
    )
    Submission.objects.bulk_create(
        [Submission(round=rnd, unit=u, status=status_for(i)) for i, u in enumerate(units)], batch_size=5000
    )
    subs = list(Submission.objects.filter(round=rnd).values_list("pk", flat=True))
    items = list(GeneralInfoItem.objects.filter(framework=fw))
    GeneralInfoValue.objects.bulk_create(
        [GeneralInfoValue(submission_id=s, item=it, value=Decimal(GI_VALUE)) for s in subs for it in items], batch_size=10000
    )
    return rnd


def _signed_off_values(rnd: Round, seed: float) -> int:
    """Final = self points: a random whole-percent share of each indicator's max, 2 decimals.

    Generated inside PostgreSQL (INSERT … SELECT over submissions × indicators): a million
    rows without a Python loop.
    """
    with connection.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [seed])
        cur.execute(
            """
            INSERT INTO assessments_indicatorvalue
                (submission_id, indicator_id, inputs, self_points, final_points, review_reason, source,
                 awaiting_clarification, version, warning_note)
            SELECT s.id, i.id, '{}'::jsonb, p.points, p.points, '', '', false, 0, ''
            FROM assessments_submission s
            CROSS JOIN assessments_indicator i
            CROSS JOIN LATERAL (
                SELECT round(i.max_points * floor(random() * 101 + s.id * 0)::numeric / 100, 2) AS points
            ) p
            WHERE s.round_id = %s AND i.framework_id = %s
            """,
            [rnd.pk, rnd.framework_id],
        )
        return cur.rowcount


def _entered_values(rnd: Round, indicators: list[Indicator], variants) -> int:
    """Variant A of every indicator, entered and self-scored (no final points yet)."""
    import json

    subs = list(Submission.objects.filter(round=rnd).values_list("pk", flat=True))
    # COPY text format: a backslash is an escape, so double any the JSON holds.
    encoded = {
        i.pk: (json.dumps(variants[i.pk][0].inputs, ensure_ascii=False).replace("\\", "\\\\"), variants[i.pk][0].points)
        for i in indicators
    }

    def rows():
        for s in subs:
            for ind in indicators:
                inputs, points = encoded[ind.pk]
                yield s, ind.pk, inputs, points, None

    return _copy_values(rows())


def session_cookie(user: User) -> str:
    """A logged-in session for a user, written directly (no password round trip)."""
    backends = settings.AUTHENTICATION_BACKENDS
    backend = next((b for b in backends if b.endswith("ModelBackend")), backends[-1])
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def build(*, sizes=tuple(RECOMPUTE_SIZES), log=print) -> Dataset:
    rng = random.Random(8)
    t0 = time.perf_counter()
    fw, _ = load_framework_file(FRAMEWORK_FILE)
    indicators = list(Indicator.objects.filter(framework=fw).select_related("main_index").order_by("order"))
    mains = list(MainIndex.objects.filter(framework=fw))
    counts = {m.pk: sum(1 for i in indicators if i.main_index_id == m.pk) for m in mains}
    largest = max(mains, key=lambda m: (counts[m.pk], -m.order))
    smallest = min((m for m in mains if counts[m.pk]), key=lambda m: (counts[m.pk], m.order))
    ds = Dataset(framework=fw, indicators=indicators, largest_main=largest, smallest_main=smallest)
    ds.variants = _variants(indicators)

    biggest = max(sizes)
    units = _units(biggest, "B", RankingGroup.PROVINCES_63)
    ds.timings["units"] = time.perf_counter() - t0
    for n in sorted(sizes):
        t = time.perf_counter()
        with transaction.atomic():
            rnd = _round(fw, RECOMPUTE_SIZES[n], RankingGroup.PROVINCES_63, units[:n], lambda i: SubmissionStatus.SIGNED_OFF)
            rows = _signed_off_values(rnd, rng.random())
        ds.recompute_rounds[n] = rnd
        ds.timings[f"round {n}"] = time.perf_counter() - t
        log(f"  data: round of {n:>6,} units, {rows:>9,} values in {ds.timings[f'round {n}']:.1f} s")

    t = time.perf_counter()
    with transaction.atomic():
        ds.admin = User.objects.create(username="bench-admin", role=Role.ADMIN, full_name="Bench admin")
        ds.reviewer = User.objects.create(username="bench-reviewer", role=Role.LEAD_REVIEWER, full_name="Bench reviewer")
        pub = _round(fw, PUBLISHED_YEAR, RankingGroup.PROVINCES_63, units[:63], lambda i: SubmissionStatus.SIGNED_OFF)
        _signed_off_values(pub, rng.random())
        open_units = _units(OFFICERS + UNDER_REVIEW, "L", RankingGroup.PROVINCES_34)
        opened = _round(
            fw, OPEN_YEAR, RankingGroup.PROVINCES_34, open_units,
            lambda i: SubmissionStatus.DRAFT if i < OFFICERS else SubmissionStatus.UNDER_REVIEW, open_now=True,
        )
        _entered_values(opened, indicators, ds.variants)
        User.objects.bulk_create(
            [
                User(username=f"bench-officer-{i:03d}", role=Role.OFFICER, unit=u, full_name=f"Cán bộ {i:03d}",
                     password=get_random_string(20))
                for i, u in enumerate(open_units[:OFFICERS])
            ]
        )
    ds.officers = list(User.objects.filter(username__startswith="bench-officer-").select_related("unit").order_by("username"))
    ds.published_round, ds.open_round = pub, opened
    from results import services as results_services

    results_services.request_recompute(round_id=pub.pk, reason="bench")
    results_services.recompute_round(round_id=pub.pk)
    results_services.publish_round(round_id=pub.pk, actor=ds.admin)
    ds.timings["load rounds"] = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    ds.timings["total"] = time.perf_counter() - t0
    log(f"  data: published round of 63, open round of {OFFICERS + UNDER_REVIEW}, users, in {ds.timings['load rounds']:.1f} s")
    return ds
