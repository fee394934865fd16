"""Hostile input: lying files, scripts, huge and empty files, traversal names, zip bombs;
oversized, control-character, out-of-range and wrongly-typed values in forms and the API.

Every case: a clear message (or the file stored and served inert), never a 500, nothing
half-saved.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from assessments import services
from assessments.models import (
    Assignment,
    ContributedEvidence,
    ContributedGeneralInfo,
    ContributedValue,
    Evidence,
    GeneralInfoValue,
    IndicatorValue,
)
from tests import factories
from tests.assessments.conftest import EXE_BYTES, PDF_BYTES
from tests.assessments.contribution_helpers import assign

pytestmark = pytest.mark.django_db

CITATION = {"doc_number": "12/KH-UBND", "doc_date": "01/03/2025", "issuing_body": "UBND tỉnh", "summary": "Kế hoạch"}
HTML_WITH_SCRIPT = b"<!doctype html><html><body><script>fetch('/tai-khoan/')</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)


@pytest.fixture
def draft(province_a, province_b):
    from tests import factories

    rnd = factories.make_round(units=[province_a, province_b])
    return rnd.submissions.get(unit=province_a)


def value(sub, code="1.2"):
    return IndicatorValue.objects.get(submission=sub, indicator__code=code)


def upload(client, v, content, name="ke-hoach.pdf"):
    data = {**CITATION, "file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    return client.post(reverse("assessments:evidence", args=[v.pk]), data)


def stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


class SpyHandler(MemoryFileUploadHandler):
    """Stands for Django's memory/temporary-file handlers: records what reaches them."""

    received: list[int] = []

    def receive_data_chunk(self, raw_data, start):
        self.received.append(len(raw_data))
        return super().receive_data_chunk(raw_data, start)


# --- Uploads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content,name",
    [
        (EXE_BYTES, "bao-cao.pdf"),  # a program calling itself a PDF
        (HTML_WITH_SCRIPT, "bao-cao.pdf"),  # HTML calling itself a PDF
        (HTML_WITH_SCRIPT, "trang.html"),
        (SVG_WITH_SCRIPT, "hinh.svg"),
        (SVG_WITH_SCRIPT, "hinh.png"),
        (b"%!PS-Adobe-3.0\n", "tai-lieu.docx"),
    ],
)
def test_a_file_whose_content_is_not_an_allowed_type_is_refused_by_content(officer_a_client, draft, settings, content, name):
    response = upload(officer_a_client, value(draft), content, name)
    assert response.status_code == 200
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Evidence.objects.exists() and not stored(settings)


def test_an_oversized_file_is_refused_while_streaming(officer_a_client, draft, settings):
    """The size handler drops the file once past the limit: the handlers after it never
    receive the rest of the body (they would have written it to memory or disk)."""
    settings.EVIDENCE_MAX_BYTES = 4096
    SpyHandler.received = received = []
    settings.FILE_UPLOAD_HANDLERS = [f"{__name__}.SpyHandler"]
    big = PDF_BYTES + b"0" * (2 * 1024 * 1024)
    response = upload(officer_a_client, value(draft), big)
    assert response.status_code == 200
    assert "vượt quá dung lượng cho phép" in response.content.decode()
    assert sum(received) <= settings.EVIDENCE_MAX_BYTES + 64 * 1024  # at most one chunk past the limit
    assert not Evidence.objects.exists() and not stored(settings)


def test_an_empty_file_is_refused_with_a_message(officer_a_client, draft, settings):
    response = upload(officer_a_client, value(draft), b"", "rong.pdf")
    assert response.status_code == 200
    body = response.content.decode()
    assert "rỗng" in body or "empty" in body.lower()
    assert not Evidence.objects.exists() and not stored(settings)


@pytest.mark.parametrize("name", ["../../../../etc/cron.d/x.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/passwd.pdf", "a\x00b.pdf"])
def test_a_path_traversal_name_stays_inside_the_media_root(officer_a_client, draft, settings, name):
    response = upload(officer_a_client, value(draft), PDF_BYTES, name)
    assert response.status_code in (200, 302)
    root = Path(settings.MEDIA_ROOT).resolve()
    for path in stored(settings):
        assert root in path.resolve().parents
    for ev in Evidence.objects.all():
        assert ".." not in ev.file.name and not ev.file.name.startswith("/")
        assert "/" not in ev.original_name and "\\" not in ev.original_name and "\x00" not in ev.original_name
        download = officer_a_client.get(reverse("assessments:evidence_download", args=[ev.pk]))
        assert "/" not in download["Content-Disposition"].split("filename", 1)[1]


def _zip_bomb(inner_mb: int = 200) -> bytes:
    """A Word document whose body inflates to `inner_mb` MB of zeros (a few hundred KB packed)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(inner_mb):
                member.write(chunk)
    return buf.getvalue()


def test_a_zip_bomb_is_refused_without_being_inflated(officer_a_client, draft):
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    started = time.monotonic()
    response = upload(officer_a_client, value(draft), bomb, "bom.docx")
    assert time.monotonic() - started < 10  # the check reads the zip directory, never the members
    assert response.status_code == 200
    assert "Tệp được nén bất thường" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_plain_zip_is_refused(officer_a_client, draft, settings):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("payload.html", HTML_WITH_SCRIPT)
    response = upload(officer_a_client, value(draft), buf.getvalue(), "tai-lieu.docx")
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_stored_file_is_served_as_an_attachment_under_a_closed_policy(officer_a_client, draft):
    upload(officer_a_client, value(draft), PDF_BYTES, "<script>alert(1)</script>.pdf")
    ev = Evidence.objects.get()
    response = officer_a_client.get(reverse("assessments:evidence_download", args=[ev.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    page = officer_a_client.get(reverse("assessments:evidence", args=[value(draft).pk])).content.decode()
    assert "<script>alert(1)</script>" not in page  # the name is escaped where it is listed


def test_the_api_refuses_a_lying_file_with_a_400(officer_a, draft, client):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer_a)
    response = client.post(
        reverse("api:value_evidence", args=[value(draft).pk]),
        {**CITATION, "doc_date": "2025-03-01", "file": SimpleUploadedFile("x.pdf", EXE_BYTES)},
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 400
    assert not Evidence.objects.exists()


# --- Forms ----------------------------------------------------------------------------------

HOSTILE_VALUES = [
    "9" * 400,  # far out of range, and longer than any field
    "-1",
    "1e309",  # overflows a float
    "NaN",
    "Infinity",
    "abc",
    "12\x00",  # a NUL byte: PostgreSQL refuses it in text
    "\x1b[31m5",  # a terminal escape
    "1" * 10_000,
    "0x10",
    "١٢",  # Arabic-Indic digits
]


def _entry_fields(client, sub, main_index):
    page = client.get(reverse("assessments:entry", args=[sub.pk, main_index.pk])).content.decode()
    names = set(re.findall(r'name="(v\d+-[\w-]+)"', page))
    versions = dict(re.findall(r'name="(v\d+-version)" value="(\d+)"', page))
    return names - set(versions), versions


def _snapshot(sub):
    return list(IndicatorValue.objects.filter(submission=sub).order_by("pk").values_list("inputs", "self_points", "version"))


@pytest.mark.parametrize("hostile", HOSTILE_VALUES, ids=range(len(HOSTILE_VALUES)))
def test_hostile_entry_values_get_a_message_and_change_nothing(officer_a_client, draft, hostile):
    main_index = draft.round.framework.main_indices.order_by("order").first()
    fields, versions = _entry_fields(officer_a_client, draft, main_index)
    assert fields and versions
    before = _snapshot(draft)
    response = officer_a_client.post(
        reverse("assessments:entry", args=[draft.pk, main_index.pk]), {**versions, **{f: hostile for f in fields}}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _snapshot(draft) == before  # every row refused (a save keeps only the valid rows)
        assert "alert-danger" in response.content.decode() or "is-invalid" in response.content.decode()


def test_one_bad_row_is_refused_and_the_good_rows_of_the_same_save_are_saved(officer_a_client, draft):
    from tests.assessments.conftest import FULL_NTS, entry_post

    main_index = draft.round.framework.main_indices.order_by("order").first()
    ratio = value(draft, "1.3")
    data = entry_post(draft, main_index, {**FULL_NTS, "1.3": {"numerator": "abc", "denominator": "\x00"}})
    response = officer_a_client.post(reverse("assessments:entry", args=[draft.pk, main_index.pk]), data)
    assert response.status_code == 200
    assert f'id="id_v{ratio.pk}-numerator-error"' in response.content.decode()
    ratio.refresh_from_db()
    assert (ratio.inputs, ratio.self_points, ratio.version) == ({}, None, 0)
    assert value(draft, "1.4").inputs == {"count": 6}


@pytest.mark.parametrize("hostile", ["x" * 100_000, "12\x00", "-5", "1e400", "abc"])
def test_hostile_general_information_changes_nothing(officer_a_client, draft, hostile):
    page = officer_a_client.get(reverse("assessments:general_info", args=[draft.pk])).content.decode()
    names = set(re.findall(r'name="(g\d+-[\w-]+)"', page))
    versions = dict(re.findall(r'name="(g\d+-version)" value="(\d+)"', page))
    before = list(GeneralInfoValue.objects.filter(submission=draft).values_list("value", flat=True))
    response = officer_a_client.post(
        reverse("assessments:general_info", args=[draft.pk]), {**versions, **{n: hostile for n in names - set(versions)}}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(GeneralInfoValue.objects.filter(submission=draft).values_list("value", flat=True)) == before


@pytest.mark.parametrize(
    "data",
    [
        {"doc_number": "x" * 5000},
        {"doc_date": "31/02/2025"},
        {"doc_date": "99999-01-01"},
        {"summary": "\x00"},
        {"issuing_body": "a" * 10_000},
    ],
)
def test_hostile_citations_are_refused_and_nothing_is_stored(officer_a_client, draft, settings, data):
    post = {**CITATION, **data, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    response = officer_a_client.post(reverse("assessments:evidence", args=[value(draft).pk]), post)
    assert response.status_code == 200
    assert not Evidence.objects.exists() and not stored(settings)


def test_a_hostile_reason_to_reopen_is_refused_without_a_500(admin_client_, draft):
    response = admin_client_.post(reverse("review:reopen", args=[draft.pk]), {"reason": "\x00" * 10})
    assert response.status_code in (200, 302, 404)


# --- API ------------------------------------------------------------------------------------


@pytest.fixture
def api(officer_a, client):
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=officer_a).key

    def call(method, url, payload, content_type="application/json"):
        body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return getattr(client, method)(url, body, content_type=content_type, HTTP_AUTHORIZATION=f"Token {key}")

    return call


@pytest.mark.parametrize(
    "payload",
    [
        {"values": "not a list"},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": "9" * 500, "denominator": "1"}}]},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": -1, "denominator": 0}}]},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": [1], "denominator": {"a": 1}}}]},
        {"values": [{"indicator": "1.2", "inputs": {"value": "\x00"}}]},
        {"values": [{"indicator": "x" * 5000, "inputs": {}}]},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": 1, "denominator": 2}, "version": "abc"}]},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": 1, "denominator": 2}, "version": 10**30}]},
        {"values": [{"indicator": "1.3", "inputs": {"numerator": 1, "denominator": 2}},
                    {"indicator": "1.4", "inputs": {"count": "abc"}}]},  # one good row, one bad: neither saved
        [1, 2, 3],
        "null",
        b"\xff\xfe not json",
    ],
    ids=range(12),
)
def test_hostile_api_values_are_refused_and_change_nothing(api, draft, payload):
    before = _snapshot(draft)
    response = api("patch", reverse("api:submission_values", args=[draft.pk]), payload)
    # A 4xx with the reasons; or (a NUL read as "no answer") a 200 that changed nothing.
    assert 400 <= response.status_code < 500 or response.json() == {"changed": 0, "unchanged": 1}, response.content
    assert _snapshot(draft) == before


def test_an_oversized_api_body_is_refused(api, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    payload = {"values": [{"indicator": "1.3", "inputs": {"numerator": "1" * 50_000, "denominator": "1"}}]}
    response = api("patch", reverse("api:submission_values", args=[draft.pk]), payload)
    assert 400 <= response.status_code < 500


# --- Contributors (issue 17): only what is assigned to them, and only their own assignment ---


@pytest.fixture
def contribution(draft, officer_a, contributor_a):
    """1.3 and 1.4 of A's draft given to A's department's contributor; 1.2 and the general
    information to another contributor of the same department."""

    other = factories.UserFactory(username="contributor_2", role=Role.CONTRIBUTOR, unit=contributor_a.unit)
    mine = assign(draft, officer_a, contributor_a)
    theirs = assign(draft, officer_a, other, codes=("1.2",))
    services.assign(actor=officer_a, submission=draft, contributor=other, indicators=[],
                    general_items=list(draft.round.framework.general_info_items.all()), due_at=theirs.due_at)
    return mine, theirs


@pytest.fixture
def contributor_a_client(client, contributor_a):
    client.force_login(contributor_a)
    return client


def _contributions_now():
    return (
        list(ContributedValue.objects.order_by("pk").values_list("inputs", "self_points")),
        list(ContributedGeneralInfo.objects.order_by("pk").values_list("value", flat=True)),
        ContributedEvidence.objects.count(),
    )


def test_a_contributor_posting_figures_for_an_unassigned_indicator_gets_404_and_nothing_changes(contributor_a_client, contribution):
    mine, theirs = contribution
    before = _contributions_now()
    unassigned = theirs.values.get().pk
    response = contributor_a_client.post(reverse("assessments:contribution", args=[mine.pk]), {f"c{unassigned}-answer": "yes"})
    assert response.status_code == 404 and _contributions_now() == before


def test_a_contributor_posting_an_unassigned_general_information_field_gets_404(contributor_a_client, contribution):
    mine, _theirs = contribution
    before = _contributions_now()
    field = f"g{ContributedGeneralInfo.objects.get().pk}-value"
    response = contributor_a_client.post(reverse("assessments:contribution", args=[mine.pk]), {field: "42.000"})
    assert response.status_code == 404 and _contributions_now() == before


def test_a_contributor_posting_into_another_contributor_s_assignment_gets_404(contributor_a_client, contribution):
    _mine, theirs = contribution
    before = _contributions_now()
    cv = theirs.values.get()
    response = contributor_a_client.post(reverse("assessments:contribution", args=[theirs.pk]), {f"c{cv.pk}-answer": "yes"})
    assert response.status_code == 404 and _contributions_now() == before


def test_a_contributor_uploading_evidence_for_an_unassigned_indicator_gets_404_and_nothing_is_stored(contributor_a_client, contribution, settings):
    mine, theirs = contribution
    data = {**CITATION, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    response = contributor_a_client.post(
        reverse("assessments:contribution_evidence", args=[mine.pk, theirs.values.get().pk]), data
    )
    assert response.status_code == 404 and _contributions_now()[2] == 0 and not stored(settings)


def test_a_contributor_uploading_into_another_contributor_s_assignment_gets_404(contributor_a_client, contribution, settings):
    _mine, theirs = contribution
    data = {**CITATION, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    response = contributor_a_client.post(
        reverse("assessments:contribution_evidence", args=[theirs.pk, theirs.values.get().pk]), data
    )
    assert response.status_code == 404 and _contributions_now()[2] == 0 and not stored(settings)


def test_a_contributor_removing_another_contributor_s_file_gets_404_and_it_stays(contributor_a_client, contribution):
    _mine, theirs = contribution
    their_client = Client()
    their_client.force_login(theirs.contributor)
    their_client.post(reverse("assessments:contribution_evidence", args=[theirs.pk, theirs.values.get().pk]),
                      {**CITATION, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    ce = ContributedEvidence.objects.get()
    response = contributor_a_client.post(reverse("assessments:contributed_evidence_remove", args=[ce.pk]))
    ce.refresh_from_db()
    assert response.status_code == 404 and ce.removed_at is None


@pytest.mark.parametrize(
    "data",
    [{"doc_number": "x" * 5000}, {"doc_date": "31/02/2025"}, {"summary": "\x00"}, {"issuing_body": "a" * 10_000}],
)
def test_hostile_contributed_citations_are_refused_and_nothing_is_stored(contributor_a_client, contribution, settings, data):
    mine, _theirs = contribution
    cv = mine.values.order_by("pk").first()
    post = {**CITATION, **data, "file": SimpleUploadedFile("a.pdf", PDF_BYTES)}
    response = contributor_a_client.post(reverse("assessments:contribution_evidence", args=[mine.pk, cv.pk]), post)
    assert response.status_code == 200 and "Chưa tải lên" in response.content.decode()
    assert _contributions_now()[2] == 0 and not stored(settings)


@pytest.mark.parametrize("content", [EXE_BYTES, HTML_WITH_SCRIPT, SVG_WITH_SCRIPT, b""])
def test_hostile_contributed_files_are_refused_and_nothing_is_stored(contributor_a_client, contribution, settings, content):
    mine, _theirs = contribution
    cv = mine.values.order_by("pk").first()
    post = {**CITATION, "file": SimpleUploadedFile("../../ke-hoach.pdf", content)}
    response = contributor_a_client.post(reverse("assessments:contribution_evidence", args=[mine.pk, cv.pk]), post)
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert _contributions_now()[2] == 0 and not stored(settings)


@pytest.mark.parametrize("hostile", ["x" * 100_000, "12\x00", "-5", "1e400", "abc", "12,5"])
def test_hostile_contributed_general_information_changes_nothing(client, contribution, hostile):
    _mine, theirs = contribution
    gi = ContributedGeneralInfo.objects.get()
    client.force_login(theirs.contributor)
    response = client.post(reverse("assessments:contribution", args=[gi.assignment_id]), {f"g{gi.pk}-value": hostile})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert ContributedGeneralInfo.objects.get().value is None and Assignment.objects.get(pk=gi.assignment_id).status == "assigned"
