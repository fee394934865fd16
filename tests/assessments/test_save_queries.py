"""A save of a main index costs the same number of queries whatever the number of changed rows:
one compare-and-set for all rows, one UPDATE, one INSERT of the audit rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from assessments.models import Indicator, IndicatorValue
from tests.assessments.conftest import entry_post, entry_url

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
