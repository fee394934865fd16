"""Isolation: an officer sees only their own unit; reviewers read what was sent (a draft is the
province's own: 404); everyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from accounts.models import Role
from assessments import access
from assessments.models import Evidence, SubmissionStatus
from tests import factories
from tests.assessments.conftest import FULL_NTS, PDF_BYTES, entry_post, entry_url, send, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence_a(officer_a_client, sub_a):
    data = {"doc_number": "1/QĐ", "doc_date": "01/02/2025", "issuing_body": "UBND", "summary": "Quyết định",
            "file": SimpleUploadedFile("qd.pdf", PDF_BYTES)}
    officer_a_client.post(f"/tu-danh-gia/gia-tri/{value(sub_a, '1.2').pk}/tai-lieu/", data)
    return Evidence.objects.get()


def urls_of(sub, nts, ev):
    v = value(sub, "1.3")
    return [
        f"/tu-danh-gia/ho-so/{sub.pk}/",
        entry_url(sub, nts),
        f"/tu-danh-gia/ho-so/{sub.pk}/thong-tin-chung/",
        f"/tu-danh-gia/ho-so/{sub.pk}/gui/",
        f"/tu-danh-gia/gia-tri/{v.pk}/diem/",
        f"/tu-danh-gia/gia-tri/{v.pk}/tai-lieu/",
        f"/tu-danh-gia/gia-tri/{v.pk}/lich-su/",
        f"/tu-danh-gia/tai-lieu/{ev.pk}/",
        f"/tu-danh-gia/tai-lieu/{ev.pk}/?inline=1",
    ]


def test_an_officer_of_another_province_gets_404_on_every_page_and_file(officer_b_client, sub_a, nts, evidence_a):
    for url in urls_of(sub_a, nts, evidence_a):
        assert officer_b_client.get(url).status_code == 404, url


def test_an_officer_of_another_province_cannot_write_anything(officer_b_client, sub_a, nts, evidence_a):
    posts = [
        (entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS)),
        (f"/tu-danh-gia/ho-so/{sub_a.pk}/thong-tin-chung/", {}),
        (f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/", {}),
        (f"/tu-danh-gia/gia-tri/{value(sub_a, '1.2').pk}/tai-lieu/", {}),
        (f"/tu-danh-gia/tai-lieu/{evidence_a.pk}/go/", {}),
    ]
    for url, data in posts:
        assert officer_b_client.post(url, data).status_code == 404, url
    assert value(sub_a, "1.2").self_points is None
    evidence_a.refresh_from_db()
    assert evidence_a.removed_at is None


def test_the_owner_reaches_every_page(officer_a_client, sub_a, nts, evidence_a):
    for url in urls_of(sub_a, nts, evidence_a):
        assert officer_a_client.get(url).status_code == 200, url


def test_reviewers_read_a_sent_submission_but_never_write_through_officer_pages(reviewer_client, sub_a, nts, evidence_a):
    send(sub_a)
    for url in urls_of(sub_a, nts, evidence_a):
        assert reviewer_client.get(url).status_code == 200, url
    assert reviewer_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS)).status_code == 403
    assert reviewer_client.post(f"/tu-danh-gia/ho-so/{sub_a.pk}/gui/").status_code == 403
    assert value(sub_a, "1.2").self_points is None


@pytest.mark.parametrize("persona", ["reviewer_client", "lead_client", "admin_client_"])
def test_a_draft_and_its_evidence_and_history_are_404_to_reviewers(request, persona, sub_a, nts, evidence_a):
    client = request.getfixturevalue(persona)
    for url in urls_of(sub_a, nts, evidence_a):
        assert client.get(url).status_code == 404, url


def test_reviewers_cannot_write_to_a_draft_either(reviewer_client, sub_a, nts, evidence_a):
    assert reviewer_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS)).status_code == 404
    assert reviewer_client.post(f"/tu-danh-gia/tai-lieu/{evidence_a.pk}/go/").status_code == 404
    assert value(sub_a, "1.2").self_points is None


def test_a_returned_submission_stays_readable_to_reviewers(reviewer_client, sub_a, nts, evidence_a):
    send(sub_a, SubmissionStatus.RETURNED)
    for url in urls_of(sub_a, nts, evidence_a):
        assert reviewer_client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_login(client, sub_a, nts, evidence_a):
    for url in urls_of(sub_a, nts, evidence_a):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


def test_a_user_without_role_or_unit_gets_404(client, sub_a, nts, evidence_a):
    client.force_login(factories.UserFactory(username="nobody", role=Role.OFFICER, unit=None))
    for url in urls_of(sub_a, nts, evidence_a):
        assert client.get(url).status_code == 404, url


def test_wrong_methods_get_405(officer_a_client, sub_a, evidence_a):
    assert officer_a_client.delete(f"/tu-danh-gia/ho-so/{sub_a.pk}/").status_code == 405
    assert officer_a_client.put(f"/tu-danh-gia/tai-lieu/{evidence_a.pk}/go/").status_code == 405
    assert officer_a_client.post(f"/tu-danh-gia/tai-lieu/{evidence_a.pk}/").status_code == 405


def test_helper_names_are_stable_for_the_review_app(officer_a, officer_b, reviewer, sub_a, evidence_a):
    assert access.get_submission_for_user(officer_a, sub_a.pk) == sub_a
    with pytest.raises(Http404):
        access.get_submission_for_user(reviewer, sub_a.pk)  # still a draft
    send(sub_a)
    assert access.get_submission_for_user(reviewer, sub_a.pk) == sub_a
    assert access.get_evidence_for_user(reviewer, evidence_a.pk) == evidence_a
    with pytest.raises(Http404):
        access.get_submission_for_user(officer_b, sub_a.pk)
    with pytest.raises(Http404):
        access.get_evidence_for_user(officer_b, evidence_a.pk)
    with pytest.raises(Http404):
        access.get_submission_for_user(officer_a, 999999)


def test_a_main_index_of_another_framework_is_404(officer_a_client, sub_a):
    other = factories.make_framework("khac").main_indices.first()
    assert officer_a_client.get(entry_url(sub_a, other)).status_code == 404


def test_officer_list_requires_officer_role(officer_a_client, reviewer_client, sub_a):
    assert officer_a_client.get("/tu-danh-gia/").status_code == 200
    assert reviewer_client.get("/tu-danh-gia/").status_code == 403
