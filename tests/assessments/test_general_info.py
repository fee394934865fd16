"""General information: the denominators, on their own small form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accounts.models import AuditEntry
from assessments.models import GeneralInfoValue, Indicator, IndicatorValue
from tests.assessments.conftest import entry_post, entry_url, value

pytestmark = pytest.mark.django_db


def gi_url(sub):
    return f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/"


def test_general_information_is_saved_with_vietnamese_separators(officer_a_client, sub_a):
    gv = GeneralInfoValue.objects.get(submission=sub_a)  # the population: a count
    assert officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "1.234.567", f"g{gv.pk}-version": "0"}).status_code == 302
    gv.refresh_from_db()
    assert gv.value == Decimal("1234567") and gv.version == 1
    assert AuditEntry.objects.filter(action="general_info.update").exists()


def test_bad_general_information_is_refused(officer_a_client, sub_a):
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "-3", f"g{gv.pk}-version": "0"})
    assert "không được âm" in response.content.decode()
    gv.refresh_from_db()
    assert gv.value is None


def test_a_ratio_takes_its_denominator_from_general_information(officer_a_client, sub_a, nts):
    ind = Indicator.objects.get(framework=sub_a.round.framework, code="1.3")
    ind.rule_params = {**ind.rule_params, "denominator_from": "TT.1"}
    ind.save()
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    v = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert f'name="v{v.pk}-denominator"' not in page and "Dân số" in page
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "50"}}))
    assert (value(sub_a, "1.3").inputs, value(sub_a, "1.3").self_points) == ({"numerator": "50"}, None)  # waits for it
    officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "200", f"g{gv.pk}-version": "0"})
    assert value(sub_a, "1.3").self_points == Decimal("5.00")  # scored as soon as the denominator came
    assert value(sub_a, "1.3").inputs == {"numerator": "50"}
    # Changing the denominator rescores the ratio.
    officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "100", f"g{gv.pk}-version": "1"})
    assert value(sub_a, "1.3").self_points == Decimal("10.00")
    assert AuditEntry.objects.filter(action="value.rescore").exists()


def test_stale_general_information_is_a_conflict(officer_a_client, sub_a):
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    GeneralInfoValue.objects.filter(pk=gv.pk).update(value=10, version=3)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "20", f"g{gv.pk}-version": "0"})
    html = response.content.decode()
    assert "Người khác vừa lưu" in html and 'value="20"' in html
    gv.refresh_from_db()
    assert gv.value == Decimal("10")


def test_other_units_general_information_is_404(officer_b_client, sub_a):
    assert officer_b_client.get(gi_url(sub_a)).status_code == 404
    assert IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("9" * 5000, "Số quá dài: tối đa 40 ký tự."), ("1" * 16, "Số quá lớn: tối đa 15 chữ số ở phần nguyên.")],
)
def test_general_information_beyond_the_bounds_is_refused_with_the_limit(officer_a_client, sub_a, typed, message):
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": typed, f"g{gv.pk}-version": "0"})
    assert (response.status_code, message in response.content.decode()) == (200, True)
    gv.refresh_from_db()
    assert gv.value is None


def test_general_information_grouped_by_commas_is_read_as_thousands(officer_a_client, sub_a):
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "1,234,567", f"g{gv.pk}-version": "0"})
    gv.refresh_from_db()
    assert gv.value == Decimal("1234567")
