"""Entry by rule type: one page per main index, points from the engine; a save keeps every valid row
(the row-by-row save and the partial page save: test_autosave.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AuditEntry, Role
from assessments import services
from assessments.models import Indicator, IndicatorValue, Round
from tests import factories
from tests.assessments.conftest import FULL_NTS, entry_post, entry_url, value

pytestmark = pytest.mark.django_db


def snapshot(sub):
    return list(IndicatorValue.objects.filter(submission=sub).order_by("pk").values_list("inputs", "self_points", "version"))


def test_entry_page_shows_one_input_per_rule_field(officer_a_client, sub_a, nts):
    response = officer_a_client.get(entry_url(sub_a, nts))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="v{value(sub_a, "1.1").pk}-choice"' in html
    assert f'name="v{value(sub_a, "1.2").pk}-answer"' in html
    assert f'name="v{value(sub_a, "1.3").pk}-numerator"' in html
    assert f'name="v{value(sub_a, "1.3").pk}-denominator"' in html
    assert f'name="v{value(sub_a, "1.4").pk}-count"' in html
    # The ratio's meaning and the rule, in plain Vietnamese.
    assert "Số hồ sơ xử lý trực tuyến toàn trình" in html
    assert "Tử số không được lớn hơn mẫu số" in html
    assert "data-warn-unsaved" in html


def test_officer_fills_a_whole_main_index_and_sees_the_points(officer_a_client, sub_a, nts):
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    assert response.status_code == 302
    points = {c: value(sub_a, c).self_points for c in FULL_NTS}
    assert points == {"1.1": Decimal("5.00"), "1.2": Decimal("10.00"), "1.3": Decimal("10.00"), "1.4": Decimal("10.00")}
    assert value(sub_a, "1.3").inputs == {"numerator": "1234", "denominator": "2468"}
    assert value(sub_a, "1.2").inputs == {"answer": True}
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert 'value="1.234"' in page  # shown back the Vietnamese way, thousands grouped
    overview = officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/").content.decode()
    assert "35,00" in overview


def test_saving_writes_an_audit_row_per_changed_value(officer_a_client, officer_a, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "no"}}))
    entry = AuditEntry.objects.get(action="value.update")
    assert entry.actor == officer_a
    assert entry.old == {"inputs": {}, "self_points": None}
    assert entry.new == {"inputs": {"answer": False}, "self_points": "0.00"}
    assert entry.unit == sub_a.unit and entry.interface == "web"


def test_history_page_lists_the_changes(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.4": {"count": "3"}}))
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.4": {"count": "12"}}))
    html = officer_a_client.get(f"/tu-danh-gia/gia-tri/{value(sub_a, '1.4').pk}/lich-su/").content.decode()
    assert "3 buổi" in html and "12 buổi" in html and "Nguyễn Văn officer_a" in html


def test_blank_rows_stay_unfilled_in_a_draft(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "yes"}}))
    assert value(sub_a, "1.2").self_points == Decimal("10.00")
    assert value(sub_a, "1.3").self_points is None


@pytest.mark.parametrize(
    "code,inputs,field,message",
    [
        ("1.3", {"numerator": "300", "denominator": "200"}, "numerator", "không được lớn hơn mẫu số"),
        ("1.3", {"numerator": "-5", "denominator": "200"}, "numerator", "không được âm"),
        ("1.3", {"numerator": "mười", "denominator": "200"}, "numerator", "không phải là số hợp lệ"),
        ("1.3", {"numerator": "5", "denominator": ""}, "denominator", "Chưa nhập giá trị"),
        ("1.4", {"count": "2,5"}, "count", "số nguyên"),
        ("1.1", {"choice": "khong_co"}, "choice", "không có trong danh sách"),
        ("1.3", {"numerator": "9" * 5000, "denominator": "200"}, "numerator", "Số quá dài: tối đa 40 ký tự."),
        ("1.3", {"numerator": "5", "denominator": "1" * 16}, "denominator", "tối đa 15 chữ số ở phần nguyên"),
        ("1.3", {"numerator": "0,12345", "denominator": "1"}, "numerator", "Tối đa 4 chữ số sau dấu thập phân."),
    ],
)
def test_bad_input_is_refused_on_its_field_and_the_good_rows_are_saved(officer_a_client, sub_a, nts, code, inputs, field, message):
    bad = value(sub_a, code)
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {**FULL_NTS, code: inputs}))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_v{bad.pk}-{field}-error"' in html
    assert message in html
    bad.refresh_from_db()
    assert (bad.inputs, bad.self_points, bad.version) == ({}, None, 0)  # the bad row: nothing saved
    saved = {c for c in FULL_NTS if value(sub_a, c).self_points is not None}
    assert saved == set(FULL_NTS) - {code}  # the good rows were
    assert AuditEntry.objects.filter(action="value.update").count() == 3


def test_a_refused_row_keeps_what_was_typed(officer_a_client, sub_a, nts):
    ratio = value(sub_a, "1.3")
    typed = {**FULL_NTS, "1.3": {"numerator": "mười", "denominator": "200"}}
    html = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, typed)).content.decode()
    assert f'name="v{ratio.pk}-numerator" id="id_v{ratio.pk}-numerator" value="mười"' in html
    assert f'name="v{ratio.pk}-denominator" id="id_v{ratio.pk}-denominator" value="200"' in html


def test_percentage_accepts_a_decimal_comma(officer_a_client, sub_a, hts):
    officer_a_client.post(entry_url(sub_a, hts), entry_post(sub_a, hts, {"2.2": {"value": "87,5"}}))
    assert value(sub_a, "2.2").self_points == Decimal("8.75")


def test_automatic_indicator_shows_its_source_and_cannot_be_edited(officer_a_client, sub_a, hts):
    auto = value(sub_a, "2.3")
    IndicatorValue.objects.filter(pk=auto.pk).update(inputs={"value": "64"}, self_points=Decimal("6.4"), source="Nền tảng DTI")
    html = officer_a_client.get(entry_url(sub_a, hts)).content.decode()
    assert "Nền tảng DTI" in html and "64%" in html
    assert f'name="v{auto.pk}-value"' not in html
    data = entry_post(sub_a, hts, {})
    data.update({f"v{auto.pk}-value": "100", f"v{auto.pk}-version": "0"})
    officer_a_client.post(entry_url(sub_a, hts), data)
    assert value(sub_a, "2.3").self_points == Decimal("6.40")


def test_points_fragment_computes_without_saving(officer_a_client, sub_a):
    v = value(sub_a, "1.3")
    response = officer_a_client.get(
        f"/tu-danh-gia/gia-tri/{v.pk}/diem/", {f"v{v.pk}-numerator": "75", f"v{v.pk}-denominator": "100"}
    )
    assert response.status_code == 200
    assert "15,00" in response.content.decode()
    v.refresh_from_db()
    assert v.self_points is None and v.inputs == {}


def test_points_fragment_explains_a_rule_violation(officer_a_client, sub_a):
    v = value(sub_a, "1.3")
    response = officer_a_client.get(
        f"/tu-danh-gia/gia-tri/{v.pk}/diem/", {f"v{v.pk}-numerator": "150", f"v{v.pk}-denominator": "100"}
    )
    assert "không được lớn hơn mẫu số" in response.content.decode()


def test_points_fragment_rejects_post(officer_a_client, sub_a):
    assert officer_a_client.post(f"/tu-danh-gia/gia-tri/{value(sub_a, '1.3').pk}/diem/").status_code == 405


def test_entry_page_query_count_does_not_grow_with_indicators(officer_a_client, sub_a, nts, django_assert_max_num_queries):
    with django_assert_max_num_queries(14) as small:
        officer_a_client.get(entry_url(sub_a, nts))
    n_small = len(small.captured_queries)
    base = Indicator.objects.get(framework=sub_a.round.framework, code="1.4")
    for i in range(30):
        ind = Indicator.objects.create(
            framework=base.framework, main_index=nts, code=f"1.9.{i}", name_vi=f"Chỉ số thêm {i}", max_points=1,
            rule_type=base.rule_type, rule_params=base.rule_params, evidence="required", order=100 + i,
        )
        IndicatorValue.objects.create(submission=sub_a, indicator=ind)
    with django_assert_max_num_queries(n_small) as big:
        response = officer_a_client.get(entry_url(sub_a, nts))
    assert response.content.decode().count('class="card mb-3 indicator-row') == 34
    assert len(big.captured_queries) == n_small


def test_second_officer_gets_a_conflict_and_keeps_what_they_typed(officer_a_client, sub_a, nts, province_a, client):
    colleague = factories.UserFactory(username="officer_a2", role=Role.OFFICER, unit=province_a)
    stale_versions = {c: value(sub_a, c).version for c in FULL_NTS}
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "yes"}}))
    client.force_login(colleague)
    response = client.post(
        entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "no"}, "1.4": {"count": "4"}}, stale_versions)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert value(sub_a, "1.2").inputs == {"answer": True}  # nothing overwritten
    assert value(sub_a, "1.4").self_points is not None  # the row nobody else touched is saved
    assert "1 chỉ số chưa được lưu vì người khác vừa lưu trong lúc bạn nhập" in html
    assert "Nguyễn Văn officer_a đã lưu" in html
    yes_no = value(sub_a, "1.2")
    assert f'id="id_v{yes_no.pk}-answer-no" value="no" checked' in html  # their own typing kept
    # Saving again from the conflict page is a deliberate overwrite.
    data = {k: v for k, v in entry_post(sub_a, nts, {"1.2": {"answer": "no"}, "1.4": {"count": "4"}}).items()}
    assert client.post(entry_url(sub_a, nts), data).status_code == 302
    assert value(sub_a, "1.2").inputs == {"answer": False}


def test_concurrent_update_between_read_and_write_rolls_back_the_whole_save(officer_a, sub_a, nts, monkeypatch):
    rows = {
        value(sub_a, "1.2").pk: {"inputs": {"answer": "yes"}, "version": 0},
        value(sub_a, "1.4").pk: {"inputs": {"count": "12"}, "version": 0},
    }
    target = value(sub_a, "1.4")
    real_score_inputs = services.score_inputs

    def racing_score_inputs(*args, **kwargs):
        # Someone saves 1.4 right after our read (the rows are scored between the read and the
        # write): our compare-and-set must find it moved.
        IndicatorValue.objects.filter(pk=target.pk, version=0).update(version=5)
        return real_score_inputs(*args, **kwargs)

    monkeypatch.setattr(services.entry, "score_inputs", racing_score_inputs)
    with pytest.raises(services.StaleSave) as caught:
        services.save_main_index(actor=officer_a, submission=sub_a, main_index=nts, rows=rows)
    monkeypatch.undo()
    assert set(caught.value.conflicts) == {target.pk}
    assert caught.value.conflicts[target.pk].version == 5
    assert value(sub_a, "1.2").self_points is None
    assert value(sub_a, "1.4").inputs == {}
    assert not AuditEntry.objects.filter(action="value.update").exists()


def test_edit_after_the_deadline_is_refused_and_nothing_changes(officer_a_client, sub_a, nts):
    before = snapshot(sub_a)
    Round.objects.filter(pk=sub_a.round_id).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đã quá hạn nộp" in html
    assert 'value="1.234"' in html  # what they typed is still on the page
    assert snapshot(sub_a) == before


def test_deadline_extension_reopens_editing_for_that_unit(officer_a, sub_a, nts):
    from assessments.models import Submission

    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=timezone.now() + dt.timedelta(days=40))
    sub_a.refresh_from_db()
    with time_machine.travel(sub_a.round.closes_at + dt.timedelta(days=1)):
        services.save_main_index(
            actor=officer_a, submission=sub_a, main_index=nts, rows={value(sub_a, "1.2").pk: {"inputs": {"answer": "yes"}, "version": 0}}
        )
    assert value(sub_a, "1.2").self_points == Decimal("10.00")


def test_service_refuses_an_officer_of_another_unit(officer_b, sub_a, nts):
    with pytest.raises(services.AssessmentError):
        services.save_main_index(
            actor=officer_b, submission=sub_a, main_index=nts, rows={value(sub_a, "1.2").pk: {"inputs": {"answer": "yes"}, "version": 0}}
        )
    assert value(sub_a, "1.2").self_points is None


def test_last_years_values_are_shown_beside_the_inputs(officer_a_client, sub_a, nts, province_a):
    last = factories.make_round(year=2024, units=[province_a], framework=sub_a.round.framework,
                                opens_at=timezone.now() - dt.timedelta(days=400), closes_at=timezone.now() - dt.timedelta(days=300))
    old = last.submissions.get().values.get(indicator__code="1.3")
    IndicatorValue.objects.filter(pk=old.pk).update(inputs={"numerator": "40", "denominator": "80"}, self_points=10, final_points=Decimal("9.50"))
    html = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "40 / 80" in html and "9,50" in html


def test_a_merged_unit_sees_its_predecessors_last_year(client, sub_a, nts):
    from accounts.models import UnitLineage

    merged = factories.UnitFactory(code="2025-48", name="Đà Nẵng (mới)")
    UnitLineage.objects.create(successor=merged, predecessor=sub_a.unit, effective_date=dt.date(2025, 7, 1))
    new_round = factories.make_round(year=sub_a.round.year + 1, units=[merged], framework=sub_a.round.framework)
    IndicatorValue.objects.filter(submission=sub_a, indicator__code="1.2").update(inputs={"answer": True}, self_points=10)
    officer = factories.UserFactory(username="officer_new", role=Role.OFFICER, unit=merged)
    client.force_login(officer)
    html = client.get(entry_url(new_round.submissions.get(), nts)).content.decode()
    assert "Đà Nẵng: <strong>Có</strong>" in html


# --- What a save reads from the POST --------------------------------------------------------


def test_the_post_is_read_by_field_name_row_by_row():
    from django.http import QueryDict

    from assessments.forms import posted_rows

    data = QueryDict(mutable=True)
    data.update({"csrfmiddlewaretoken": "x", "v12-version": "3", "v12-numerator": "1,5", "v12-denominator": "2",
                 "v13-answer": "yes", "v14-version": "sáu", "vabc-version": "1", "v15": "1", "v16-Version": "1"})
    assert posted_rows(data) == {
        12: {"inputs": {"numerator": "1,5", "denominator": "2"}, "version": 3},
        13: {"inputs": {"answer": "yes"}, "version": -1},  # no version: stale, never current
        14: {"inputs": {}, "version": -1},
    }


def test_a_save_of_some_rows_leaves_the_others_as_they_are(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    yes_no = value(sub_a, "1.2")
    response = officer_a_client.post(
        entry_url(sub_a, nts), {f"v{yes_no.pk}-version": yes_no.version, f"v{yes_no.pk}-answer": "no"}
    )
    assert response.status_code == 302
    assert value(sub_a, "1.2").inputs == {"answer": False}
    assert value(sub_a, "1.3").inputs == {"numerator": "1234", "denominator": "2468"}


def test_a_row_of_another_main_index_is_refused_and_nothing_is_saved(officer_a_client, sub_a, nts, hts):
    before = snapshot(sub_a)
    other = value(sub_a, "2.2")  # a main index other than the page's
    data = {**entry_post(sub_a, nts, FULL_NTS), f"v{other.pk}-version": other.version, f"v{other.pk}-value": "50"}
    response = officer_a_client.post(entry_url(sub_a, nts), data)
    assert response.status_code == 200
    assert "không thuộc chỉ số chính này" in response.content.decode()
    assert snapshot(sub_a) == before
