"""The guards in front of the views: control characters in addresses and filters (400), JSON
bodies bounded in size, depth and magnitude (400), one text rule for forms and the API."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ParseError

from accounts.models import AuditEntry
from api.parsers import MAX_DEPTH, BoundedJSONParser, nesting_depth
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue
from results.models import Publication
from tests import factories
from tests.assessments.conftest import PDF_BYTES
from tests.results.conftest import signed_round, units  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

REFUSED_ADDRESS = "ký tự điều khiển không hợp lệ"


@pytest.fixture
def draft(province_a, province_b):
    return factories.make_round(units=[province_a, province_b]).submissions.get(unit=province_a)


@pytest.fixture
def token(officer_a):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=officer_a).key}"}


def patch_values(client, token, sub, body: str):
    return client.patch(reverse("api:submission_values", args=[sub.pk]), body, content_type="application/json", **token)


def inputs_of(sub):
    return list(IndicatorValue.objects.filter(submission=sub).order_by("pk").values_list("inputs", "version"))


# --- Addresses and filters ---------------------------------------------------------------


def test_a_nul_in_an_api_list_filter_is_a_400_with_a_message(client):
    response = client.get("/api/units/", {"ranking_group": "tinh-63\x00"})
    assert response.status_code == 400
    assert REFUSED_ADDRESS in response.json()["detail"]


def test_a_nul_in_the_api_submission_filter_is_a_400(officer_a_client):
    assert officer_a_client.get("/api/submissions/", {"round": "1\x00"}).status_code == 400


def test_a_nul_in_an_api_path_is_a_400(client):
    assert client.get("/api/units/%00/").status_code == 400


def test_a_nul_in_the_reviewers_results_filter_is_a_400_page(reviewer_client, draft):
    response = reviewer_client.get(reverse("results:round", args=[draft.round_id]), {"nhom": "\x00"})
    assert response.status_code == 400
    assert REFUSED_ADDRESS in response.content.decode()


def test_a_nul_in_the_review_queue_search_is_a_400(reviewer_client, draft):
    assert reviewer_client.get(reverse("review:queue", args=[draft.round_id]), {"q": "Đà\x00"}).status_code == 400


@pytest.mark.parametrize("query", [{"q": "\x00"}, {"role__exact": "officer\x00"}, {"unit__ranking_group": "\x00"}])
def test_a_nul_in_an_admin_search_or_filter_is_a_400(admin_client_, query):
    assert admin_client_.get(reverse("admin:accounts_user_changelist"), query).status_code == 400


@pytest.mark.parametrize("char", ["\t", "\n", "\x1b", "\x7f"])
def test_other_control_characters_in_a_filter_are_refused_too(client, char):
    assert client.get("/api/units/", {"ranking_group": f"tinh{char}63"}).status_code == 400


def test_a_vietnamese_search_passes(reviewer_client, draft):
    assert reviewer_client.get(reverse("review:queue", args=[draft.round_id]), {"q": "Đà Nẵng"}).status_code == 200


# --- JSON bodies -------------------------------------------------------------------------


def test_deeply_nested_json_is_a_400_and_changes_nothing(client, token, draft):
    before = inputs_of(draft)
    body = '{"values": [{"indicator": "1.3", "inputs": {"numerator": ' + "[" * 50_000 + "]" * 50_000 + "}}]}"
    response = patch_values(client, token, draft, body)
    assert response.status_code == 400
    assert "lồng nhau quá sâu" in response.json()["detail"]
    assert inputs_of(draft) == before


def test_nesting_is_counted_outside_strings(client):
    assert nesting_depth(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "b": [1, {"c": "\\"]]]"}]}') == 3
    assert nesting_depth(b"[" * 100 + b"]" * 100) == MAX_DEPTH + 1  # stops counting past the limit


def test_an_oversized_json_body_is_a_400(client, token, draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = inputs_of(draft)
    body = json.dumps({"values": [{"indicator": "1.3", "inputs": {"numerator": "1", "denominator": "2"}}] * 30})
    assert patch_values(client, token, draft, body).status_code == 400
    assert inputs_of(draft) == before


def test_the_parser_reads_no_more_than_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    stream = io.BytesIO(b'{"a": "' + b"x" * 10_000_000 + b'"}')
    with pytest.raises(ParseError, match="quá lớn"):
        BoundedJSONParser().parse(stream)
    assert stream.tell() == 1001


@pytest.mark.parametrize("number", ["1e400", "-1e400", str(10**15), str(10**300), "NaN", "Infinity"])
def test_json_numbers_out_of_any_range_are_a_400(client, token, draft, number):
    before = inputs_of(draft)
    body = '{"values": [{"indicator": "1.4", "inputs": {"count": ' + number + "}}]}"
    assert patch_values(client, token, draft, body).status_code == 400
    assert inputs_of(draft) == before


def test_a_plain_json_number_is_still_saved(client, token, draft):
    response = patch_values(client, token, draft, '{"values": [{"indicator": "1.4", "inputs": {"count": 6}}]}')
    assert response.status_code == 200
    assert IndicatorValue.objects.get(submission=draft, indicator__code="1.4").self_points == 10


@pytest.mark.parametrize("key", ["\x00", "count\x00", "x" * 40, "Count"])
def test_input_names_that_are_not_identifiers_are_a_400(client, token, draft, key):
    body = json.dumps({"values": [{"indicator": "1.4", "inputs": {key: 6}}]})
    assert patch_values(client, token, draft, body).status_code == 400


def test_a_control_character_in_general_information_via_the_api_is_a_400(client, token, draft):
    before = list(GeneralInfoValue.objects.filter(submission=draft).values_list("value", "version"))
    response = client.patch(reverse("api:submission_general_info", args=[draft.pk]),
                            json.dumps({"items": [{"code": "TT.1", "value": "12\x1b"}]}), content_type="application/json", **token)
    assert response.status_code == 400
    assert list(GeneralInfoValue.objects.filter(submission=draft).values_list("value", "version")) == before


# --- Form fields -------------------------------------------------------------------------


def test_a_control_character_in_a_citation_is_a_form_error(officer_a_client, draft):
    value = IndicatorValue.objects.get(submission=draft, indicator__code="1.2")
    response = officer_a_client.post(reverse("assessments:evidence", args=[value.pk]), {
        "doc_number": "12/KH\x1b[31m", "doc_date": "01/03/2025", "issuing_body": "UBND", "summary": "Kế hoạch",
        "file": SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf"),
    })
    assert response.status_code == 200
    assert "ký tự điều khiển không hợp lệ" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_summary_keeps_its_line_breaks(officer_a_client, draft):
    value = IndicatorValue.objects.get(submission=draft, indicator__code="1.2")
    response = officer_a_client.post(reverse("assessments:evidence", args=[value.pk]), {
        "doc_number": "12/KH", "doc_date": "01/03/2025", "issuing_body": "UBND", "summary": "Dòng 1\r\n\tDòng 2",
        "file": SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf"),
    })
    assert response.status_code == 302
    assert Evidence.objects.get().summary == "Dòng 1\r\n\tDòng 2"


def test_a_text_without_its_own_limit_takes_at_most_5000_characters(admin_client_, draft):
    response = admin_client_.post(reverse("assessments:deadline_extend", args=[draft.pk]),
                                  {"deadline": "01/01/2030 08:00", "reason": "x" * 5001})
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert not AuditEntry.objects.filter(action__startswith="submission.deadline").exists()


def test_a_control_character_in_an_admin_text_field_is_a_form_error(admin_client_, province_a):
    response = admin_client_.post(reverse("admin:accounts_unit_change", args=[province_a.pk]), {
        "code": "48", "name": "Đà\x07 Nẵng", "kind": "thanh_pho", "ranking_group": "tinh-63",
        "lineage_as_successor-TOTAL_FORMS": "0", "lineage_as_successor-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200
    assert "ký tự điều khiển không hợp lệ" in response.content.decode()
    province_a.refresh_from_db()
    assert province_a.name == "Đà Nẵng"


def test_a_publication_note_with_a_nul_is_refused_with_a_message(admin_client_, signed_round):  # noqa: F811
    response = admin_client_.post(reverse("results:publish", args=[signed_round.pk]), {"note": "Công bố\x00"}, follow=True)
    assert "ký tự điều khiển không hợp lệ" in response.content.decode()
    assert not Publication.objects.exists()
