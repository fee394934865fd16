"""Save what is valid: each row of the entry page saves on its own as the officer leaves it
(assessments:value_save), a page's save keeps every valid row and shows the others with their
errors, a ratio waiting on general information names what it waits for, and the submission
still requires everything."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from assessments.models import GeneralInfoItem, GeneralInfoValue, Indicator, IndicatorValue, Round, SubmissionStatus
from assessments.scoring import validation as rules
from tests.assessments.conftest import FULL_NTS, entry_post, entry_url, send, value
from tests.assessments.test_validation_rules import declare
from tests.review.conftest import fill

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def save_url(v) -> str:
    return reverse("assessments:value_save", args=[v.pk])


def row_post(v, inputs: dict, version=None) -> dict:
    """What a row's own save sends: its version and its inputs (as htmx's hx-params of the row)."""
    return {f"v{v.pk}-version": str(v.version if version is None else version), **{f"v{v.pk}-{k}": raw for k, raw in inputs.items()}}


def gi_url(sub) -> str:
    return reverse("assessments:general_info", args=[sub.pk])


def takes_population(sub, code="1.3"):
    """The ratio takes its denominator from general information's "Dân số" (TT.1)."""
    ind = Indicator.objects.get(framework=sub.round.framework, code=code)
    ind.rule_params = {**ind.rule_params, "denominator_from": "TT.1"}
    ind.save(update_fields=["rule_params"])
    return GeneralInfoValue.objects.get(submission=sub, item__code="TT.1")


# --- The row's own save: access ---------------------------------------------------------------


def test_row_save_of_another_units_value_is_404_and_saves_nothing(officer_b_client, sub_a):
    v = value(sub_a, "1.2")
    assert officer_b_client.post(save_url(v), row_post(v, {"answer": "yes"}), **HTMX).status_code == 404
    assert value(sub_a, "1.2").inputs == {}
    assert not AuditEntry.objects.filter(action="value.update").exists()


def test_row_save_by_a_reviewer_is_403(reviewer_client, sub_a):
    send(sub_a)  # sent: reviewers read it, never write through the officer's pages
    v = value(sub_a, "1.2")
    assert reviewer_client.post(save_url(v), row_post(v, {"answer": "yes"}), **HTMX).status_code == 403
    assert value(sub_a, "1.2").inputs == {}


def test_row_save_refuses_get(officer_a_client, sub_a):
    assert officer_a_client.get(save_url(value(sub_a, "1.2"))).status_code == 405


def test_row_save_asks_for_a_login(client, sub_a):
    v = value(sub_a, "1.2")
    response = client.post(save_url(v), row_post(v, {"answer": "yes"}))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


# --- The row's own save: what it saves and answers --------------------------------------------


def test_row_save_stores_a_good_row_and_answers_it_saved_with_its_points(officer_a_client, sub_a):
    ratio = value(sub_a, "1.3")
    response = officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "75", "denominator": "100"}), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    ratio.refresh_from_db()
    assert (ratio.inputs, ratio.self_points, ratio.version) == ({"numerator": "75", "denominator": "100"}, Decimal("15.00"), 1)
    assert html.strip().startswith(f'<section id="value-{ratio.pk}"')  # the row alone, swapped in place
    assert html.strip().endswith("</section>") and "data-row-saved" in html
    assert f'name="v{ratio.pk}-version" value="1"' in html  # the next save builds on this one
    assert re.search(rf'id="points-{ratio.pk}".*?15,00</span>', html, re.S)
    assert 'data-dirty="1"' not in html


def test_row_save_writes_the_audit_row_the_page_save_writes(officer_a, officer_a_client, sub_a):
    yes_no = value(sub_a, "1.2")
    officer_a_client.post(save_url(yes_no), row_post(yes_no, {"answer": "no"}), **HTMX)
    entry = AuditEntry.objects.get(action="value.update")
    assert (entry.actor, entry.unit, entry.interface) == (officer_a, sub_a.unit, "web")
    assert (entry.old, entry.new) == ({"inputs": {}, "self_points": None}, {"inputs": {"answer": False}, "self_points": "0.00"})


def test_row_save_without_a_change_writes_no_audit_row(officer_a_client, sub_a):
    yes_no = value(sub_a, "1.2")
    officer_a_client.post(save_url(yes_no), row_post(yes_no, {"answer": "yes"}), **HTMX)
    response = officer_a_client.post(save_url(yes_no), row_post(yes_no, {"answer": "yes"}, version=1), **HTMX)
    assert "data-row-saved" in response.content.decode()
    assert AuditEntry.objects.filter(action="value.update").count() == 1
    assert value(sub_a, "1.2").version == 1


def test_row_save_of_a_bad_row_answers_its_error_and_saves_nothing(officer_a_client, sub_a):
    ratio = value(sub_a, "1.3")
    response = officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "150", "denominator": "100"}), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_v{ratio.pk}-numerator-error"' in html and "không được lớn hơn mẫu số" in html
    assert f'id="id_v{ratio.pk}-numerator" value="150"' in html  # what was typed stays in the row
    assert 'data-dirty="1"' in html and "data-row-saved" not in html  # leaving the page still warns
    ratio.refresh_from_db()
    assert (ratio.inputs, ratio.self_points, ratio.version) == ({}, None, 0)
    assert not AuditEntry.objects.exists()


def test_row_save_saves_only_its_own_row_whatever_else_is_posted(officer_a_client, sub_a):
    yes_no, count = value(sub_a, "1.2"), value(sub_a, "1.4")
    data = {**row_post(yes_no, {"answer": "yes"}), **row_post(count, {"count": "12"})}
    officer_a_client.post(save_url(yes_no), data, **HTMX)
    assert value(sub_a, "1.2").self_points == Decimal("10.00")
    assert value(sub_a, "1.4").inputs == {}


def test_row_save_after_the_deadline_is_refused_in_the_row(officer_a_client, sub_a):
    # The page was read in time; the edit rule is checked again under the submission's lock.
    yes_no = value(sub_a, "1.2")
    Round.objects.filter(pk=sub_a.round_id).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    html = officer_a_client.post(save_url(yes_no), row_post(yes_no, {"answer": "yes"}), **HTMX).content.decode()
    assert "Đã quá hạn nộp" in html
    assert f'id="id_v{yes_no.pk}-answer-yes" value="yes" checked' in html
    assert value(sub_a, "1.2").inputs == {}
    assert not AuditEntry.objects.exists()


def test_row_save_of_a_returned_item_is_saved(officer_a_client, sub_a):
    send(sub_a, SubmissionStatus.RETURNED)
    count = value(sub_a, "1.4")
    IndicatorValue.objects.filter(pk=count.pk).update(awaiting_clarification=True)
    html = officer_a_client.post(save_url(count), row_post(count, {"count": "6"}), **HTMX).content.decode()
    assert "data-row-saved" in html
    assert value(sub_a, "1.4").self_points == Decimal("10.00")


def test_row_save_of_a_row_not_returned_is_refused(officer_a_client, sub_a):
    send(sub_a, SubmissionStatus.RETURNED)
    yes_no = value(sub_a, "1.2")
    html = officer_a_client.post(save_url(yes_no), row_post(yes_no, {"answer": "yes"}), **HTMX).content.decode()
    assert "không nằm trong yêu cầu bổ sung" in html
    assert value(sub_a, "1.2").inputs == {}


def test_row_save_of_a_row_someone_else_changed_shows_their_figures_and_keeps_the_typing(officer_a_client, sub_a):
    count = value(sub_a, "1.4")
    IndicatorValue.objects.filter(pk=count.pk).update(inputs={"count": 3}, self_points=Decimal("5.00"), version=1)
    html = officer_a_client.post(save_url(count), row_post(count, {"count": "12"}, version=0), **HTMX).content.decode()
    assert "Ô nhập vẫn giữ giá trị của bạn" in html and f'id="id_v{count.pk}-count" value="12"' in html
    assert f'name="v{count.pk}-version" value="1"' in html  # saving again is a knowing overwrite
    assert value(sub_a, "1.4").inputs == {"count": 3}


def test_the_same_figures_saved_from_an_older_version_are_no_conflict(officer_a_client, sub_a, nts):
    # The row saved itself as the officer left it; the page's Lưu, sent at once, carried the
    # version the page was read at: nothing of anyone's would be lost.
    count = value(sub_a, "1.4")
    officer_a_client.post(save_url(count), row_post(count, {"count": "12"}), **HTMX)
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.4": {"count": "12"}}, versions={"1.4": 0}))
    assert response.status_code == 302
    assert value(sub_a, "1.4").version == 1


def test_the_entry_page_sends_each_row_to_its_own_save_with_only_its_fields(officer_a_client, sub_a, nts):
    ratio = value(sub_a, "1.3")
    html = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    section = re.search(rf'<section id="value-{ratio.pk}"[^>]*>', html).group(0)
    assert f'hx-post="{save_url(ratio)}"' in section and 'hx-trigger="row-leave"' in section and "data-autosave" in section
    assert f'hx-params="v{ratio.pk}-version,v{ratio.pk}-numerator,v{ratio.pk}-denominator,v{ratio.pk}-warning_note"' in section


def test_a_row_of_a_sent_submission_does_not_save_itself(officer_a_client, sub_a, nts):
    send(sub_a)
    html = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "data-autosave" not in html and "hx-post" not in html


# --- The page's save: every valid row ---------------------------------------------------------


def test_a_page_save_stores_the_good_rows_and_keeps_the_bad_one_with_its_error(officer_a_client, sub_a, nts):
    count = value(sub_a, "1.4")
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {**FULL_NTS, "1.4": {"count": "2,5"}}))
    html = response.content.decode()
    assert response.status_code == 200
    assert {c: value(sub_a, c).self_points for c in ("1.1", "1.2", "1.3")} == {
        "1.1": Decimal("5.00"), "1.2": Decimal("10.00"), "1.3": Decimal("10.00")}
    assert value(sub_a, "1.4").inputs == {}
    assert f'id="id_v{count.pk}-count" value="2,5"' in html and f'id="id_v{count.pk}-count-error"' in html
    assert "Đã lưu 3 chỉ số; 1 chỉ số có lỗi chưa được lưu" in html
    # The saved rows are shown as saved, at their new version: saving the page again is no conflict.
    assert f'name="v{value(sub_a, "1.2").pk}-version" value="1"' in html


def test_a_page_save_counts_only_the_rows_it_changed(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "yes"}}))
    again = {"1.2": {"answer": "yes"}, "1.4": {"count": "6"}, "1.3": {"numerator": "x", "denominator": "1"}}
    html = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, again)).content.decode()
    assert "Đã lưu 1 chỉ số; 1 chỉ số có lỗi chưa được lưu" in html
    assert AuditEntry.objects.filter(action="value.update").count() == 2


def test_a_page_save_with_every_row_valid_redirects_with_the_count(officer_a_client, sub_a, nts):
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS), follow=True)
    assert response.redirect_chain and "Đã lưu bản nháp (4 chỉ số thay đổi)." in response.content.decode()


def test_an_error_rule_sets_aside_the_rows_it_reads_and_the_others_save(officer_a_client, sub_a, nts):
    declare(sub_a.round.framework, ("R1", "1.3.numerator", "<=", "1.4.count", rules.SEVERITY_ERROR))
    typed = {"1.2": {"answer": "yes"}, "1.3": {"numerator": "150", "denominator": "200"}, "1.4": {"count": "6"}}
    html = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, typed)).content.decode()
    assert "Quy tắc R1 bị vi phạm" in html
    assert (value(sub_a, "1.3").inputs, value(sub_a, "1.4").inputs) == ({}, {})
    assert value(sub_a, "1.2").self_points == Decimal("10.00")


# --- Waiting on general information -----------------------------------------------------------


def test_a_ratio_waiting_on_general_information_names_the_field_and_links_it(officer_a_client, sub_a, nts):
    gv = takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {**FULL_NTS, "1.3": {"numerator": "50"}}))
    assert response.status_code == 302  # not an error that blocks the page
    assert value(sub_a, "1.4").self_points == Decimal("10.00")  # the other rows saved
    html = officer_a_client.get(response["Location"]).content.decode()
    waiting = re.search(r'<div class="small text-warning-emphasis mt-1 gi-waiting".*?</div>', html, re.S).group(0)
    assert f'href="{gi_url(sub_a)}#gi-{gv.pk}">Dân số</a>' in waiting
    assert "TT.1" not in waiting
    assert re.search(rf'id="points-{ratio.pk}".*?Chờ thông tin chung: Dân số', html, re.S)
    assert f'id="gi-{gv.pk}"' in officer_a_client.get(gi_url(sub_a)).content.decode()  # where the link lands


def test_a_waiting_ratio_keeps_its_numerator_without_points(officer_a_client, sub_a):
    takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    html = officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "50"}), **HTMX).content.decode()
    assert "data-row-saved" in html and "Dân số" in html
    ratio.refresh_from_db()
    assert (ratio.inputs, ratio.self_points) == ({"numerator": "50"}, None)


def test_a_waiting_ratio_with_a_bad_numerator_is_an_error_on_the_numerator(officer_a_client, sub_a):
    takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    html = officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "năm"}), **HTMX).content.decode()
    assert f'id="id_v{ratio.pk}-numerator-error"' in html
    assert "'TT.1' dùng làm mẫu số" not in html  # the wait is said by name, not as an error
    assert value(sub_a, "1.3").inputs == {}


def test_a_waiting_ratio_is_scored_when_its_general_information_is_saved(officer_a_client, sub_a):
    gv = takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "50"}), **HTMX)
    officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "100", f"g{gv.pk}-version": "0"})
    assert value(sub_a, "1.3").self_points == Decimal("10.00")


def test_the_points_fragment_names_what_a_ratio_waits_for(officer_a_client, sub_a):
    takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    fragment = officer_a_client.get(reverse("assessments:points", args=[ratio.pk]), {f"v{ratio.pk}-numerator": "50"})
    html = fragment.content.decode()
    assert "Chờ thông tin chung: Dân số" in html and "TT.1" not in html


def test_the_api_still_refuses_a_ratio_whose_denominator_is_missing(officer_a, sub_a, nts):
    from assessments import services

    takes_population(sub_a)
    ratio = value(sub_a, "1.3")
    with pytest.raises(services.ValidationFailed):
        services.save_main_index(actor=officer_a, submission=sub_a, main_index=nts, rows={ratio.pk: {"inputs": {"numerator": "50"}, "version": 0}})
    assert value(sub_a, "1.3").inputs == {}


# --- The submission still requires everything -------------------------------------------------


def test_a_submission_with_a_waiting_ratio_is_refused_until_its_general_information_comes(officer_a_client, sub_a):
    fill(sub_a)  # everything reported and cited…
    gv = takes_population(sub_a)
    GeneralInfoValue.objects.filter(pk=gv.pk).update(value=None)  # …but the population
    ratio = value(sub_a, "1.3")
    officer_a_client.post(save_url(ratio), row_post(ratio, {"numerator": "50"}), **HTMX)
    submit = reverse("assessments:submit", args=[sub_a.pk])
    html = officer_a_client.post(submit).content.decode()
    assert f"Chưa nhập số liệu: 1.3 {ratio.indicator.name_vi}" in html and "Chưa nhập thông tin chung: Dân số" in html
    sub_a.refresh_from_db()
    assert sub_a.status == SubmissionStatus.DRAFT
    officer_a_client.post(gi_url(sub_a), {f"g{gv.pk}-value": "1000", f"g{gv.pk}-version": "0"})
    assert officer_a_client.post(submit).status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == SubmissionStatus.SUBMITTED


# --- The general-information page: every valid value ------------------------------------------


def test_the_general_information_page_saves_the_valid_values_and_keeps_the_bad_one(officer_a_client, sub_a):
    households = GeneralInfoItem.objects.create(framework=sub_a.round.framework, code="TT.2", name_vi="Số hộ gia đình", order=1)
    bad = GeneralInfoValue.objects.create(submission=sub_a, item=households)
    good = GeneralInfoValue.objects.get(submission=sub_a, item__code="TT.1")
    data = {f"g{good.pk}-value": "1.234.567", f"g{good.pk}-version": "0", f"g{bad.pk}-value": "-3", f"g{bad.pk}-version": "0"}
    html = officer_a_client.post(gi_url(sub_a), data).content.decode()
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.value, good.version) == (Decimal("1234567"), 1)
    assert bad.value is None and "không được âm" in html and f'name="g{bad.pk}-value" value="-3"' in html
    assert "Đã lưu 1 mục thông tin chung; 1 mục có lỗi chưa được lưu" in html
    assert f'name="g{good.pk}-version" value="1"' in html
    assert AuditEntry.objects.filter(action="general_info.update").count() == 1
