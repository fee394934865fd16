"""Provinces that run their own index (issue 18): a province's round is its own.

A second world beside the national one: province A's Authority runs a round over A's
departments, province B's Authority another over B's. Every route of the URL configuration is
requested with *A's provincial round's* objects in its URL, by:

- A's people: A's reviewer, A's admin, the officer of A's department (an AuthorityRole OFFICER
  whose account is, nationally, the department's contributor) and a user who is nationally a
  contributor of one of A's departments AND A's reviewer. Each gets exactly what the national
  persona of the same role gets on a national round (tests/security/test_access_matrix.py
  EXPECTED): the same rules, through the round's authority.
- The others: B's reviewer, B's admin, the national reviewer and the national admin (a
  superuser). Each gets 404 on every route that names A's round or one of its objects (we do
  not confirm it exists), except where their role refuses them before anything is read (the
  same 403 for any object, telling nothing) or the method is not allowed; no response to them
  carries any of A's markers, and the lists they read do not name A's round.

Once A publishes, its round is listed for everyone signed in (the API's rounds) like a
national one; its submissions, reviews, files and exports stay A's own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import AuditEntry, Notification, Role
from assessments.models import (
    Assignment,
    AssignmentStatus,
    ContributedEvidence,
    ContributedValue,
    Evidence,
    IndicatorValue,
    SubmissionStatus,
)
from results.models import Publication, RankingSnapshot
from review.models import Clarification, ClarificationStatus
from tests import factories
from tests.assessments.conftest import PDF_BYTES

from .conftest import World
from .test_access_matrix import EXPECTED, PK_OF, app_routes, outcome, url_for

pytestmark = pytest.mark.django_db

L = "login"
SECRET_A = "BIMAT-TINH-A-5e21"
SECRET_B = "BIMAT-TINH-B-8d04"

# Persona → the national persona whose outcomes it must have (test_access_matrix.EXPECTED).
INSIDERS = {"a_reviewer": "reviewer", "a_admin": "admin", "a_officer": "officer_a", "a_dual": "reviewer"}
OUTSIDERS = {"b_reviewer": "reviewer", "b_admin": "admin", "national_reviewer": "reviewer", "national_admin": "admin"}
PERSONAS = {**INSIDERS, **OUTSIDERS}

# Routes whose role gate refuses the persona before any object is read: the same 403 for any
# pk (officer-only, contributor-only, admin-only and system-only pages), so it tells nothing.
OFFICER_ONLY = {
    "assessments:my_submissions", "assessments:contributions", "assessments:contribution_review",
    "assessments:contribution_accept", "assessments:contribution_send_back", "review:clarifications",
    "review:answer", "results:my_unit",
}
CONTRIBUTOR_ONLY = {
    "assessments:contribution", "assessments:contribution_hand_in", "assessments:contribution_excel_template",
    "assessments:contribution_excel_upload", "assessments:contribution_evidence", "assessments:contribution_evidence_cite",
    "assessments:contributed_evidence_remove",
}
ADMIN_ONLY = {
    "assessments:round_list", "assessments:round_open", "assessments:round_detail", "assessments:deadline_extend",
    "assessments:round_start", "assessments:round_deadline", "assessments:round_close_entry", "assessments:close_out",
    "results:publish", "results:unpublish", "results:recompute",
}
SYSTEM_ONLY = {"api:measurements"}
GATED_FIRST = {"reviewer": OFFICER_ONLY | CONTRIBUTOR_ONLY | ADMIN_ONLY | SYSTEM_ONLY, "admin": OFFICER_ONLY | CONTRIBUTOR_ONLY | SYSTEM_ONLY}
# URL parameters that carry A's round or one of its objects.
OBJECT_KWARGS = {"pk", "round_pk", "round_id", "value_pk", "clarification_pk", "main_pk", "main_index_pk", "assignment_pk"}


def object_routes():
    return [
        r for r in app_routes()
        if OBJECT_KWARGS & set(r.kwargs) and PK_OF.get(r.name) != "notification"
    ]


def _province(code, name, secret, *, reviewer_name, admin_name):
    """A province running its own index over two departments, the first one's submission
    under review with a value, a cited file, an open question and a handed-in contribution,
    each carrying `secret` (the units' and the framework's names are public reference data)."""
    province = factories.UnitFactory(code=code, gso_code=code, name=name)
    authority = factories.AuthorityFactory(unit=province, name=f"Sở KH&CN {name}")
    departments = [
        factories.SubUnitFactory(code=f"{code}-so-{i}", name=f"Sở số {i} {name}", parent=province) for i in (1, 2)
    ]
    officer = factories.UserFactory(username=f"{code}_officer", role=Role.CONTRIBUTOR, unit=departments[0])
    factories.AuthorityRoleFactory(user=officer, authority=authority, role=Role.OFFICER, unit=departments[0])
    reviewer = factories.AuthorityRoleFactory(
        user=factories.UserFactory(username=reviewer_name), authority=authority, role=Role.REVIEWER
    ).user
    admin = factories.AuthorityRoleFactory(
        user=factories.UserFactory(username=admin_name), authority=authority, role=Role.ADMIN
    ).user
    rnd = factories.make_provincial_round(authority, units=departments)
    sub = rnd.submissions.get(unit=departments[0])
    value = IndicatorValue.objects.get(submission=sub, indicator__code="1.2")
    IndicatorValue.objects.filter(pk=value.pk).update(inputs={"value": True}, self_points=Decimal("10"))
    type(sub).objects.filter(pk=sub.pk).update(status=SubmissionStatus.UNDER_REVIEW, submitted_at=timezone.now())
    sub.refresh_from_db()
    evidence = Evidence(
        value=value, original_name=f"{secret}.pdf", content_type="application/pdf", size=len(PDF_BYTES), sha256="2" * 64,
        doc_number=f"12/{secret}", doc_date=dt.date(2025, 3, 1), issuing_body="UBND tỉnh", summary=f"Kế hoạch {secret}",
        uploaded_by=officer,
    )
    evidence.file.save(f"{secret}.pdf", ContentFile(PDF_BYTES), save=False)
    evidence.save()
    clarification = Clarification.objects.create(
        value=value, submission=sub, question=f"Giải trình {secret}", status=ClarificationStatus.OPEN, asked_by=reviewer
    )
    contributor = factories.UserFactory(username=f"{code}_contributor", role=Role.CONTRIBUTOR, unit=departments[1])
    assignment = Assignment.objects.create(
        submission=sub, contributor=contributor, assigned_by=officer, status=AssignmentStatus.HANDED_IN,
        due_at=timezone.now() + dt.timedelta(days=3), note=f"Số liệu {secret}",
    )
    indicator = rnd.framework.indicators.get(code="1.4")
    assignment.indicators.set([indicator])
    contributed = ContributedValue.objects.create(assignment=assignment, indicator=indicator, inputs={"count": 7})
    contributed_evidence = ContributedEvidence(
        contributed=contributed, original_name=f"dong-gop-{secret}.pdf", content_type="application/pdf",
        size=len(PDF_BYTES), sha256="3" * 64, doc_number=f"3/{secret}", doc_date=dt.date(2025, 3, 2),
        issuing_body="Sở Nội vụ", summary=f"Báo cáo {secret}", uploaded_by=contributor,
    )
    contributed_evidence.file.save(f"dong-gop-{secret}.pdf", ContentFile(PDF_BYTES), save=False)
    contributed_evidence.save()
    notification = Notification.objects.create(recipient=officer, kind="test", message="Thông báo", url="/")
    world = World(
        round=rnd, sub={"48": sub}, value={"48": value}, evidence={"48": evidence}, clarification={"48": clarification},
        notification={"48": notification}, main_index=rnd.framework.main_indices.order_by("order").first(),
        assignment={"48": assignment}, contributed_evidence={"48": contributed_evidence},
    )
    return authority, world, {"officer": officer, "reviewer": reviewer, "admin": admin, "departments": departments}


@pytest.fixture
def provinces(db, reviewer, admin_user):
    a_authority, a_world, a = _province("91", "Tỉnh A", SECRET_A, reviewer_name="a_reviewer", admin_name="a_admin")
    _b_authority, b_world, b = _province("92", "Tỉnh B", SECRET_B, reviewer_name="b_reviewer", admin_name="b_admin")
    # Nationally a contributor of A's second department; in A's Authority, a reviewer.
    dual = factories.UserFactory(username="a_dual", role=Role.CONTRIBUTOR, unit=a["departments"][1])
    factories.AuthorityRoleFactory(user=dual, authority=a_authority, role=Role.REVIEWER)
    users = {
        "a_reviewer": a["reviewer"], "a_admin": a["admin"], "a_officer": a["officer"], "a_dual": dual,
        "b_reviewer": b["reviewer"], "b_admin": b["admin"], "national_reviewer": reviewer, "national_admin": admin_user,
    }
    a_world.users = b_world.users = users
    return a_world, b_world


@pytest.fixture
def clients(provinces):
    a_world, _ = provinces
    web, api = {}, {}
    for name, user in a_world.users.items():
        web[name], api[name] = Client(), Client()
        web[name].force_login(user)
        api[name].defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return web, api


def _request(clients, persona, route, url, method):
    web, api = clients
    client = (api if route.name.startswith("api:") else web)[persona]
    return client.get(url) if method == "GET" else client.post(url)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# Nationally contributors of one of A's departments (their account's role).
NATIONAL_CONTRIBUTORS = {"a_officer", "a_dual"}


def expected(route_name: str, method: str, persona: str):
    index = 0 if method == "GET" else 1
    sent = EXPECTED[route_name][index][PERSONAS[persona]]
    if persona in NATIONAL_CONTRIBUTORS and route_name in CONTRIBUTOR_ONLY:
        # The contributor's pages let them in (then the method is checked), and the
        # assignment is not theirs: 404, as for anyone else's.
        return 405 if EXPECTED[route_name][index]["contributor"] == 405 else 404
    if persona in INSIDERS:
        return sent
    if sent in (405, L) or (sent == 403 and route_name in GATED_FIRST[PERSONAS[persona]]):
        return sent
    return 404


def test_the_object_routes_are_the_submission_round_and_file_pages_and_api():
    names = {r.name for r in object_routes()}
    assert {"review:queue", "review:submission", "review:evidence", "review:excel_export", "review:dashboard_csv",
            "assessments:round_detail", "assessments:evidence_download", "api:submission_detail", "api:evidence_file",
            "api:round_detail", "results:round", "results:submission_report"} <= names
    assert not names & {"home", "accounts:notification_open", "api:round_list", "results:ranking"}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("persona", list(INSIDERS))
def test_a_s_people_reach_a_s_round_as_the_national_ones_reach_a_national_round(provinces, clients, persona, method):
    a_world, _ = provinces
    wrong = []
    for route in object_routes():
        url = url_for(route, a_world)
        got = outcome(_request(clients, persona, route, url, method))
        want = expected(route.name, method, persona)
        if got != want:
            wrong.append(f"{method} {url} [{route.name}] as {persona}: got {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("persona", list(OUTSIDERS))
def test_others_get_404_on_every_route_filled_with_a_s_round(provinces, clients, persona, method):
    a_world, _ = provinces
    wrong = []
    for route in object_routes():
        url = url_for(route, a_world)
        audit_before = AuditEntry.objects.count()
        got = outcome(_request(clients, persona, route, url, method))
        want = expected(route.name, method, persona)
        if got != want:
            wrong.append(f"{method} {url} [{route.name}] as {persona}: got {got}, expected {want}")
        if AuditEntry.objects.count() != audit_before:
            wrong.append(f"{method} {url} [{route.name}] as {persona}: refused but wrote the audit trail")
    assert not wrong, "\n".join(wrong)


def test_no_response_to_others_contains_a_s_markers(provinces, clients):
    """Every GET route (lists, queues, dashboards, home pages, exports, files, the API),
    filled with A's objects and with B's, as every outsider: A's markers never show."""
    a_world, b_world = provinces
    leaks = []
    for route in app_routes():
        for fill in (a_world, b_world):
            url = url_for(route, fill)
            for persona in OUTSIDERS:
                if SECRET_A.encode() in _body(_request(clients, persona, route, url, "GET")):
                    leaks.append(f"{url} [{route.name}] as {persona}")
    assert not leaks, "Province A's round reached someone else:\n" + "\n".join(leaks)


def test_no_response_to_a_s_people_contains_b_s_markers(provinces, clients):
    a_world, b_world = provinces
    leaks = []
    for route in app_routes():
        for fill in (a_world, b_world):
            url = url_for(route, fill)
            for persona in INSIDERS:
                if SECRET_B.encode() in _body(_request(clients, persona, route, url, "GET")):
                    leaks.append(f"{url} [{route.name}] as {persona}")
    assert not leaks, "Province B's round reached A's people:\n" + "\n".join(leaks)


ROUND_LISTS = ("home", "review:index", "results:rounds", "assessments:round_list", "assessments:my_submissions")


def test_no_page_listing_rounds_links_a_s_round_for_others(provinces, clients):
    from django.urls import reverse

    a_world, _ = provinces
    web, _ = clients
    pk = a_world.round.pk
    links = [reverse("review:queue", args=[pk]), reverse("results:round", args=[pk]),
             reverse("assessments:round_detail", args=[pk]), reverse("review:dashboard", args=[pk])]
    shown = {
        (name, persona): [link for link in links if link in web[persona].get(reverse(name)).content.decode()]
        for name in ROUND_LISTS for persona in PERSONAS
    }
    assert {k: v for k, v in shown.items() if v and k[1] in OUTSIDERS} == {}
    assert shown[("review:index", "a_reviewer")] and shown[("assessments:round_list", "a_admin")]


def _round_ids(clients, persona) -> set[int]:
    _, api = clients
    return {r["id"] for r in api[persona].get("/api/rounds/").json()}


def test_the_api_lists_a_s_round_to_a_s_people_only(provinces, clients):
    a_world, b_world = provinces
    listed = {p: a_world.round.pk in _round_ids(clients, p) for p in PERSONAS}
    assert listed == {p: p in INSIDERS for p in PERSONAS}


def test_the_api_lists_a_s_submission_to_a_s_reviewers_and_its_officer_only(provinces, clients):
    a_world, _ = provinces
    _, api = clients
    sub = a_world.sub["48"]
    seen = {p: sub.pk in {s["id"] for s in api[p].get("/api/submissions/").json()} for p in PERSONAS}
    assert seen == {p: p in INSIDERS for p in PERSONAS}


def _publish(world):
    rnd, sub = world.round, world.sub["48"]
    snapshot = RankingSnapshot.objects.create(round=rnd, is_current=True, content_hash="a", unit_count=2)
    Publication.objects.create(round=rnd, version=1, snapshot=snapshot)
    type(sub).objects.filter(round=rnd).update(status=SubmissionStatus.PUBLISHED)


def test_once_a_publishes_its_round_is_listed_for_everyone_signed_in(provinces, clients):
    a_world, _ = provinces
    _publish(a_world)
    assert all(a_world.round.pk in _round_ids(clients, p) for p in PERSONAS)
    _, api = clients
    assert api["national_reviewer"].get(f"/api/rounds/{a_world.round.pk}/").status_code == 200


PRIVATE_AFTER_PUBLICATION = (
    "review:submission", "review:appraisal", "review:evidence", "review:excel_export", "review:queue",
    "review:dashboard", "assessments:overview", "assessments:evidence_download", "assessments:round_detail",
    "results:round", "results:submission_report", "api:submission_detail", "api:evidence_file", "api:value_evidence",
)


def test_once_a_publishes_its_submissions_reviews_and_files_stay_its_own(provinces, clients):
    a_world, _ = provinces
    _publish(a_world)
    routes = {r.name: r for r in object_routes()}
    wrong = []
    for name in PRIVATE_AFTER_PUBLICATION:
        url = url_for(routes[name], a_world)
        for persona in OUTSIDERS:
            got = outcome(_request(clients, persona, routes[name], url, "GET"))
            want = expected(name, "GET", persona)
            if got != want:
                wrong.append(f"GET {url} [{name}] as {persona}: got {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


def test_a_request_reads_the_user_s_authority_roles_once(provinces, clients):
    a_world, _ = provinces
    web, _ = clients
    with CaptureQueriesContext(connection) as ctx:
        assert web["a_dual"].get(f"/tham-dinh/dot/{a_world.round.pk}/").status_code == 200
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "accounts_authorityrole"')]
    assert len(reads) == 1
