"""What the officer pages say in each status: the templates read the submission's properties
(is_draft, is_returned, is_final, province_editable) and the view's `own_unit` flag."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import Submission, SubmissionStatus
from tests.assessments.conftest import entry_url, send

pytestmark = pytest.mark.django_db
S = SubmissionStatus
EXCEL_TAB = "Nhập từ Excel"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_unit_s_officer_is_offered_the_excel_import(officer_a_client, sub_a):
    assert EXCEL_TAB in page(officer_a_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/")


def test_a_reviewer_is_not_offered_the_excel_import_nor_the_send_button(reviewer_client, sub_a):
    send(sub_a, S.RETURNED)
    html = page(reviewer_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/")
    assert EXCEL_TAB not in html
    assert "Kiểm tra và gửi hồ sơ" not in html


def test_a_draft_is_sent_with_the_send_button(officer_a_client, sub_a):
    html = page(officer_a_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    assert "Gửi hồ sơ</button>" in html.replace("\n", "")
    assert "Gửi bổ sung" not in html


def test_a_returned_submission_is_sent_back_with_the_resubmit_button(officer_a_client, sub_a):
    send(sub_a, S.RETURNED)
    html = page(officer_a_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    assert "Gửi bổ sung</button>" in html.replace("\n", "")


@pytest.mark.parametrize("status", [S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.SIGNED_OFF, S.PUBLISHED])
def test_a_submission_with_the_reviewers_has_no_send_form(officer_a_client, sub_a, status):
    send(sub_a, status)
    html = page(officer_a_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    assert '<button type="submit" class="btn btn-primary"' not in html
    assert f"Hồ sơ ở trạng thái “{sub_a.get_status_display()}”" in html


@pytest.mark.parametrize(
    "status, badge",
    [(S.DRAFT, "text-bg-secondary"), (S.RETURNED, "text-bg-warning"), (S.SIGNED_OFF, "text-bg-success"),
     (S.PUBLISHED, "text-bg-success"), (S.SUBMITTED, "text-bg-primary"), (S.UNDER_REVIEW, "text-bg-primary")],
)
def test_the_status_badge_colour_follows_the_group(officer_a_client, sub_a, status, badge):
    send(sub_a, status)
    html = page(officer_a_client, f"/tu-danh-gia/ho-so/{sub_a.pk}/")
    assert f'<span class="badge {badge}">{sub_a.get_status_display()}</span>' in html


def test_a_draft_past_its_deadline_is_read_only(officer_a_client, sub_a, nts):
    Submission.objects.filter(pk=sub_a.pk).update(deadline_override=None)
    sub_a.round.closes_at = timezone.now() - dt.timedelta(minutes=1)
    sub_a.round.save()
    assert "Đã quá hạn nộp; số liệu chỉ để xem." in page(officer_a_client, entry_url(sub_a, nts))


def test_a_returned_main_index_without_returned_items_is_read_only(officer_a_client, sub_a, nts):
    send(sub_a, S.RETURNED)
    assert "Không có chỉ số nào của mục này được yêu cầu bổ sung." in page(officer_a_client, entry_url(sub_a, nts))
