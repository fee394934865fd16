"""Results fixtures: signed-off rounds, and a real Celery worker on the Redis broker."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from accounts.services import load_units
from assessments.models import IndicatorValue, Submission, SubmissionStatus
from assessments.workflow import Action, transition
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
