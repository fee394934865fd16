"""Concurrency on PostgreSQL with real threads (each its own connection), through the real
URLs: double submit, double sign-off, two editors of one main index, a row save queued behind a
submit, a sign-off during a recompute. Invariants afterwards: one transition each, no lost value,
a consistent snapshot."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEntry, Role
from assessments.models import GeneralInfoValue, IndicatorValue, Submission, SubmissionStatus
from results.models import RankingSnapshot, RecomputeRequest
from results.services import recompute_round
from tests import factories
from tests.review.conftest import fill

from .conftest import appraised

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls, timeout=30):
    """Run the calls at the same instant in threads; return their results (or exceptions)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout)
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 — reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
        assert not t.is_alive(), "a racing request hung"
    return results


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def test_double_submit_sends_once(require_postgres, province_a, officer_a):
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    GeneralInfoValue.objects.filter(submission=sub).update(value=1000)
    fill(sub)
    url = reverse("assessments:submit", args=[sub.pk])
    c1, c2 = client_for(officer_a), client_for(officer_a)
    results = race(lambda: c1.post(url), lambda: c2.post(url))
    assert all(r.status_code in (200, 302) for r in results), results
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    assert AuditEntry.objects.filter(action="submission.submit", target_id=str(sub.pk)).count() == 1


def test_double_sign_off_fixes_the_scores_once(require_postgres, province_a, officer_a, reviewer, lead_reviewer, admin_user):
    sub = appraised(province_a, officer_a, reviewer)
    url = reverse("review:sign_off", args=[sub.pk])
    results = race(lambda: client_for(lead_reviewer).post(url), lambda: client_for(admin_user).post(url))
    assert all(r.status_code == 302 for r in results), results
    assert Submission.objects.get(pk=sub.pk).status == SubmissionStatus.SIGNED_OFF
    assert AuditEntry.objects.filter(action="review.fix_final_points", target_id=str(sub.pk)).count() == 1
    assert RecomputeRequest.objects.filter(submission=sub).count() == 1


def test_two_editors_of_one_main_index_lose_no_value(require_postgres, province_a, officer_a):
    other = factories.UserFactory(username="officer_a2", role=Role.OFFICER, unit=province_a)
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    main_index = rnd.framework.main_indices.get(code="NTS")
    ratio = IndicatorValue.objects.get(submission=sub, indicator__code="1.3")
    url = reverse("assessments:entry", args=[sub.pk, main_index.pk])
    page = client_for(officer_a).get(url).content.decode()
    base = dict(re.findall(r'name="(v\d+-version)" value="(\d+)"', page))  # every row, as the page sends it

    def save(user, numerator):
        return client_for(user).post(url, {**base, f"v{ratio.pk}-numerator": numerator, f"v{ratio.pk}-denominator": "100"})

    results = race(lambda: save(officer_a, "40"), lambda: save(other, "70"))
    assert all(r.status_code in (200, 302) for r in results), results
    ratio.refresh_from_db()
    saved = [r for r in results if r.status_code == 302]
    assert len(saved) == 1  # the other one is told about the conflict, with its values kept on screen
    conflicted = next(r for r in results if r.status_code == 200)
    typed = "70" if ratio.inputs.get("numerator") in ("40", 40) else "40"
    assert typed in conflicted.content.decode()  # what the loser typed is not lost
    assert ratio.version == int(base[f"v{ratio.pk}-version"]) + 1
    assert AuditEntry.objects.filter(target_id=str(ratio.pk)).count() == 1


def test_sign_off_during_a_recompute_is_in_the_next_snapshot(require_postgres, lead_reviewer, reviewer):
    units = [factories.UnitFactory() for _ in range(3)]
    officers = [factories.UserFactory(role=Role.OFFICER, unit=u) for u in units]
    rnd = factories.make_round(units=units)
    subs = [appraised(u, o, reviewer, rnd=rnd) for u, o in zip(units, officers, strict=True)]
    client_for(lead_reviewer).post(reverse("review:sign_off", args=[subs[0].pk]))
    recompute_round(round_id=rnd.pk)
    first = RankingSnapshot.objects.get(round=rnd, is_current=True)
    assert first.unit_count == 1

    # A recompute in progress holds the round; a sign-off lands meanwhile.
    started, release = threading.Event(), threading.Event()

    def slow_recompute():
        with transaction.atomic():
            from assessments.models import Round

            Round.objects.select_for_update().get(pk=rnd.pk)
            RecomputeRequest.objects.create(round=rnd, reason="running")
            started.set()
            release.wait(20)
        return recompute_round(round_id=rnd.pk)

    def sign_off_meanwhile():
        started.wait(20)
        response = client_for(lead_reviewer).post(reverse("review:sign_off", args=[subs[1].pk]))
        release.set()
        return response

    results = race(slow_recompute, sign_off_meanwhile)
    assert not any(isinstance(r, Exception) for r in results), results
    assert results[1].status_code == 302
    recompute_round(round_id=rnd.pk)  # what the dispatched task does (eager in tests)
    current = RankingSnapshot.objects.get(round=rnd, is_current=True)
    # Consistent: one current snapshot, holding exactly the signed-off units, nothing pending.
    assert current.unit_count == 2
    assert set(current.entries.values_list("unit_id", flat=True)) == {subs[0].unit_id, subs[1].unit_id}
    assert not RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).exists()
    assert RankingSnapshot.objects.filter(round=rnd, is_current=True).count() == 1


def test_provinces_saving_at_once_do_not_queue_on_their_round(require_postgres, province_a, province_b, officer_b):
    """The deadline hour: while one province's save holds its submission, another province of
    the same round saves at once (the lock is the submission's row, not the round's)."""
    from assessments import services

    rnd = factories.make_round(units=[province_a, province_b])
    sub_a, sub_b = rnd.submissions.get(unit=province_a), rnd.submissions.get(unit=province_b)
    main_index = rnd.framework.main_indices.get(code="NTS")
    held, release = threading.Event(), threading.Event()

    def hold_province_a():
        with transaction.atomic():
            services.lock_submission(sub_a)
            held.set()
            release.wait(20)
        return "released"

    def province_b_saves():
        held.wait(20)
        try:
            with connection.cursor() as cur:
                cur.execute("SET lock_timeout = '3s'")  # waiting on A's locks fails instead of hanging
            yes_no = IndicatorValue.objects.get(submission=sub_b, indicator__code="1.2")
            return services.save_main_index(
                actor=officer_b, submission=sub_b, main_index=main_index,
                rows={yes_no.pk: {"inputs": {"answer": "yes"}, "version": yes_no.version}},
            )
        finally:
            release.set()

    held_result, outcome = race(hold_province_a, province_b_saves)
    assert held_result == "released"
    assert not isinstance(outcome, Exception), outcome
    assert outcome.changed == 1
    assert IndicatorValue.objects.get(submission=sub_b, indicator__code="1.2").inputs == {"answer": True}


def _until_a_backend_waits_on_a_lock(limit: int = 400) -> bool:
    """Poll PostgreSQL until another connection to this database waits on a lock (at most
    ~20 s). The statistics are read afresh each time: inside a transaction PostgreSQL keeps
    the first snapshot of pg_stat_activity."""
    import time

    for _ in range(limit):
        with connection.cursor() as cur:
            cur.execute("SELECT pg_stat_clear_snapshot()")
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid() "
                        "AND datname = current_database()")
            if cur.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


def test_a_row_save_queued_behind_a_submit_is_refused_by_the_edit_rule_it_reads_under_the_lock(
    require_postgres, province_a, officer_a
):
    """The row's own save reads the page in time (a draft), then waits on the submission's lock
    while the submission is sent: under the lock it finds the status moved and saves nothing."""
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    yes_no = IndicatorValue.objects.get(submission=sub, indicator__code="1.2")
    held = threading.Event()

    def submit_in_progress():
        from assessments import services

        with transaction.atomic():
            services.lock_submission(sub)
            Submission.objects.filter(pk=sub.pk).update(status=SubmissionStatus.SUBMITTED)
            held.set()
            return _until_a_backend_waits_on_a_lock()  # the row's save, queued behind us

    def row_save():
        held.wait(20)
        return client_for(officer_a).post(
            reverse("assessments:value_save", args=[yes_no.pk]),
            {f"v{yes_no.pk}-version": str(yes_no.version), f"v{yes_no.pk}-answer": "yes"},
            HTTP_HX_REQUEST="true",
        )

    queued, response = race(submit_in_progress, row_save)
    assert queued is True
    assert response.status_code == 200 and "tỉnh không thể sửa" in response.content.decode()
    yes_no.refresh_from_db()
    assert (yes_no.inputs, yes_no.version) == ({}, 0)
    assert not AuditEntry.objects.filter(action="value.update").exists()
