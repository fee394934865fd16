"""The province's result, indicator by indicator (assessments/results_view.py): from sign-off
on the officer reads the self, reviewed and final points, the reason, the thread and what was
lost; before sign-off nothing of the review in progress reaches the province."""

from __future__ import annotations

import pytest

from assessments.models import SubmissionStatus
from assessments.workflow import Action, transition
from review import services as review
from tests import factories
from tests.assessments.result_helpers import REASON, appraise_all, filled_and_sent, sign_off, text
from tests.review.conftest import value

pytestmark = pytest.mark.django_db
S = SubmissionStatus


@pytest.fixture
def rnd(province_a, province_b):
    return factories.make_round(units=[province_a, province_b])


@pytest.fixture
def nts(rnd):
    return rnd.framework.main_indices.get(code="NTS")


@pytest.fixture
def sub_a(rnd, province_a, officer_a):
    return filled_and_sent(rnd, province_a, officer_a)


@pytest.fixture
def sub_b(rnd, province_b, officer_b):
    return filled_and_sent(rnd, province_b, officer_b)


@pytest.fixture
def signed_a(sub_a, reviewer):
    """Province A's 1.3 adjusted from 16 to 10 with a reason, everything else accepted."""
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    return sign_off(sub_a)


def entry(client, sub, main_index) -> str:
    response = client.get(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{main_index.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def result_page(client, sub) -> str:
    response = client.get(f"/tu-danh-gia/ho-so/{sub.pk}/ket-qua/")
    assert response.status_code == 200
    return response.content.decode()


def row_html(html: str, value_pk: int) -> str:
    start = html.index(f'id="value-{value_pk}"')
    return html[start : html.index("</section>", start)]


# --- the entry page -------------------------------------------------------------------------


def test_after_sign_off_the_entry_row_shows_self_reviewed_final_and_the_reason(officer_a_client, signed_a, nts):
    row = text(row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.3").pk))
    assert "Điểm tự đánh giá: 16,00" in row
    assert "Điểm thẩm định: 10,00" in row
    assert "Điểm đạt được: 10,00 / 20,00" in row
    assert f"Lý do điều chỉnh: {REASON}" in row


def test_after_sign_off_the_row_s_headline_points_are_the_final_ones(officer_a_client, signed_a, nts):
    html = row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.3").pk)
    headline = html[html.index('id="points-') : html.index("</div>", html.index('id="points-'))]
    assert "10,00" in headline
    assert "16,00" not in headline


def test_an_accepted_indicator_shows_no_reason_and_no_adjustment(officer_a_client, signed_a, nts):
    row = text(row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.1").pk))
    assert "Điểm thẩm định: 10,00" in row
    assert "Lý do điều chỉnh" not in row
    assert "đã điều chỉnh" not in row


def test_before_sign_off_a_reviewer_s_adjustment_does_not_reach_the_province(officer_a_client, sub_a, reviewer, nts):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    html = entry(officer_a_client, sub_a, nts)
    assert REASON not in html
    assert "data-final-result" not in html
    assert "Điểm thẩm định" not in html
    assert "16,00" in text(row_html(html, value(sub_a, "1.3").pk))


def test_before_sign_off_the_result_page_says_it_comes_with_the_sign_off(officer_a_client, sub_a, reviewer):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    html = result_page(officer_a_client, sub_a)
    assert "Kết quả thẩm định từng chỉ số sẽ hiển thị khi hồ sơ được ký duyệt." in html
    assert REASON not in html
    assert "10,00" not in html


def test_the_loss_against_the_maximum_is_shown(officer_a_client, signed_a, nts):
    row = text(row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.3").pk))
    assert "Mất so với điểm tối đa: 10,00" in row


def test_the_loss_against_the_best_final_unit_of_the_round_is_shown(
    officer_a_client, signed_a, sub_b, reviewer, nts, province_a, officer_a
):
    # Province B is signed off with 12 on 1.3: the best of the round, 2 above province A.
    appraise_all(sub_b, reviewer, {"1.3": ("12", "Thiếu số liệu cấp huyện")})
    sign_off(sub_b)
    row = text(row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.3").pk))
    assert "Mất so với đơn vị cao nhất của đợt (12,00 điểm): 2,00" in row


def test_a_unit_still_under_review_does_not_count_as_the_best(officer_a_client, signed_a, sub_b, reviewer, nts):
    # Province B's 20 on 1.3 is a reviewer's working state, not a final result.
    review.appraise(value=value(sub_b, "1.3"), actor=reviewer, points="20", reason="Đủ hồ sơ")
    row = text(row_html(entry(officer_a_client, signed_a, nts), value(signed_a, "1.3").pk))
    assert "Mất so với đơn vị cao nhất của đợt (10,00 điểm): 0,00" in row


def test_the_clarification_thread_is_shown_on_the_indicator(
    officer_a_client, sub_a, reviewer, officer_a, nts
):
    v = value(sub_a, "1.3")
    [question] = review.return_for_clarification(
        submission=sub_a, actor=reviewer, questions={v.pk: "Tổng số hồ sơ lấy từ đâu?"}
    )
    review.answer_clarification(clarification=question, actor=officer_a, body="Từ hệ thống một cửa điện tử")
    sub_a.refresh_from_db()
    transition(sub_a, Action.RESUBMIT, actor=officer_a)
    appraise_all(sub_a, reviewer, {"1.3": ("10", REASON)})
    signed = sign_off(sub_a)
    row = text(row_html(entry(officer_a_client, signed, nts), v.pk))
    assert "Tổng số hồ sơ lấy từ đâu?" in row
    assert "Từ hệ thống một cửa điện tử" in row


# --- the read-only banner -------------------------------------------------------------------


def test_the_banner_of_a_sent_submission_says_it_was_sent(officer_a_client, sub_a, nts):
    assert "Hồ sơ đã gửi; số liệu chỉ để xem." in entry(officer_a_client, sub_a, nts)


def test_the_banner_of_a_signed_off_submission_says_signed_off(officer_a_client, signed_a, nts):
    html = entry(officer_a_client, signed_a, nts)
    assert "Đã ký duyệt; số liệu chỉ để xem." in html
    assert "Hồ sơ đã gửi" not in html


def test_the_banner_of_a_published_submission_says_published(officer_a_client, signed_a, admin_user, nts):
    transition(signed_a, Action.PUBLISH, actor=admin_user)
    html = entry(officer_a_client, signed_a, nts)
    assert "Đã công bố; số liệu chỉ để xem." in html
    assert "Đã ký duyệt; số liệu" not in html


# --- the overview and the result page -------------------------------------------------------


def test_the_overview_sums_up_the_result_by_main_index(officer_a_client, signed_a, nts):
    response = officer_a_client.get(f"/tu-danh-gia/ho-so/{signed_a.pk}/")
    html = response.content.decode()
    summary = text(html[html.index('id="final-summary"') : html.index("</section>", html.index('id="final-summary"'))])
    assert "Điểm tự đánh giá: 80,00 · Điểm đạt được: 74,00 / 100,00 · 1 chỉ số được điều chỉnh" in summary
    # Nhận thức số: self 46 (10 + 10 + 16 + 10), final 40 of 60, 20 lost against the maximum.
    assert "1. Nhận thức số 1 điều chỉnh 46,00 40,00 / 60,00 20,00" in summary
    assert f'href="/tu-danh-gia/ho-so/{signed_a.pk}/ket-qua/"' in html


def test_the_overview_before_sign_off_has_no_result(officer_a_client, sub_a):
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/").content.decode()
    assert 'id="final-summary"' not in html
    assert f"/ho-so/{sub_a.pk}/ket-qua/" not in html


def test_the_result_page_lists_every_indicator_with_its_points_and_reason(officer_a_client, signed_a):
    html = result_page(officer_a_client, signed_a)
    start = html.rindex("<tr", 0, html.index(f'id="result-row-{value(signed_a, "1.3").pk}"'))
    row = text(html[start:].split("</tr>")[0])
    # code name | max | self | reviewed | final | lost vs max | lost vs best (best) | reason
    assert row.startswith("1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình 20,00 16,00 10,00 10,00 10,00 0,00 (10,00) " + REASON)
    assert html.count('id="result-row-') == 8


def test_a_reviewer_reads_the_result_page_too(reviewer_client, signed_a):
    html = result_page(reviewer_client, signed_a)
    assert REASON in html
    assert "/excel/mau/" not in html  # the officer's file is the unit's (reviewers: 403)


def test_the_unit_s_officer_downloads_the_excel_with_the_result_from_the_result_page(officer_a_client, signed_a):
    html = result_page(officer_a_client, signed_a)
    assert f'href="/tu-danh-gia/ho-so/{signed_a.pk}/excel/mau/"' in html


def test_another_province_s_officer_gets_404_on_the_result_page(officer_b_client, signed_a):
    assert officer_b_client.get(f"/tu-danh-gia/ho-so/{signed_a.pk}/ket-qua/").status_code == 404


def test_the_result_page_refuses_a_post(officer_a_client, signed_a):
    assert officer_a_client.post(f"/tu-danh-gia/ho-so/{signed_a.pk}/ket-qua/").status_code == 405


def test_the_result_page_needs_a_login(client, signed_a):
    response = client.get(f"/tu-danh-gia/ho-so/{signed_a.pk}/ket-qua/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_the_result_tab_appears_from_sign_off_on(officer_a_client, sub_a, signed_a):
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{signed_a.pk}/").content.decode()
    assert ">Kết quả thẩm định</a>" in html


# --- constant query counts ------------------------------------------------------------------


def _more_indicators(framework, main_index, n):
    from assessments.models import Indicator, IndicatorValue

    indicators = [
        Indicator.objects.create(
            framework=framework, main_index=main_index, code=f"9.{i}", name_vi=f"Chỉ số thêm {i}", max_points=5,
            rule_type="yes_no", rule_params={}, evidence="none", order=100 + i,
        )
        for i in range(n)
    ]
    return indicators, IndicatorValue


def test_the_result_page_reads_a_constant_number_of_queries(
    officer_a_client, signed_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        result_page(officer_a_client, signed_a)
    baseline = len(few.captured_queries)
    indicators, IndicatorValue = _more_indicators(signed_a.round.framework, signed_a.round.framework.main_indices.get(code="NTS"), 12)
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(submission=signed_a, indicator=i, self_points=5, reviewed_points=5, final_points=5, reviewed_at=signed_a.signed_off_at) for i in indicators]
    )
    with django_assert_max_num_queries(baseline):
        result_page(officer_a_client, signed_a)


def test_the_entry_page_after_sign_off_reads_a_constant_number_of_queries(
    officer_a_client, signed_a, nts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        entry(officer_a_client, signed_a, nts)
    baseline = len(few.captured_queries)
    indicators, IndicatorValue = _more_indicators(signed_a.round.framework, nts, 12)
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(submission=signed_a, indicator=i, inputs={"answer": True}, self_points=5, reviewed_points=5, final_points=5) for i in indicators]
    )
    with django_assert_max_num_queries(baseline):
        entry(officer_a_client, signed_a, nts)


# --- "Kết quả của đơn vị" -------------------------------------------------------------------


def my_unit(client) -> str:
    response = client.get("/ket-qua/don-vi-cua-toi/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_results_page_details_every_indicator_after_sign_off(officer_a_client, signed_a):
    html = my_unit(officer_a_client)
    detail = html[html.index(f'id="detail-{signed_a.pk}"') : html.index("</details>")]
    assert "1 chỉ số được điều chỉnh" in text(detail)
    start = detail.rindex("<tr", 0, detail.index(f'id="result-row-{value(signed_a, "1.3").pk}"'))
    assert text(detail[start:].split("</tr>")[0]).startswith(
        "1.3 Tỷ lệ hồ sơ xử lý trực tuyến toàn trình 20,00 16,00 10,00 10,00 10,00 0,00 (10,00) " + REASON
    )


def test_the_unit_results_page_has_no_detail_before_sign_off(officer_a_client, sub_a, reviewer):
    review.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason=REASON)
    html = my_unit(officer_a_client)
    assert f'id="detail-{sub_a.pk}"' not in html
    assert REASON not in html


def test_the_unit_results_page_reads_a_constant_number_of_queries(
    officer_a_client, signed_a, nts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as few:
        my_unit(officer_a_client)
    baseline = len(few.captured_queries)
    indicators, IndicatorValue = _more_indicators(signed_a.round.framework, nts, 12)
    IndicatorValue.objects.bulk_create(
        [IndicatorValue(submission=signed_a, indicator=i, self_points=5, reviewed_points=5, final_points=5) for i in indicators]
    )
    with django_assert_max_num_queries(baseline):
        my_unit(officer_a_client)
