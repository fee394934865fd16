"""Two people moving the same submission at once: exactly one wins, the other is told."""

import threading

import pytest
from django.db import connection

from assessments.models import IndicatorValue, Submission, SubmissionStatus
from results.models import RecomputeRequest
from review import services
from review.services import ReviewError, TransitionError
from tests import factories
from tests.review.conftest import fill, send

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait()
            fn()
            outcomes[i] = "ok"
        except (ReviewError, TransitionError) as exc:
            outcomes[i] = str(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return outcomes


@pytest.fixture
def ready(require_postgres, province_a, officer_a, reviewer):
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    fill(sub)
    sub = send(sub, officer_a)
    for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator", "submission"):
        services.appraise(value=v, actor=reviewer, points=v.self_points)
    return Submission.objects.get(pk=sub.pk)


def test_two_sign_offs_one_wins(ready, lead_reviewer, admin_user):
    a, b = Submission.objects.get(pk=ready.pk), Submission.objects.get(pk=ready.pk)
    outcomes = _race(
        lambda: services.sign_off(submission=a, actor=lead_reviewer),
        lambda: services.sign_off(submission=b, actor=admin_user),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "ok")
    assert "người khác" in loser
    assert Submission.objects.get(pk=ready.pk).status == SubmissionStatus.SIGNED_OFF
    assert RecomputeRequest.objects.filter(submission=ready).count() == 1


def test_sign_off_and_return_race_one_wins(ready, lead_reviewer, reviewer):
    a, b = Submission.objects.get(pk=ready.pk), Submission.objects.get(pk=ready.pk)
    value_pk = IndicatorValue.objects.filter(submission=ready).values_list("pk", flat=True).first()
    outcomes = _race(
        lambda: services.sign_off(submission=a, actor=lead_reviewer),
        lambda: services.return_for_clarification(submission=b, actor=reviewer, questions={value_pk: "?"}),
    )
    assert sorted(o == "ok" for o in outcomes) == [False, True]
    # The race decides who wins; the state must be the winner's.
    winner = SubmissionStatus.SIGNED_OFF if outcomes[0] == "ok" else SubmissionStatus.RETURNED
    status = Submission.objects.get(pk=ready.pk).status
    assert status == winner
    if status == SubmissionStatus.SIGNED_OFF:
        # The losing return left nothing behind.
        assert not IndicatorValue.objects.filter(submission=ready, awaiting_clarification=True).exists()
