"""Property-based: whatever a person types or a client sends, the portal never answers with a
server error, and a refused request leaves the data as it was.

Every form and API write is posted generated values (text with NUL and other control
characters, huge strings, numbers of hundreds of digits or out of range, odd number spellings,
deeply nested or oversized JSON) as the persona allowed to use it, so the request reaches the
form and the service rather than the access check. For each request:

- the status is below 500;
- refused (a 4xx, a form shown again, or a redirect with an error message): the domain rows are
  exactly as before (the entry and general-information pages save every valid row: there, the
  rows shown again with an error are as before);
- accepted: whatever changed is in the audit trail (at least one new row).

Examples per test: DTI_PROPERTY_EXAMPLES (default 20; derandomized, so CI is repeatable).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts.models import AuditEntry, Role
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue, Round, Submission, SubmissionStatus
from results.models import Publication
from review import services as review_services
from review.models import Clarification, ClarificationMessage
from tests import factories
from tests.assessments.conftest import PDF_BYTES
from tests.results.conftest import signed_round, units  # noqa: F401 (fixtures)
from tests.review.conftest import fill, send

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("DTI_PROPERTY_EXAMPLES", "20"))
PROPERTY = hsettings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # The personas and their submissions are built once per test; each example re-reads the state.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- What is generated ----------------------------------------------------------------------

CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F)]
# NUL is the one PostgreSQL refuses: drawn half of the time, the other controls otherwise.
control = st.one_of(st.just("\x00"), st.sampled_from(CONTROLS))
with_control = st.tuples(st.text(max_size=12), control, st.text(max_size=12)).map("".join)
huge_text = st.integers(min_value=300, max_value=20_000).map(lambda n: "x" * n)
huge_number = st.one_of(
    st.integers(min_value=50, max_value=3000).map(lambda n: "9" * n),
    st.integers(min_value=10**15, max_value=10**400).map(str),
    st.integers(min_value=10**15, max_value=10**400).map(lambda n: f"-{n},5"),
)
odd_number = st.sampled_from(
    ["1e400", "-1e400", "1e-400", "NaN", "Infinity", "-0", "0,0000000001", "1.000.000,5", "1,5,5", "١٢", "0x1F",
     "1_000", " 5 ", "+5", "5%", "", "   "]
)
plain_number = st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False).map(lambda d: str(d).replace(".", ","))
hostile_text = st.one_of(st.text(max_size=40), with_control, huge_text, huge_number, odd_number, plain_number)

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**40, max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20), with_control, huge_number, odd_number,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def deep(depth: int, kind: str) -> str:
    return ("[" * depth + "]" * depth) if kind == "list" else ('{"a":' * depth + "1" + "}" * depth)


deep_json = st.tuples(st.integers(min_value=17, max_value=20_000), st.sampled_from(["list", "object"])).map(
    lambda t: deep(*t)
)


# --- The world, its state, and what counts as refused ----------------------------------------


@pytest.fixture
def world(province_a, province_b, officer_a, officer_b, reviewer, lead_reviewer, admin_user):
    """A draft (A), a submission returned with a question (B), one under review (C)."""
    province_c = factories.UnitFactory(code="50", gso_code="50", name="Quảng Ngãi")
    officer_c = factories.UserFactory(username="officer_c", role=Role.OFFICER, unit=province_c)
    system = factories.UserFactory(username="system", role=Role.SYSTEM)
    rnd = factories.make_round(units=[province_a, province_b, province_c])
    draft = rnd.submissions.get(unit=province_a)
    returned = rnd.submissions.get(unit=province_b)
    fill(returned)
    returned = send(returned, officer_b)
    (question,) = review_services.return_for_clarification(
        submission=returned, actor=reviewer, questions={IndicatorValue.objects.get(submission=returned, indicator__code="1.1").pk: "Văn bản nào?"}
    )
    reviewed = rnd.submissions.get(unit=province_c)
    fill(reviewed)
    reviewed = send(reviewed, officer_c)
    return {"round": rnd, "draft": draft, "returned": returned, "question": question, "reviewed": reviewed,
            "users": {"officer_a": officer_a, "officer_b": officer_b, "reviewer": reviewer, "lead": lead_reviewer,
                      "admin": admin_user, "system": system}}


class Personas:
    """A fresh client per request: a redirect's flash message must not leak into the next one."""

    def __init__(self, users):
        self.users = users

    def __getitem__(self, who) -> Client:
        client = Client()
        if who != "anonymous":
            client.force_login(self.users[who])
        return client


@pytest.fixture
def web(world):
    return Personas(world["users"])


@pytest.fixture
def api(world):
    from rest_framework.authtoken.models import Token

    def call(who, method, url, body, content_type="application/json"):
        key = Token.objects.get_or_create(user=world["users"][who])[0].key
        return getattr(Client(), method)(url, body, content_type=content_type, HTTP_AUTHORIZATION=f"Token {key}")

    return call


def state() -> dict:
    """Every domain row a form or the API may write (the audit trail is compared apart)."""
    return {
        "values": list(IndicatorValue.objects.order_by("pk").values_list(
            "pk", "inputs", "self_points", "reviewed_points", "final_points", "version", "review_reason")),
        "general": list(GeneralInfoValue.objects.order_by("pk").values_list("pk", "value", "version")),
        "evidence": list(Evidence.objects.order_by("pk").values_list("pk", "doc_number", "summary", "removed_at")),
        "submissions": list(Submission.objects.order_by("pk").values_list("pk", "status", "deadline_override")),
        "clarifications": list(Clarification.objects.order_by("pk").values_list("pk", "status", "question")),
        "messages": list(ClarificationMessage.objects.order_by("pk").values_list("pk", "body")),
        "rounds": list(Round.objects.order_by("pk").values_list("pk", "year", "opens_at", "closes_at")),
        "publications": list(Publication.objects.order_by("pk").values_list("pk", "is_active", "note", "unpublish_reason")),
    }


def refused(response) -> bool:
    if response.status_code >= 400:
        return True
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        return True  # a form shown again with its errors (a success redirects)
    return any(m.level >= message_levels.ERROR for m in get_messages(response.wsgi_request))


def check(send) -> None:
    """Send one request and assert the properties of the module docstring."""
    before, trail = state(), AuditEntry.objects.count()
    response = send()
    assert response.status_code < 500, response.content[:500]
    after = state()
    if refused(response):
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        notes = [str(m) for m in get_messages(response.wsgi_request)]
        assert not changed, f"a refused request ({response.status_code}, {notes}) changed {changed}"
    elif after != before:
        assert AuditEntry.objects.count() > trail, "a change without an audit row"


def check_partial(send, refused_rows) -> None:
    """A save that keeps every valid row (the entry and general-information pages): never a
    500; a row shown again with an error (``refused_rows(html)``: their ids) is as it was; any
    change is in the audit trail."""
    before, trail = state(), AuditEntry.objects.count()
    response = send()
    assert response.status_code < 500, response.content[:500]
    after = state()
    refused_ids = refused_rows(response.content.decode()) if response.status_code == 200 else set()
    for table in ("values", "general"):
        kept = {row[0]: row for row in before[table] if row[0] in refused_ids}
        assert kept == {row[0]: row for row in after[table] if row[0] in refused_ids}, f"a refused {table} row changed"
    if after != before:
        assert AuditEntry.objects.count() > trail, "a change without an audit row"


def invalid_entry_rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<section id="value-(\d+)" class="card mb-3 indicator-row is-invalid', html)}


def invalid_general_rows(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'class="form-control is-invalid" id="id_g(\d+)-value"', html)}


def page_fields(client, url, pattern) -> tuple[list[str], dict]:
    page = client.get(url).content.decode()
    names = sorted(set(re.findall(rf'name="({pattern})"', page)))
    versions = {n: v for n, v in re.findall(r'name="([\w-]+-version)" value="(\d+)"', page)}
    return [n for n in names if n not in versions], versions


# --- Forms ----------------------------------------------------------------------------------


@PROPERTY
@given(values=st.lists(hostile_text, min_size=1, max_size=4))
def test_the_entry_form_never_fails(web, world, values):
    draft = world["draft"]
    main = draft.round.framework.main_indices.order_by("order").first()
    url = reverse("assessments:entry", args=[draft.pk, main.pk])
    officer = web["officer_a"]
    fields, versions = page_fields(officer, url, r"v\d+-[a-z_]+")
    data = {**versions, **{f: values[i % len(values)] for i, f in enumerate(fields)}}
    check_partial(lambda: officer.post(url, data), invalid_entry_rows)


@PROPERTY
@given(value=hostile_text, version=st.one_of(hostile_text, st.integers(min_value=-10**30, max_value=10**30).map(str)))
def test_the_general_information_form_never_fails(web, world, value, version):
    url = reverse("assessments:general_info", args=[world["draft"].pk])
    officer = web["officer_a"]
    fields, versions = page_fields(officer, url, r"g\d+-value")
    data = {**{k: version for k in versions}, **{f: value for f in fields}}
    check_partial(lambda: officer.post(url, data), invalid_general_rows)


@PROPERTY
@given(doc_number=hostile_text, doc_date=hostile_text, issuing_body=hostile_text, summary=hostile_text,
       replaces=st.one_of(st.just(""), hostile_text))
def test_the_evidence_citation_form_never_fails(web, world, doc_number, doc_date, issuing_body, summary, replaces):
    value = IndicatorValue.objects.get(submission=world["draft"], indicator__code="1.2")
    url = reverse("assessments:evidence", args=[value.pk])
    data = {"doc_number": doc_number, "doc_date": doc_date, "issuing_body": issuing_body, "summary": summary,
            "replaces": replaces, "file": SimpleUploadedFile("ke-hoach.pdf", PDF_BYTES, content_type="application/pdf")}
    check(lambda: web["officer_a"].post(url, data))


@PROPERTY
@given(points=hostile_text, reason=hostile_text, version=st.one_of(hostile_text, st.just("")))
def test_the_appraisal_form_never_fails(web, world, points, reason, version):
    sub = world["reviewed"]
    value = IndicatorValue.objects.get(submission=sub, indicator__code="1.3")
    url = reverse("review:appraise", args=[sub.pk, value.pk])
    check(lambda: web["reviewer"].post(url, {"points": points, "reason": reason, "version": version}))


@PROPERTY
@given(body=hostile_text)
def test_the_clarification_answer_form_never_fails(web, world, body):
    url = reverse("review:answer", args=[world["returned"].pk, world["question"].pk])
    check(lambda: web["officer_b"].post(url, {"body": body}))


@PROPERTY
@given(question=hostile_text, note=hostile_text)
def test_the_return_for_clarification_form_never_fails(web, world, question, note):
    sub = world["reviewed"]
    value = IndicatorValue.objects.get(submission=sub, indicator__code="1.4")
    url = reverse("review:return", args=[sub.pk])
    check(lambda: web["reviewer"].post(url, {f"q_{value.pk}": question, "note": note}))


@PROPERTY
@given(reason=hostile_text)
def test_the_reopen_form_never_fails(web, world, reason):
    url = reverse("review:reopen", args=[world["reviewed"].pk])
    check(lambda: web["admin"].post(url, {"reason": reason}))


@PROPERTY
@given(year=hostile_text, framework=hostile_text, group=st.one_of(hostile_text, st.just("tinh-34")),
       opens=hostile_text, closes=st.one_of(hostile_text, st.just("30/04/2027 17:00")))
def test_the_round_form_never_fails(web, world, year, framework, group, opens, closes):
    url = reverse("assessments:round_open")
    data = {"year": year, "framework": framework, "ranking_group": group, "opens_at": opens, "closes_at": closes}
    check(lambda: web["admin"].post(url, data))


@PROPERTY
@given(deadline=hostile_text, reason=hostile_text)
def test_the_deadline_form_never_fails(web, world, deadline, reason):
    url = reverse("assessments:deadline_extend", args=[world["draft"].pk])
    check(lambda: web["admin"].post(url, {"deadline": deadline, "reason": reason}))


@PROPERTY
@given(closes=st.one_of(hostile_text, st.just("15/05/2031"), st.just("15/05/2031 17:00")), note=hostile_text)
def test_the_round_deadline_and_opening_forms_never_fail(web, world, closes, note):
    rnd = world["round"]
    check(lambda: web["admin"].post(reverse("assessments:round_deadline", args=[rnd.pk]), {"closes_at": closes, "note": note}))
    check(lambda: web["admin"].post(reverse("assessments:round_start", args=[rnd.pk]), {"closes_at": closes}))


@PROPERTY
@given(kind=st.one_of(hostile_text, st.sampled_from(["excluded", "as_is"])), reason=hostile_text)
def test_the_close_out_form_never_fails(web, world, kind, reason):
    # The draft's deadline has passed: it may be closed out (once; later examples are refused).
    Round.objects.filter(pk=world["round"].pk).update(closes_at=timezone.now() - dt.timedelta(hours=1))
    url = reverse("assessments:close_out", args=[world["draft"].pk])
    check(lambda: web["admin"].post(url, {"kind": kind, "reason": reason}))


@PROPERTY
@given(next_query=hostile_text, reviewer=st.one_of(st.just(""), hostile_text))
def test_the_assignment_form_never_fails(web, world, next_query, reviewer):
    rnd = world["round"]
    data = {"submissions": [str(world["reviewed"].pk)], "reviewer": reviewer, "next_query": next_query}
    check(lambda: web["lead"].post(reverse("review:assign", args=[rnd.pk]), data))


@PROPERTY
@given(note=hostile_text, reason=hostile_text)
def test_the_publish_and_unpublish_forms_never_fail(signed_round, admin_user, note, reason):  # noqa: F811
    web = Personas({"admin": admin_user})
    check(lambda: web["admin"].post(reverse("results:publish", args=[signed_round.pk]), {"note": note}))
    check(lambda: web["admin"].post(reverse("results:unpublish", args=[signed_round.pk]), {"reason": reason}))


@PROPERTY
@given(username=st.one_of(st.text(max_size=40), with_control, st.integers(0, 150).map(lambda n: "a" * n)),
       password=hostile_text)
def test_the_login_form_never_fails(web, world, username, password):
    # Usernames stay within the user table's 150 characters here: longer ones are bounded
    # before the throttling library sees them (the release's own tests).
    check(lambda: Client().post(reverse("accounts:login"), {"username": username, "password": password}))


# --- API writes -----------------------------------------------------------------------------


@PROPERTY
@given(inputs=st.dictionaries(st.sampled_from(["numerator", "denominator", "value", "count", "answer", "choice"])
                              | st.text(max_size=40), json_value, max_size=4),
       code=st.one_of(st.sampled_from(["1.1", "1.2", "1.3", "1.4", "2.2"]), hostile_text),
       version=st.one_of(st.none(), json_scalar))
def test_the_values_api_never_fails(api, world, inputs, code, version):
    row = {"indicator": code, "inputs": inputs}
    if version is not None:
        row["version"] = version
    url = reverse("api:submission_values", args=[world["draft"].pk])
    check(lambda: api("officer_a", "patch", url, json.dumps({"values": [row]})))


@PROPERTY
@given(body=st.one_of(deep_json, json_value.map(json.dumps), st.binary(max_size=200)),
       wrap=st.booleans())
def test_the_values_api_refuses_odd_and_deep_bodies(api, world, body, wrap):
    if wrap and isinstance(body, str):
        body = '{"values": [{"indicator": "1.3", "inputs": {"numerator": ' + body + "}}]}"
    url = reverse("api:submission_values", args=[world["draft"].pk])
    check(lambda: api("officer_a", "patch", url, body))


@PROPERTY
@given(value=st.one_of(json_scalar, json_value), code=st.one_of(st.just("TT.1"), hostile_text),
       version=st.one_of(st.none(), json_scalar))
def test_the_general_information_api_never_fails(api, world, value, code, version):
    item = {"code": code, "value": value}
    if version is not None:
        item["version"] = version
    url = reverse("api:submission_general_info", args=[world["draft"].pk])
    check(lambda: api("officer_a", "patch", url, json.dumps({"items": [item]})))


@PROPERTY
@given(doc_number=hostile_text, doc_date=hostile_text, summary=hostile_text, replaces=hostile_text)
def test_the_evidence_api_never_fails(world, doc_number, doc_date, summary, replaces):
    from rest_framework.authtoken.models import Token

    value = IndicatorValue.objects.get(submission=world["draft"], indicator__code="1.2")
    key = Token.objects.get_or_create(user=world["users"]["officer_a"])[0].key
    data = {"doc_number": doc_number, "doc_date": doc_date, "issuing_body": "UBND", "summary": summary,
            "replaces": replaces, "file": SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")}
    check(lambda: Client().post(reverse("api:value_evidence", args=[value.pk]), data, HTTP_AUTHORIZATION=f"Token {key}"))


@PROPERTY
@given(round_id=st.one_of(st.just(None), json_scalar), unit=st.one_of(st.just("48"), hostile_text),
       inputs=st.dictionaries(st.sampled_from(["value", "numerator", "count"]) | st.text(max_size=10), json_value, max_size=3),
       measured_at=st.one_of(st.just("2025-06-01T08:00:00+07:00"), hostile_text))
def test_the_measurements_api_never_fails(api, world, round_id, unit, inputs, measured_at):
    body = {"round": world["round"].pk if round_id is None else round_id,
            "measurements": [{"unit": unit, "indicator": "2.3", "inputs": inputs, "measured_at": measured_at}]}
    check(lambda: api("system", "post", reverse("api:measurements"), json.dumps(body)))


# --- Query strings and paths ----------------------------------------------------------------

FILTERED_PAGES = [
    ("anonymous", "/api/units/", ["ranking_group"]),
    ("officer_a", "/api/submissions/", ["round"]),
    ("reviewer", "review:queue", ["q", "status", "reviewer", "sort"]),
    ("reviewer", "results:round", ["nhom"]),
    ("admin", "/quan-tri/accounts/user/", ["q", "role__exact", "is_active__exact", "unit__ranking_group"]),
    ("admin", "/quan-tri/accounts/auditentry/", ["q", "interface__exact", "action__exact", "unit__id__exact"]),
    ("admin", "/quan-tri/accounts/auditentry/", ["created_at__year", "created_at__month", "created_at__day"]),
    ("admin", "/quan-tri/results/publishedresult/", ["year", "ranking_group", "q", "p"]),
    ("admin", "/quan-tri/assessments/indicatorvalue/", ["q", "o"]),
]


def _url(name: str, world) -> str:
    if name.startswith("/"):
        return name
    return reverse(name, args=[world["round"].pk])


@hsettings(PROPERTY, max_examples=3 * EXAMPLES)  # GETs are cheap: more of them, over every page
@given(page=st.sampled_from(FILTERED_PAGES), values=st.lists(hostile_text, min_size=1, max_size=4))
def test_list_filters_never_fail_and_refuse_control_characters(web, world, page, values):
    who, name, params = page
    query = {p: values[i % len(values)] for i, p in enumerate(params)}
    response = web[who].get(_url(name, world), query)
    assert response.status_code < 500
    if any(c in v for v in query.values() for c in CONTROLS):
        assert response.status_code == 400


@PROPERTY
@given(code=st.one_of(with_control, st.text(min_size=1, max_size=30)))
def test_a_path_with_a_control_character_is_refused(web, world, code):
    from urllib.parse import quote

    response = web["anonymous"].get(f"/api/units/{quote(code, safe='')}/")
    assert response.status_code < 500
    if any(c in code for c in CONTROLS):
        assert response.status_code == 400


# --- Afterwards: what was accepted can still be exported ------------------------------------


def test_huge_numbers_refused_everywhere_leave_the_template_downloadable(web, api, world):
    draft = world["draft"]
    huge = "9" * 400
    api("officer_a", "patch", reverse("api:submission_values", args=[draft.pk]),
        json.dumps({"values": [{"indicator": "1.3", "inputs": {"numerator": huge, "denominator": "1"}}]}))
    api("officer_a", "patch", reverse("api:submission_values", args=[draft.pk]),
        json.dumps({"values": [{"indicator": "1.4", "inputs": {"count": int(huge[:300])}}]}))
    main = draft.round.framework.main_indices.order_by("order").first()
    url = reverse("assessments:entry", args=[draft.pk, main.pk])
    fields, versions = page_fields(web["officer_a"], url, r"v\d+-[a-z_]+")
    web["officer_a"].post(url, {**versions, **{f: huge for f in fields}})
    response = web["officer_a"].get(reverse("assessments:excel_template", args=[draft.pk]))
    assert response.status_code == 200
    stored = IndicatorValue.objects.filter(submission=draft).values_list("inputs", flat=True)
    assert not any(huge in json.dumps(inputs) for inputs in stored)


def test_the_suite_walks_submissions_in_the_states_it_needs(world):
    assert world["draft"].status == SubmissionStatus.DRAFT
    assert Submission.objects.get(pk=world["returned"].pk).status == SubmissionStatus.RETURNED
    assert Submission.objects.get(pk=world["reviewed"].pk).status == SubmissionStatus.SUBMITTED
    assert world["round"].closes_at > world["round"].opens_at + dt.timedelta(days=1)
