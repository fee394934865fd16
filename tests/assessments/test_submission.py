"""Submission: completeness with links, read-only afterwards, deadline, returned items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AuditEntry, Notification
from assessments import services
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue, Round, Submission
from tests.assessments.conftest import FULL_NTS, PDF_BYTES, entry_post, entry_url, value

pytestmark = pytest.mark.django_db

FULL_HTS = {"2.1": {"numerator": "700", "denominator": "1000"}, "2.2": {"value": "90"}}


def attach(client, v, content=PDF_BYTES):
    data = {"doc_number": f"{v.pk}/KH", "doc_date": "01/02/2025", "issuing_body": "UBND tỉnh", "summary": "Kế hoạch",
            "file": SimpleUploadedFile("kh.pdf", content)}
    assert client.post(f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/", data).status_code == 302


def complete(client, sub, nts, hts):
    assert client.post(entry_url(sub, nts), entry_post(sub, nts, FULL_NTS)).status_code == 302
    assert client.post(entry_url(sub, hts), entry_post(sub, hts, FULL_HTS)).status_code == 302
    for code in ("1.1", "1.2", "1.3", "2.1"):
        attach(client, value(sub, code))
    gv = GeneralInfoValue.objects.get(submission=sub)
    client.post(f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/", {f"g{gv.pk}-value": "1.234.567", f"g{gv.pk}-version": "0"})


def test_submit_lists_exactly_what_is_missing_with_links(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "yes"}}))
    response = officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    html = response.content.decode()
    assert response.status_code == 200
    sub_a.refresh_from_db()
    assert sub_a.status == "draft"
    assert "Chưa nhập số liệu: 1.1" in html and "Chưa nhập số liệu: 1.2" not in html
    assert f'{entry_url(sub_a, nts)}#value-{value(sub_a, "1.1").pk}' in html
    assert "Chưa có tài liệu kiểm chứng bắt buộc: 1.2" in html
    assert "Chưa có tài liệu kiểm chứng bắt buộc: 1.4" not in html  # optional evidence
    assert "Chưa nhập số liệu: 2.3" not in html  # automatic
    assert "Chưa nhập số liệu: 3.1" not in html  # unscored main index
    assert "Chưa nhập thông tin chung: Dân số" in html


def test_a_complete_submission_is_sent_and_reviewers_are_notified(officer_a_client, officer_a, sub_a, nts, hts, reviewer, lead_reviewer):
    complete(officer_a_client, sub_a, nts, hts)
    assert GeneralInfoValue.objects.get(submission=sub_a).value == Decimal("1234567")
    response = officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    assert response.status_code == 302
    sub_a.refresh_from_db()
    assert sub_a.status == "submitted" and sub_a.submitted_at is not None
    assert AuditEntry.objects.filter(action="submission.submit", actor=officer_a).exists()
    notes = Notification.objects.filter(kind="submission_arrived")
    assert {n.recipient for n in notes} == {reviewer, lead_reviewer}
    assert "Đà Nẵng" in notes[0].message


def test_after_submitting_the_province_cannot_edit(officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)
    officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    before = value(sub_a, "1.2").inputs
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "Hồ sơ đã gửi; số liệu chỉ để xem." in page and "Lưu bản nháp" not in page
    response = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {"1.2": {"answer": "no"}}))
    assert "tỉnh không thể sửa" in response.content.decode()
    assert value(sub_a, "1.2").inputs == before


def test_submission_after_the_deadline_is_refused(officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)
    Round.objects.filter(pk=sub_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    officer_a_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/")
    sub_a.refresh_from_db()
    assert sub_a.status == "draft"
    assert not AuditEntry.objects.filter(action="submission.submit").exists()


def test_after_the_deadline_the_send_page_says_so_instead_of_offering_to_send(officer_a_client, sub_a):
    Round.objects.filter(pk=sub_a.round_id).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    html = officer_a_client.get(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/").content.decode()
    assert "Đã quá hạn nộp (" in html and "đề nghị Cục Chuyển đổi số quốc gia gia hạn" in html
    assert f'action="/tu-danh-gia/ho-so/{sub_a.pk}/gui/"' not in html
    assert "mục chưa đầy đủ" not in html


def test_submitting_twice_is_refused(officer_a, officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)
    services.submit(actor=officer_a, submission=sub_a)
    with pytest.raises(services.AssessmentError):
        services.submit(actor=officer_a, submission=sub_a)


@pytest.fixture
def returned(officer_a, officer_a_client, sub_a, nts, hts):
    complete(officer_a_client, sub_a, nts, hts)
    services.submit(actor=officer_a, submission=sub_a)
    Submission.objects.filter(pk=sub_a.pk).update(status="returned")
    IndicatorValue.objects.filter(submission=sub_a, indicator__code="1.3").update(awaiting_clarification=True)
    sub_a.refresh_from_db()
    return sub_a


def test_a_returned_submission_allows_editing_only_the_returned_items(officer_a_client, returned, nts):
    page = officer_a_client.get(entry_url(returned, nts)).content.decode()
    assert f'name="v{value(returned, "1.3").pk}-numerator"' in page
    assert f'name="v{value(returned, "1.2").pk}-answer"' not in page
    ok = entry_post(returned, nts, {"1.3": {"numerator": "2469", "denominator": "2469"}})
    ok = {k: v for k, v in ok.items() if k.startswith(f"v{value(returned, '1.3').pk}-")}
    assert officer_a_client.post(entry_url(returned, nts), ok).status_code == 302
    assert value(returned, "1.3").self_points == Decimal("20.00")
    forged = entry_post(returned, nts, {"1.2": {"answer": "no"}})
    response = officer_a_client.post(entry_url(returned, nts), forged)
    assert "không nằm trong yêu cầu bổ sung" in response.content.decode()
    assert value(returned, "1.2").inputs == {"answer": True}


def test_evidence_on_a_returned_item_only(officer_a_client, returned):
    attach(officer_a_client, value(returned, "1.3"), PDF_BYTES + b"% the signed version\n")  # 1.3 has the first one
    data = {"doc_number": "x", "doc_date": "01/02/2025", "issuing_body": "y", "summary": "z",
            "file": SimpleUploadedFile("a.pdf", PDF_BYTES + b"% a new document\n")}  # not a copy: refused for being sent
    officer_a_client.post(f"/tu-danh-gia/gia-tri/{value(returned, '1.2').pk}/tai-lieu/", data)
    assert Evidence.objects.filter(value=value(returned, "1.2")).count() == 1  # only the one from before


def test_resubmitting_clears_the_clarification_flags_and_notifies(officer_a_client, returned, reviewer):
    assert officer_a_client.post(f"/tu-danh-gia/ho-so/{returned.pk}/gui/").status_code == 302
    returned.refresh_from_db()
    assert returned.status == "resubmitted"
    assert not IndicatorValue.objects.filter(submission=returned, awaiting_clarification=True).exists()
    assert Notification.objects.filter(kind="submission_resubmitted", recipient=reviewer).exists()
    assert AuditEntry.objects.filter(action="submission.resubmit").exists()
