"""Results fixtures: signed-off rounds, and a real Celery worker on the Redis broker."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from accounts.services import load_units
from assessments.models import IndicatorValue, Submission, SubmissionStatus
from assessments.workflow import Action, transition
from results import services as results_services
from results.services import request_recompute
from tests import factories

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def set_final(submission: Submission, share: Decimal | str) -> None:
    """Final points = share × max for every indicator (what sign-off fixes)."""
    share = Decimal(str(share))
    for value in IndicatorValue.objects.filter(submission=submission).select_related("indicator"):
        points = (value.indicator.max_points * share).quantize(Decimal("0.01"))
        value.final_points = points
        value.self_points = points
        value.save(update_fields=["final_points", "self_points"])


def sign_off(submission: Submission, lead, share, *, recompute: bool = True) -> Submission:
    """Sign a submission off the way the review app does: final points, transition, recompute."""
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    submission.refresh_from_db()
    with transaction.atomic():
        set_final(submission, share)
        transition(submission, Action.SIGN_OFF, actor=lead, reason="")
        if recompute:
            request_recompute(round_id=submission.round_id, reason="sign-off", submission_id=submission.pk)
    return submission


def published_round(units, *, lead, admin, year: int = 2024, framework=None):
    """A round of `units`, signed off (shares 0.8, 0.6, … by unit code), computed and published."""
    rnd = factories.make_round(year=year, framework=framework or factories.make_framework(years=(year,)), units=units)
    shares = ("0.8", "0.6", "0.5", "0.4", "0.3")
    for sub, share in zip(rnd.submissions.order_by("unit__code"), shares, strict=False):
        sign_off(sub, lead, share, recompute=False)
    results_services.request_recompute(round_id=rnd.pk, reason="test")
    results_services.recompute_round(round_id=rnd.pk)
    results_services.publish_round(round_id=rnd.pk, actor=admin, note="")
    return rnd


@pytest.fixture
def units(db):
    """Five provinces of the 63, A and B are the persona provinces (Đà Nẵng, Quảng Nam)."""
    return [factories.UnitFactory(code=c, gso_code=c, name=n) for c, n in [
        ("48", "Đà Nẵng"), ("49", "Quảng Nam"), ("22", "Quảng Ninh"), ("79", "Hồ Chí Minh"), ("92", "Cần Thơ"),
    ]]


@pytest.fixture
def signed_round(units, lead_reviewer):
    """A 2025 round over five units, all signed off with different scores, recomputed."""
    from results.services import recompute_round

    rnd = factories.make_round(year=2025, units=units)
    shares = ["0.9", "0.5", "0.7", "0.8", "0.6"]
    for sub, share in zip(rnd.submissions.order_by("unit__code"), sorted(shares), strict=True):
        sign_off(sub, lead_reviewer, share, recompute=False)
    request_recompute(round_id=rnd.pk, reason="test")
    recompute_round(round_id=rnd.pk)
    return rnd


@pytest.fixture
def published(signed_round, admin_user):
    """The signed round, published."""
    from results.services import publish_round

    publish_round(round_id=signed_round.pk, actor=admin_user, note="Công bố lần đầu")
    return signed_round


@pytest.fixture
def all_units(db):
    return load_units(
        provinces_csv=SEEDS / "data" / "provinces-63.csv",
        merger_csv=SEEDS / "data" / "merger-2025.csv",
        ministries_csv=SEEDS / "data" / "ministries.csv",
    )


@pytest.fixture
def frameworks(db):
    from assessments.framework_loader import load_framework_file

    return {
        name: load_framework_file(SEEDS / "frameworks" / f"{name}.yaml")[0]
        for name in ("922-tinh", "1726-tinh", "405-tinh")
    }


@pytest.fixture
def celery_worker(require_redis, settings):
    """A real Celery worker (solo pool, in a thread) consuming from the Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from dtiportal.celery import app

    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=require_redis, task_always_eager=False, result_backend=None)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Tasks sent by earlier tests (no worker was running) would run against this test's rows.
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app
    app.conf.update(old)


# Published history of 6 of 63 provinces (results.partial): 2023, decision 922. Official ranks
# 1, 2, 3, 4 and 20; P03 published with a rank and no DTI; P05 with a DTI and no rank (0.7000:
# below the ranks 1, 2 and 4, above the rank 20, so it can rank 5 to 19); P01 with a pillar
# value and no pillar rank; P06 with main-index values (what-if) and a source of its own.
PARTIAL_HISTORY = """year,framework,ranking_group,gso_code,unit,rank,dti,cqs,rank_cqs,nts,tcs,hts,nls,atttm,hd_cqs,hd_kts,hd_xhs,source
2023,922/QĐ-BTTTT,63,P01,,1,0.8100,0.9000,,,,,,,,,,thông báo 06/2/2025
2023,922/QĐ-BTTTT,63,P02,,2,0.7900,0.8000,5,,,,,,,,,thông báo 06/2/2025
2023,922/QĐ-BTTTT,63,P03,,3,,,10,,,,,,,,,thông báo 06/2/2025
2023,922/QĐ-BTTTT,63,P04,,4,0.7600,,,,,,,,,,,thông báo 06/2/2025
2023,922/QĐ-BTTTT,63,P05,,,0.7000,,,,,,,,,,,báo địa phương
2023,922/QĐ-BTTTT,63,P06,,20,0.6000,,,0.6000,0.6000,0.6000,0.6000,0.6000,0.6000,0.6000,0.6000,thông báo 06/2/2025
"""


def load_partial_history() -> None:
    """63 provinces, 6 with published 2023 figures (PARTIAL_HISTORY), imported as a person would."""
    from assessments.framework_loader import load_framework_file
    from results.history import import_published_results

    for n in range(1, 64):
        factories.UnitFactory(code=f"P{n:02d}", gso_code=f"P{n:02d}", name=f"Tỉnh {n:02d}")
    load_framework_file(SEEDS / "frameworks" / "922-tinh.yaml")
    import_published_results(text=PARTIAL_HISTORY)


@pytest.fixture
def partial_history(db):
    load_partial_history()


# --- Provinces that run their own index (issue 18) ------------------------------------------


def provincial_authority(province, *, code: str, name: str, name_en: str = ""):
    return factories.AuthorityFactory(unit=province, code=code, name=name, name_en=name_en, short_name=province.name)


def departments_of(province, names: list[str], *, prefix: str) -> list:
    return [
        factories.SubUnitFactory(code=f"{prefix}-{i}", name=name, parent=province) for i, name in enumerate(names, start=1)
    ]


def publish_provincial_round(authority, units, *, lead, admin, year: int = 2025, group=None, shares=("0.8", "0.6", "0.5", "0.4")):
    """The authority's round of its units (its departments by default), signed off (shares by
    unit code), computed and published. The national lead and admin hold the same roles in the
    authority, so the test reads the same whoever's roles the moves check."""
    from accounts.models import RankingGroup, Role

    for user, role in ((lead, Role.LEAD_REVIEWER), (admin, Role.ADMIN)):
        factories.AuthorityRoleFactory(user=user, authority=authority, role=role)
    framework = factories.make_framework(code=f"{authority.code}-{year}", years=(year,), authority=authority)
    rnd = factories.make_round(
        year=year, framework=framework, units=units, authority=authority, ranking_group=group or RankingGroup.DEPARTMENTS,
    )
    for sub, share in zip(rnd.submissions.order_by("unit__code"), shares, strict=False):
        sign_off(sub, lead, share, recompute=False)
    results_services.request_recompute(round_id=rnd.pk, reason="test")
    results_services.recompute_round(round_id=rnd.pk)
    results_services.publish_round(round_id=rnd.pk, actor=admin, note="")
    return rnd
