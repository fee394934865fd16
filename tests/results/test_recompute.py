"""The recompute: from final scores to a snapshot, atomic, idempotent, debounced, retried."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import RankingGroup, UnitLineage
from assessments.models import SubmissionStatus
from results import services
from results.models import RankingSnapshot, RecomputeRequest, SnapshotEntry
from results.tasks import recompute_round as recompute_task
from tests import factories
from tests.results.conftest import sign_off

pytestmark = pytest.mark.django_db


def current(rnd):
    return RankingSnapshot.objects.get(round=rnd, is_current=True)


def entries(snapshot, group=RankingGroup.PROVINCES_63):
    return {
        e.unit.code: e
        for e in SnapshotEntry.objects.filter(snapshot=snapshot, ranking_group=group).select_related("unit")
    }


def test_it_ranks_signed_off_units_by_dti(signed_round):
    rows = entries(current(signed_round))
    # Shares sorted by unit code: 22→0.5, 48→0.6, 49→0.7, 79→0.8, 92→0.9 (of max per indicator).
    assert [rows[c].dti_rank for c in ("92", "79", "49", "48", "22")] == [1, 2, 3, 4, 5]
    assert rows["92"].dti == Decimal("0.9000")
    assert rows["92"].main_values == {"NTS": "0.9000", "HTS": "0.9000"}
    assert rows["92"].pillar_ranks == {"CQS": 1, "KTS": 1, "XHS": 1}
    assert rows["92"].final_points == Decimal("90.00")


def test_it_ignores_submissions_not_signed_off(units, lead_reviewer):
    rnd = factories.make_round(units=units[:2])
    first, _second = rnd.submissions.order_by("unit__code")
    sign_off(first, lead_reviewer, "0.5")
    services.recompute_round(round_id=rnd.pk)
    assert list(entries(current(rnd))) == [first.unit.code]


def test_ties_share_a_rank_and_the_next_rank_skips(units, lead_reviewer):
    rnd = factories.make_round(units=units[:3])
    subs = list(rnd.submissions.order_by("unit__code"))
    for sub, share in zip(subs, ["0.7", "0.7", "0.5"], strict=True):
        sign_off(sub, lead_reviewer, share)
    services.recompute_round(round_id=rnd.pk)
    rows = entries(current(rnd))
    assert sorted(e.dti_rank for e in rows.values()) == [1, 1, 3]


def test_it_reexpresses_a_63_round_on_the_merged_units(units, lead_reviewer):
    merged = factories.UnitFactory(code="2025-48", gso_code="48", name="Đà Nẵng", ranking_group=RankingGroup.PROVINCES_34)
    for old in units[:2]:
        UnitLineage.objects.create(successor=merged, predecessor=old, effective_date="2025-07-01")
    rnd = factories.make_round(units=units[:2])
    a, b = rnd.submissions.order_by("unit__code")
    sign_off(a, lead_reviewer, "0.8")
    sign_off(b, lead_reviewer, "0.6")
    services.recompute_round(round_id=rnd.pk)
    new = entries(current(rnd), RankingGroup.PROVINCES_34)["2025-48"]
    assert new.dti == Decimal("0.7000")  # mean of the predecessors' main-index values
    assert new.dti_rank == 1


def test_a_merged_unit_waits_for_all_its_predecessors(units, lead_reviewer):
    merged = factories.UnitFactory(code="2025-48", gso_code="48", name="Đà Nẵng", ranking_group=RankingGroup.PROVINCES_34)
    for old in units[:2]:
        UnitLineage.objects.create(successor=merged, predecessor=old, effective_date="2025-07-01")
    rnd = factories.make_round(units=units[:2])
    sign_off(rnd.submissions.order_by("unit__code").first(), lead_reviewer, "0.8")
    services.recompute_round(round_id=rnd.pk)
    assert entries(current(rnd), RankingGroup.PROVINCES_34) == {}


def test_it_records_rank_change_against_the_previous_year(units, lead_reviewer, admin_user):
    old = factories.make_round(year=2024, units=units[:2])
    a, b = old.submissions.order_by("unit__code")
    sign_off(a, lead_reviewer, "0.9")
    sign_off(b, lead_reviewer, "0.5")
    services.recompute_round(round_id=old.pk)
    services.publish_round(round_id=old.pk, actor=admin_user, note="")
    new = factories.make_round(year=2025, units=units[:2])
    a, b = new.submissions.order_by("unit__code")
    sign_off(a, lead_reviewer, "0.4")
    sign_off(b, lead_reviewer, "0.6")
    services.recompute_round(round_id=new.pk)
    rows = entries(current(new))
    assert rows[b.unit.code].rank_change == 1
    assert rows[a.unit.code].rank_change == -1


def test_running_it_twice_gives_the_same_snapshot(signed_round):
    first = current(signed_round)
    services.request_recompute(round_id=signed_round.pk, reason="again")
    second = services.recompute_round(round_id=signed_round.pk)
    assert second.pk == first.pk
    assert RankingSnapshot.objects.filter(round=signed_round).count() == 1
    assert RecomputeRequest.objects.filter(round=signed_round, processed_at__isnull=True).count() == 0


def test_recomputing_from_scratch_gives_identical_entries(signed_round):
    first = current(signed_round)
    RankingSnapshot.objects.filter(pk=first.pk).update(content_hash="stale")
    services.request_recompute(round_id=signed_round.pk, reason="again")
    second = services.recompute_round(round_id=signed_round.pk)
    assert second.pk != first.pk

    def dump(s):
        return sorted(
            SnapshotEntry.objects.filter(snapshot=s).values_list(
                "unit_id", "ranking_group", "dti", "dti_rank", "pillar_values", "pillar_ranks", "main_values", "main_ranks"
            )
        )

    assert dump(first) == dump(second)


def test_it_does_nothing_without_pending_requests(signed_round):
    assert services.recompute_round(round_id=signed_round.pk) is None


def test_a_burst_of_sign_offs_yields_one_computation(units, lead_reviewer, django_capture_on_commit_callbacks):
    more = [factories.UnitFactory() for _ in range(5)]
    rnd = factories.make_round(units=units + more)
    with django_capture_on_commit_callbacks() as callbacks:
        for sub in rnd.submissions.all():
            sign_off(sub, lead_reviewer, "0.5")
    assert len(callbacks) == 10
    for callback in callbacks:  # the ten dispatched tasks, run one after another
        callback()
    assert RankingSnapshot.objects.filter(round=rnd).count() == 1
    snapshot = current(rnd)
    assert snapshot.requests.count() == 10
    assert snapshot.unit_count == 10


def test_a_failure_part_way_keeps_the_previous_snapshot(signed_round, units, lead_reviewer, monkeypatch):
    before = current(signed_round)
    sub = signed_round.submissions.get(unit=units[0])
    # A correction: the admin reopens, the province's score changes, it is signed off again.
    sign_off(sub, lead_reviewer, "1", recompute=True)

    def boom(rnd, snapshot):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_switch_current", boom)
    with pytest.raises(RuntimeError):
        services.recompute_round(round_id=signed_round.pk)
    assert current(signed_round).pk == before.pk
    assert RankingSnapshot.objects.filter(round=signed_round).count() == 1
    assert RecomputeRequest.objects.filter(round=signed_round, processed_at__isnull=True).count() == 1


def test_the_task_retries_after_a_failure_and_completes(signed_round, units, lead_reviewer, monkeypatch):
    before = current(signed_round)
    sign_off(signed_round.submissions.get(unit=units[0]), lead_reviewer, "1", recompute=False)
    services.request_recompute(round_id=signed_round.pk, reason="correction")
    real = services._switch_current
    calls = []

    def flaky(rnd, snapshot):
        calls.append(snapshot.pk)
        if len(calls) == 1:
            assert current(rnd).pk == before.pk
            raise ConnectionError("transient")
        real(rnd, snapshot)

    monkeypatch.setattr(services, "_switch_current", flaky)
    # throw=False: let the eager run follow the retry, as a worker would.
    result = recompute_task.apply(args=[signed_round.pk], throw=False)
    assert result.successful()
    assert len(calls) == 2
    after = current(signed_round)
    assert after.pk != before.pk
    assert entries(after)[units[0].code].dti == Decimal("1.0000")


def test_admins_see_duration_and_requests(signed_round):
    snapshot = current(signed_round)
    assert snapshot.duration_ms >= 0
    assert snapshot.requests.count() == 1
    assert snapshot.unit_count == 5


def test_published_and_signed_off_both_count(signed_round, admin_user):
    services.publish_round(round_id=signed_round.pk, actor=admin_user)
    assert set(signed_round.submissions.values_list("status", flat=True)) == {SubmissionStatus.PUBLISHED}
    services.request_recompute(round_id=signed_round.pk, reason="again")
    assert services.recompute_round(round_id=signed_round.pk).unit_count == 5
