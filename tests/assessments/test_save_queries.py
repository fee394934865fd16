"""A save of a main index costs the same number of queries whatever the number of changed rows:
one compare-and-set for all rows, one UPDATE, one INSERT of the audit rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEntry
from assessments.models import Indicator, IndicatorValue
from tests.assessments.conftest import FULL_NTS, entry_post, entry_url

pytestmark = pytest.mark.django_db


def _add_count_indicators(sub, main_index, n):
    base = Indicator.objects.get(framework=sub.round.framework, code="1.4")
    for i in range(n):
        ind = Indicator.objects.create(
            framework=base.framework, main_index=main_index, code=f"1.9.{i}", name_vi=f"Chỉ số thêm {i}", max_points=1,
            rule_type=base.rule_type, rule_params=base.rule_params, evidence="none", order=100 + i,
        )
        IndicatorValue.objects.create(submission=sub, indicator=ind)


def _counts(sub, main_index, n):
    """Every count indicator of the main index set to n."""
    codes = IndicatorValue.objects.filter(
        submission=sub, indicator__main_index=main_index, indicator__rule_type="count_threshold"
    ).values_list("indicator__code", flat=True)
    return {code: {"count": str(n)} for code in codes}


def _save(client, sub, main_index, n):
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(entry_url(sub, main_index), entry_post(sub, main_index, _counts(sub, main_index, n)))
    assert response.status_code == 302
    return len(ctx.captured_queries)


def test_save_query_count_does_not_grow_with_changed_rows(officer_a_client, sub_a, nts):
    _save(officer_a_client, sub_a, nts, 4)  # warms the content-type cache the audit rows use
    small = _save(officer_a_client, sub_a, nts, 5)  # one changed row
    _add_count_indicators(sub_a, nts, 30)
    big = _save(officer_a_client, sub_a, nts, 6)  # 31 changed rows
    assert big == small
    assert AuditEntry.objects.filter(action="value.update", unit=sub_a.unit).count() == 2 + 31


def test_batched_save_writes_every_row_with_its_own_audit_entry(officer_a_client, officer_a, sub_a, nts):
    _add_count_indicators(sub_a, nts, 3)
    _save(officer_a_client, sub_a, nts, 6)
    values = IndicatorValue.objects.filter(submission=sub_a, indicator__rule_type="count_threshold", indicator__main_index=nts)
    assert {(v.inputs["count"], v.version, v.updated_by_id) for v in values} == {(6, 1, officer_a.pk)}
    entries = AuditEntry.objects.filter(action="value.update", unit=sub_a.unit)
    assert sorted(e.target_id for e in entries) == sorted(str(v.pk) for v in values)
    assert {(e.old["self_points"], e.new["inputs"]["count"], e.actor_id) for e in entries} == {(None, 6, officer_a.pk)}


def test_clearing_saved_rows_stores_empty_inputs_and_no_points(officer_a_client, sub_a, nts):
    assert officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS)).status_code == 302
    # Every row blank: a column of nothing but NULL points, and empty JSON objects.
    assert officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {})).status_code == 302
    values = IndicatorValue.objects.filter(submission=sub_a, indicator__code__in=FULL_NTS)
    assert {(v.indicator.code, str(v.inputs), v.self_points, v.version) for v in values} == {
        (code, "{}", None, 2) for code in FULL_NTS
    }
    cleared = AuditEntry.objects.filter(action="value.update", new__self_points=None)
    assert {e.old["self_points"] for e in cleared} == {"5.00", "10.00"}
    assert cleared.count() == len(FULL_NTS)


def test_save_stores_points_inputs_time_and_author_as_the_orm_reads_them(officer_a_client, officer_a, sub_a, nts):
    before = timezone.now()
    assert officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS)).status_code == 302
    ratio = IndicatorValue.objects.get(submission=sub_a, indicator__code="1.3")
    assert ratio.inputs == {"numerator": "1234", "denominator": "2468"}
    assert ratio.self_points == Decimal("10.00")
    assert ratio.updated_by == officer_a
    assert before <= ratio.updated_at <= timezone.now()
    entry = AuditEntry.objects.get(action="value.update", target_id=str(ratio.pk))
    assert entry.target_type == ContentType.objects.get_for_model(IndicatorValue)
    assert entry.target == ratio
    assert before <= entry.created_at <= timezone.now()
    assert entry.new == {"inputs": {"numerator": "1234", "denominator": "2468"}, "self_points": "10.00"}
    assert (entry.actor, entry.unit, entry.interface, entry.note) == (officer_a, sub_a.unit, "web", "")


def test_a_save_of_more_rows_than_sqlite_takes_parameters_writes_every_audit_row(officer_a_client, sub_a, nts):
    _add_count_indicators(sub_a, nts, 110)  # with 1.4, 111 audit rows of 10 columns: over 999 parameters
    _save(officer_a_client, sub_a, nts, 6)
    assert AuditEntry.objects.filter(action="value.update", unit=sub_a.unit).count() == 111
    assert set(
        IndicatorValue.objects.filter(submission=sub_a, indicator__rule_type="count_threshold").values_list("version", flat=True)
    ) == {1}
