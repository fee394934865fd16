"""Validation rules live on entry and at submission, through the province's pages."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEntry
from assessments.framework_loader import load_framework_file
from assessments.models import GeneralInfoValue, Indicator
from assessments.scoring import validation as v
from tests import factories
from tests.assessments.conftest import entry_post, entry_url, value
from tests.assessments.test_excel import GOOD, fill, template
from tests.assessments.test_excel import url as excel_url
from tests.assessments.test_submission import complete

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "frameworks"


def gi_url(sub):
    return f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/"


def declare(framework, *rules: tuple[str, str, str, str, str]) -> None:
    """Give the test framework validation rules: (code, left, operator, right, severity)."""
    stored = []
    for code, left, op, right, severity in rules:
        lhs, _ = v.parse_expression(left)
        rhs, _ = v.parse_expression(right)
        rule = v.ValidationRule(code, lhs, op, rhs, severity, message_vi=f"Quy tắc {code} bị vi phạm")
        stored.append(v.rule_to_json(rule))
    framework.validation_rules = stored
    framework.save(update_fields=["validation_rules"])


def population(sub, figure):
    GeneralInfoValue.objects.filter(submission=sub, item__code="TT.1").update(value=Decimal(figure))


def test_an_error_rule_refuses_the_save_with_its_message_on_the_row(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("R1", "1.3.numerator", "<=", "gi.TT.1", v.SEVERITY_ERROR))
    population(sub_a, "100")
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "150", "denominator": "200"}}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quy tắc R1 bị vi phạm (1.3.numerator &lt;= gi.TT.1 không thỏa: 150 so với 100)" in html
    assert 'value="150"' in html  # what was typed is kept
    assert value(sub_a, "1.3").inputs == {} and value(sub_a, "1.3").self_points is None


def test_an_error_rule_lets_figures_that_satisfy_it_through(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("R1", "1.3.numerator", "<=", "gi.TT.1", v.SEVERITY_ERROR))
    population(sub_a, "100")
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "100", "denominator": "200"}}))
    assert response.status_code == 302
    assert value(sub_a, "1.3").inputs == {"numerator": "100", "denominator": "200"}


def test_an_error_rule_not_yet_answerable_does_not_block(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("R1", "1.3.numerator", "<=", "gi.TT.1", v.SEVERITY_ERROR))  # population not entered
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "150", "denominator": "200"}}))
    assert response.status_code == 302


def test_an_error_rule_about_other_rows_does_not_block_this_save(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("R1", "gi.TT.1", ">", "1000", v.SEVERITY_ERROR))
    population(sub_a, "100")
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.4": {"count": "6"}}))
    assert response.status_code == 302


def test_a_warning_saves_shows_the_message_and_asks_for_an_explanation(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("W1", "1.3.denominator", "<=", "gi.TT.1", v.SEVERITY_WARNING))
    population(sub_a, "100")
    response = officer_a_client.post(
        entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "50", "denominator": "200"}}), follow=True
    )
    html = response.content.decode()
    row = value(sub_a, "1.3")
    assert row.inputs == {"numerator": "50", "denominator": "200"}  # saved
    assert "Cảnh báo: Quy tắc W1 bị vi phạm (1.3.denominator &lt;= gi.TT.1 không thỏa: 200 so với 100). Số liệu đã được lưu." in html
    assert f'name="v{row.pk}-warning_note"' in html
    assert f'name="v{value(sub_a, "1.4").pk}-warning_note"' not in html  # only the questioned row asks


def test_the_explanation_of_a_warning_is_stored_on_the_value_and_audited(officer_a, officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("W1", "1.3.denominator", "<=", "gi.TT.1", v.SEVERITY_WARNING))
    population(sub_a, "100")
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "50", "denominator": "200"}}))
    row = value(sub_a, "1.3")
    data = entry_post(sub_a, nts, {"1.3": {"numerator": "50", "denominator": "200", "warning_note": "Gồm cả lao động hợp đồng."}})
    assert officer_a_client.post(entry_url(sub_a, nts), data).status_code == 302
    row.refresh_from_db()
    assert row.warning_note == "Gồm cả lao động hợp đồng."
    entry = AuditEntry.objects.get(action="value.warning_note")
    assert (entry.actor, entry.new) == (officer_a, {"warning_note": "Gồm cả lao động hợp đồng."})
    assert "Gồm cả lao động hợp đồng." in officer_a_client.get(entry_url(sub_a, nts)).content.decode()


def test_an_overlong_explanation_is_refused(officer_a_client, sub_a, nts):
    data = entry_post(sub_a, nts, {"1.3": {"numerator": "50", "denominator": "200", "warning_note": "x" * 2001}})
    response = officer_a_client.post(entry_url(sub_a, nts), data)
    assert "Giải trình tối đa 2000 ký tự." in response.content.decode()
    assert value(sub_a, "1.3").inputs == {}


def test_an_error_rule_on_general_information_refuses_it_with_the_message_on_the_field(officer_a_client, sub_a):
    declare(sub_a.round.framework, ("R2", "gi.TT.1", ">=", "1000", v.SEVERITY_ERROR))
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "999", f"g{gv.pk}-version": "0"})
    assert "Quy tắc R2 bị vi phạm (gi.TT.1 &gt;= 1000 không thỏa: 999 so với 1.000)" in response.content.decode()
    gv.refresh_from_db()
    assert gv.value is None


def test_a_general_information_denominator_of_zero_is_refused_naming_the_ratio(officer_a_client, sub_a, nts):
    ind = Indicator.objects.get(framework=sub_a.round.framework, code="1.3")
    ind.rule_params = {**ind.rule_params, "denominator_from": "TT.1"}
    ind.save()
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "0", f"g{gv.pk}-version": "0"})
    assert "Đây là mẫu số của chỉ số 1.3 nên phải lớn hơn 0." in response.content.decode()
    gv.refresh_from_db()
    assert gv.value is None


def test_zero_general_information_that_is_no_denominator_is_saved(officer_a_client, sub_a):
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    assert officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "0", f"g{gv.pk}-version": "0"}).status_code == 302
    gv.refresh_from_db()
    assert gv.value == Decimal("0")


def test_an_error_rule_blocks_submission_and_is_listed_on_the_submit_page(officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)  # 2.1 reports 700 of 1000
    # A rule the stored figures break (declared after they were saved, as an import would leave them).
    declare(sub_a.round.framework, ("R3", "2.1.numerator", "<=", "600", v.SEVERITY_ERROR))
    response = officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    html = response.content.decode()
    sub_a.refresh_from_db()
    assert (response.status_code, sub_a.status) == (200, "draft")
    assert "Số liệu mâu thuẫn: Quy tắc R3 bị vi phạm (2.1.numerator &lt;= 600 không thỏa: 700 so với 600)" in html
    assert f'{entry_url(sub_a, hts)}#value-{value(sub_a, "2.1").pk}' in html


def test_the_links_of_the_errors_listed_at_submission_cost_no_query_each(officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)  # 2.1 reports 700 of 1000
    submit = f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/"
    declare(sub_a.round.framework, ("R3", "2.1.numerator", "<=", "600", v.SEVERITY_ERROR))
    officer_a_client.post(submit)  # the session and caches warmed
    with CaptureQueriesContext(connection) as one_error:
        officer_a_client.post(submit)
    declare(
        sub_a.round.framework,
        *((f"R{n}", "2.1.numerator", "<=", str(100 * n), v.SEVERITY_ERROR) for n in (3, 4, 5)),
    )
    with CaptureQueriesContext(connection) as three_errors:
        response = officer_a_client.post(submit)
    assert response.content.decode().count(f'{entry_url(sub_a, hts)}#value-{value(sub_a, "2.1").pk}') == 3
    assert len(three_errors) == len(one_error)


def test_a_warning_rule_does_not_block_submission(officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)
    declare(sub_a.round.framework, ("W3", "2.1.numerator", "<=", "600", v.SEVERITY_WARNING))
    assert officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/").status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == "submitted"


def test_the_seeded_rule_catches_more_officials_than_people(officer_a_client, province_a):
    framework, _changed = load_framework_file(SEEDS / "922-tinh.yaml")
    sub = factories.make_round(framework=framework, units=[province_a]).submissions.get()
    rows = {g.item.code: g for g in GeneralInfoValue.objects.filter(submission=sub).select_related("item")}
    data = {f"g{g.pk}-version": "0" for g in rows.values()}
    data |= {f"g{rows['TT.1'].pk}-value": "549600", f"g{rows['TT.2'].pk}-value": "889400"}
    response = officer_a_client.post(gi_url(sub), data)
    html = response.content.decode()
    assert "(gi.TT.2 &lt;= gi.TT.1 không thỏa: 889.400 so với 549.600)" in html
    assert not GeneralInfoValue.objects.filter(submission=sub, value__isnull=False).exists()  # nothing saved


def test_a_warning_on_general_information_saves_and_is_shown(officer_a_client, sub_a):
    declare(sub_a.round.framework, ("W2", "gi.TT.1", ">=", "1000", v.SEVERITY_WARNING))
    gv = GeneralInfoValue.objects.get(submission=sub_a)
    response = officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "999", f"g{gv.pk}-version": "0"}, follow=True)
    assert "Cảnh báo: Quy tắc W2 bị vi phạm (gi.TT.1 &gt;= 1000 không thỏa: 999 so với 1.000). Số liệu đã được lưu." in (
        response.content.decode()
    )
    gv.refresh_from_db()
    assert gv.value == Decimal("999")


def test_the_entry_page_keeps_asking_while_the_warning_stands(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("W1", "1.3.denominator", "<=", "gi.TT.1", v.SEVERITY_WARNING))
    population(sub_a, "100")
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.3": {"numerator": "50", "denominator": "200"}}))
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "Quy tắc W1 bị vi phạm (1.3.denominator &lt;= gi.TT.1 không thỏa: 200 so với 100)" in page
    population(sub_a, "500")  # the figures agree now: nothing to explain
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "Quy tắc W1" not in page and f'name="v{value(sub_a, "1.3").pk}-warning_note"' not in page


def test_an_excel_import_breaking_an_error_rule_changes_nothing_and_names_the_rule(officer_a_client, sub_a):
    declare(sub_a.round.framework, ("R1", "1.3.numerator", "<=", "gi.TT.1", v.SEVERITY_ERROR))
    population(sub_a, "1000")  # the file reports 1500
    officer_a_client.post(excel_url(sub_a, "upload"), {"file": fill(template(officer_a_client, sub_a), GOOD)})
    response = officer_a_client.post(excel_url(sub_a, "confirm"), follow=True)
    assert "Quy tắc R1 bị vi phạm (1.3.numerator &lt;= gi.TT.1 không thỏa: 1.500 so với 1.000)" in response.content.decode()
    assert value(sub_a, "1.1").self_points is None  # all or nothing


def test_an_excel_import_breaking_a_warning_rule_saves_and_warns(officer_a_client, sub_a):
    declare(sub_a.round.framework, ("W1", "1.3.numerator", "<=", "gi.TT.1", v.SEVERITY_WARNING))
    population(sub_a, "1000")
    officer_a_client.post(excel_url(sub_a, "upload"), {"file": fill(template(officer_a_client, sub_a), GOOD)})
    response = officer_a_client.post(excel_url(sub_a, "confirm"), follow=True)
    assert "Cảnh báo: Quy tắc W1 bị vi phạm (1.3.numerator &lt;= gi.TT.1 không thỏa: 1.500 so với 1.000)" in (
        response.content.decode()
    )
    assert value(sub_a, "1.3").inputs == {"numerator": "1500", "denominator": "2000"}


def test_warning_rules_about_other_main_indices_cost_the_entry_page_no_query(officer_a_client, sub_a, hts):
    officer_a_client.get(entry_url(sub_a, hts))  # the session and caches warmed
    with CaptureQueriesContext(connection) as without_rules:
        officer_a_client.get(entry_url(sub_a, hts))
    declare(sub_a.round.framework, ("W1", "1.3.denominator", "<=", "gi.TT.1", v.SEVERITY_WARNING))
    with CaptureQueriesContext(connection) as with_rules:
        officer_a_client.get(entry_url(sub_a, hts))
    assert len(with_rules) == len(without_rules)
