"""Inputs the province does not type, as the reviewer meets them: a ratio's denominator taken
from general information (shown with its source, measured with each unit's own figure for
the flags), automatic measurements with their source, and last year's figures of the units a
merged province was formed from."""

from __future__ import annotations

import html
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import RankingGroup, Role, UnitLineage
from assessments import services
from assessments.models import GeneralInfoValue, Indicator, IndicatorValue, Submission
from tests import factories
from tests.review.conftest import fill, send, value

pytestmark = pytest.mark.django_db

# Indicator 2.1 of the test framework, its denominator taken from general information TT.1.
OVER_POPULATION = {
    "numerator_vi": "Số người trưởng thành có điện thoại thông minh", "denominator_vi": "Dân số trưởng thành",
    "target": "0.8", "allow_exceed": False, "denominator_from": "TT.1",
}


def _over_population(framework) -> None:
    Indicator.objects.filter(framework=framework, code="2.1").update(rule_params=OVER_POPULATION)


def _report(sub: Submission, *, population, numerator, officer=None) -> Submission:
    """Fill the submission, then report 2.1 as the officer's save stores it: the numerator
    typed, the population in the general information."""
    fill(sub)
    GeneralInfoValue.objects.filter(submission=sub, item__code="TT.1").update(value=Decimal(population))
    v = value(sub, "2.1")
    scored = services.score_inputs(v.indicator, {"numerator": str(numerator)}, {"TT.1": Decimal(population)})
    assert not scored.errors and set(scored.inputs) == {"numerator"}
    IndicatorValue.objects.filter(pk=v.pk).update(inputs=scored.inputs, self_points=scored.points)
    if officer is None:
        officer = factories.UserFactory(username=f"off_{sub.unit.code}", role=Role.OFFICER, unit=sub.unit)
    return send(sub, officer)


def _card(client, sub, code) -> str:
    v = value(sub, code)
    r = client.get(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{v.indicator.main_index_id}/")
    assert r.status_code == 200
    match = re.search(rf'<section[^>]*id="ind-{v.pk}".*?</section>', r.content.decode(), re.S)
    assert match
    return html.unescape(match.group(0))


def _flags(card: str) -> list[str]:
    found = re.search(r'<ul class="list-unstyled mb-2" aria-label="Cảnh báo">(.*?)</ul>', card, re.S)
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S)] if found else []


# --- shown with its source -------------------------------------------------------------------


def test_a_general_information_denominator_is_shown_with_its_source(reviewer_client, rnd, province_a, officer_a):
    _over_population(rnd.framework)
    sub = _report(rnd.submissions.get(unit=province_a), population=549_600, numerator=400_000, officer=officer_a)
    card = _card(reviewer_client, sub, "2.1")
    assert "<dd class=\"col-sm-5 mb-1\">400.000</dd>" in card
    assert "<dd class=\"col-sm-5 mb-1\">549.600 (Thông tin chung: Dân số (TT.1))</dd>" in card


def test_a_missing_general_information_figure_says_so_with_its_source(reviewer_client, rnd, province_a, officer_a):
    _over_population(rnd.framework)
    sub = _report(rnd.submissions.get(unit=province_a), population=1000, numerator=500, officer=officer_a)
    GeneralInfoValue.objects.filter(submission=sub, item__code="TT.1").update(value=None)
    assert "Chưa nhập (Thông tin chung: Dân số (TT.1))" in _card(reviewer_client, sub, "2.1")


def test_an_automatic_value_is_shown_with_its_platform_and_time(reviewer_client, sub_a):
    IndicatorValue.objects.filter(pk=value(sub_a, "2.3").pk).update(
        source="Hệ thống EMC", measured_at=factories.aware(2025, 4, 2, 8, 15)
    )
    assert "Nguồn: Hệ thống EMC, đo lúc 08:15 02/04/2025" in _card(reviewer_client, sub_a, "2.3")


def test_an_automatic_value_not_yet_measured_names_the_expected_source(reviewer_client, sub_a):
    IndicatorValue.objects.filter(pk=value(sub_a, "2.3").pk).update(inputs={}, self_points=None)
    card = _card(reviewer_client, sub_a, "2.3")
    assert "Đo tự động từ Nền tảng đo lường chuyển đổi số quốc gia; chưa nhận số liệu." in card
    assert "Đơn vị chưa nhập số liệu." not in card  # the province does not enter it


def test_the_export_shows_the_denominator_with_its_source_and_the_measurement(reviewer_client, rnd, province_a, officer_a):
    _over_population(rnd.framework)
    sub = _report(rnd.submissions.get(unit=province_a), population=549_600, numerator=400_000, officer=officer_a)
    IndicatorValue.objects.filter(pk=value(sub, "2.3").pk).update(
        source="Hệ thống EMC", measured_at=factories.aware(2025, 4, 2, 8, 15)
    )
    r = reviewer_client.get(f"/tham-dinh/ho-so/{sub.pk}/excel/")
    rows = {row[0]: row for row in load_workbook(io.BytesIO(r.content))["Chi tiet"].iter_rows(min_row=4, values_only=True)}
    assert rows["2.1"][4] == (
        "Số người trưởng thành có điện thoại thông minh: 400.000\n"
        "Dân số trưởng thành: 549.600 (Thông tin chung: Dân số (TT.1))"
    )
    assert rows["2.3"][9] == "Nguồn: Hệ thống EMC, đo lúc 08:15 02/04/2025"
    assert rows["1.2"][9] is None  # typed by the province: no source to state


# --- flags over general-information ratios ---------------------------------------------------


def test_a_ratio_over_population_far_below_the_others_is_an_outlier(reviewer_client):
    units = [factories.UnitFactory(code=f"P{i}", name=f"Tỉnh P{i}") for i in range(6)]
    rnd = factories.make_round(units=units)
    _over_population(rnd.framework)
    subs = list(rnd.submissions.select_related("unit").order_by("unit__code"))
    # Shares of about 0.5 to 0.6 of very different populations; P0 reports 1 of 10 000.
    for i, sub in enumerate(subs):
        population = 10_000 * (i + 1)
        _report(sub, population=population, numerator=1 if i == 0 else population * (50 + 2 * i) // 100)
    assert "Giá trị bất thường so với các đơn vị khác trong đợt." in _flags(_card(reviewer_client, subs[0], "2.1"))
    assert _flags(_card(reviewer_client, subs[3], "2.1")) == []


def test_a_ratio_over_population_that_collapses_against_last_year_is_a_jump(reviewer_client, province_a, officer_a, settings):
    settings.REVIEW_JUMP_THRESHOLD = 0.5
    last = factories.make_round(year=2024, units=[province_a])
    _over_population(last.framework)
    _report(last.submissions.get(), population=100_000, numerator=88_000, officer=officer_a)
    now = factories.make_round(year=2025, units=[province_a])
    sub = _report(now.submissions.get(), population=120_000, numerator=12, officer=officer_a)
    assert "Thay đổi lớn so với năm trước (0,88 → 0,0001)." in _flags(_card(reviewer_client, sub, "2.1"))


def test_a_ratio_over_a_grown_population_is_not_a_jump(reviewer_client, province_a, officer_a, settings):
    # Numerators 880 → 1 056 look like +20 %, but so did the population: the share stands.
    settings.REVIEW_JUMP_THRESHOLD = 0.1
    last = factories.make_round(year=2024, units=[province_a])
    _over_population(last.framework)
    _report(last.submissions.get(), population=1000, numerator=880, officer=officer_a)
    now = factories.make_round(year=2025, units=[province_a])
    sub = _report(now.submissions.get(), population=1200, numerator=1056, officer=officer_a)
    assert _flags(_card(reviewer_client, sub, "2.1")) == []


# --- jumps across the merger -----------------------------------------------------------------


def _merged_round(settings, *, threshold, earlier: dict[str, str], merged_numerator: str):
    """Two 63-unit provinces reported 1.3 in 2024; the province they merged into reports it
    in the first 34-unit round."""
    settings.REVIEW_JUMP_THRESHOLD = threshold
    old = [factories.UnitFactory(code=code, name=name) for code, name in (("40", "Nghệ An"), ("42", "Hà Tĩnh"))]
    merged = factories.UnitFactory(code="2025-40", name="Nghệ An (mới)", ranking_group=RankingGroup.PROVINCES_34)
    for unit in old:
        UnitLineage.objects.create(successor=merged, predecessor=unit, effective_date="2025-07-01")
    last = factories.make_round(year=2024, units=old)
    for sub in last.submissions.select_related("unit"):
        fill(sub, inputs={"1.3": {"numerator": earlier[sub.unit.code], "denominator": "100"}})
        officer = factories.UserFactory(username=f"off_{sub.unit.code}", role=Role.OFFICER, unit=sub.unit)
        send(sub, officer)
    now = factories.make_round(year=2025, units=[merged])
    now.ranking_group = RankingGroup.PROVINCES_34
    now.save()
    sub = now.submissions.get()
    fill(sub, inputs={"1.3": {"numerator": merged_numerator, "denominator": "100"}})
    return send(sub, factories.UserFactory(username="off_merged", role=Role.OFFICER, unit=merged))


def test_a_merged_unit_is_compared_with_the_mean_of_its_predecessors(reviewer_client, settings):
    sub = _merged_round(settings, threshold=0.5, earlier={"40": "20", "42": "40"}, merged_numerator="80")
    assert _flags(_card(reviewer_client, sub, "1.3")) == [
        "Thay đổi lớn so với năm 2024 của các đơn vị trước hợp nhất (trung bình của Hà Tĩnh, Nghệ An: 0,3 → 0,8)."
    ]


def test_a_merged_unit_at_its_predecessors_mean_is_not_a_jump(reviewer_client, settings):
    # 0.3 is 50 % above Hà Tĩnh's 0.2 alone, but it is the predecessors' mean.
    sub = _merged_round(settings, threshold=0.4, earlier={"40": "20", "42": "40"}, merged_numerator="30")
    assert _flags(_card(reviewer_client, sub, "1.3")) == []


def test_a_unit_with_its_own_last_year_is_compared_with_it_not_its_predecessors(reviewer_client, settings):
    sub = _merged_round(settings, threshold=0.5, earlier={"40": "20", "42": "40"}, merged_numerator="30")
    # The merged unit's second round: its own 2025 (0.3) is last year now.
    later = factories.make_round(year=2026, units=[sub.unit])
    later.ranking_group = RankingGroup.PROVINCES_34
    later.save()
    nxt = later.submissions.get()
    fill(nxt, inputs={"1.3": {"numerator": "90", "denominator": "100"}})
    nxt = send(nxt, factories.UserFactory(username="off_merged_2026", role=Role.OFFICER, unit=sub.unit))
    assert _flags(_card(reviewer_client, nxt, "1.3")) == ["Thay đổi lớn so với năm trước (0,3 → 0,9)."]
