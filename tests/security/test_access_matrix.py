"""The access matrix: every route of the URL configuration × every persona, against a table.

`get_resolver()` is walked when the test runs, so a route added anywhere (pages, htmx
fragments, file downloads, the API) without an entry in EXPECTED fails
`test_every_route_has_an_entry`. Each route is requested with *unit A's* objects in its URL:
officer A is the owner, officer B the outsider (404: we do not even confirm it exists).

Outcomes: a status code, or "login" (302 to the login page). GET and POST are both checked;
POST carries no data, so an allowed persona reaches the form's validation or a refusal by
the service, while anyone else must be stopped by the access check before it.
The Django admin site is one entry: staff only, everyone else is sent to its login page.

A second world holds unit A's *draft*: every route that names it or one of its objects must
answer 404 to reviewers, lead reviewers and admins (a draft is the province's own until it is
sent), and no route may show them its markers.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from accounts import audit
from accounts.models import AuditEntry
from assessments.models import Evidence, IndicatorValue
from review.models import Clarification, ClarificationStatus
from tests import factories
from tests.assessments.conftest import PDF_BYTES

from .conftest import PERSONAS, SECRET, World
from .routes import Route, walk

pytestmark = pytest.mark.django_db

P = PERSONAS  # anonymous, officer_a, officer_b, reviewer, lead, admin, system, contributor, leader
NEW_ROLES = ("contributor", "leader")  # issue 17: of province A, with no power yet


def row(*outcomes):
    assert len(outcomes) == len(P)
    return dict(zip(P, outcomes, strict=True))


L = "login"
# route name → (GET outcomes, POST outcomes), in the order of PERSONAS:
#                      anonymous officer_a officer_b reviewer lead admin system contributor leader
EXPECTED: dict[str, tuple[dict, dict]] = {
    "home": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "favicon": (row(302, 302, 302, 302, 302, 302, 302, 302, 302), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "set_language": (row(302, 302, 302, 302, 302, 302, 302, 302, 302), row(302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:notifications": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "accounts:notification_open": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 302, 404, 404, 404, 404, 404, 404, 404)),
    "accounts:notification_settings": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 302, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:login": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:logout": (row(405, 405, 405, 405, 405, 405, 405, 405, 405), row(302, 302, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:password_change": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_change_done": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api_tokens:list": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api_tokens:revoke": (row(L, 200, 200, 200, 200, 200, 200, 200, 200), row(L, 302, 302, 302, 302, 302, 302, 302, 302)),
    "api:token": (row(405, 405, 405, 405, 405, 405, 405, 405, 405), row(415, 415, 415, 415, 415, 415, 415, 415, 415)),
    "api:framework_list": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:framework_detail": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:unit_list": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:unit_detail": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:round_list": (row(401, 200, 200, 200, 200, 200, 200, 200, 200), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:round_detail": (row(401, 200, 200, 200, 200, 200, 200, 200, 200), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:submission_list": (row(401, 200, 200, 200, 200, 200, 403, 403, 403), row(401, 405, 405, 405, 405, 405, 403, 403, 403)),
    "api:submission_detail": (row(401, 200, 404, 200, 200, 200, 404, 404, 404), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:submission_values": (row(401, 405, 405, 405, 405, 405, 405, 405, 405), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:submission_general_info": (row(401, 405, 405, 405, 405, 405, 405, 405, 405), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:submission_submit": (row(401, 405, 405, 405, 405, 405, 405, 405, 405), row(401, 409, 404, 403, 403, 403, 404, 404, 404)),
    "api:value_evidence": (row(401, 200, 404, 200, 200, 200, 404, 404, 404), row(401, 400, 404, 403, 403, 403, 404, 404, 404)),
    "api:evidence_detail": (row(401, 200, 404, 200, 200, 200, 404, 404, 404), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:evidence_file": (row(401, 200, 404, 200, 200, 200, 404, 404, 404), row(401, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:measurements": (row(401, 403, 403, 403, 403, 403, 405, 403, 403), row(401, 403, 403, 403, 403, 403, 400, 403, 403)),
    "api:result_list": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:result_table": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:result_unit": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:schema": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "api:docs": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:my_submissions": (row(L, 200, 200, 403, 403, 403, 403, 403, 403), row(L, 405, 405, 403, 403, 403, 403, 403, 403)),
    "assessments:overview": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:result": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:entry": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:general_info": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:submit": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:points": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    # A row's own save: unit A's submission is under review here, so its officer gets the row with the refusal.
    "assessments:value_save": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:evidence": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:value_history": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:evidence_download": (row(L, 200, 404, 200, 200, 200, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:evidence_remove": (row(L, 200, 404, 403, 403, 403, 404, 404, 404), row(L, 302, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:excel_template": (row(L, 200, 404, 403, 403, 403, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:excel_upload": (row(L, 200, 404, 403, 403, 403, 404, 404, 404), row(L, 200, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:excel_confirm": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 302, 404, 403, 403, 403, 404, 404, 404)),
    # The leader's approval (issue 17): the officer asks (A is under review here: the service
    # refuses and redirects); only A's own leader reads the approval page and posts its forms
    # (400: the empty POST lacks the confirmation / the reason); everyone else 404.
    "assessments:request_approval": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 302, 404, 403, 403, 403, 404, 404, 404)),
    "assessments:approval": (row(L, 404, 404, 404, 404, 404, 404, 404, 200), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "assessments:approve": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 404, 404, 404, 404, 404, 404, 404, 400)),
    "assessments:return_to_officer": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 404, 404, 404, 404, 404, 404, 404, 400)),
    # Contributions (issue 17): the officer's board, review and moves; the contributor's entry.
    # A's submission is under review here: the officer's moves are refused by the service.
    "assessments:contributions": (row(L, 200, 404, 403, 403, 403, 403, 403, 403), row(L, 200, 404, 403, 403, 403, 403, 403, 403)),
    "assessments:contribution_review": (row(L, 200, 404, 403, 403, 403, 403, 403, 403), row(L, 405, 405, 403, 403, 403, 403, 403, 403)),
    "assessments:contribution_accept": (row(L, 405, 405, 403, 403, 403, 403, 403, 403), row(L, 302, 404, 403, 403, 403, 403, 403, 403)),
    "assessments:contribution_send_back": (row(L, 405, 405, 403, 403, 403, 403, 403, 403), row(L, 200, 404, 403, 403, 403, 403, 403, 403)),
    "assessments:contribution": (row(L, 403, 403, 403, 403, 403, 403, 200, 403), row(L, 403, 403, 403, 403, 403, 403, 404, 403)),
    "assessments:contribution_hand_in": (row(L, 403, 403, 403, 403, 403, 403, 405, 403), row(L, 403, 403, 403, 403, 403, 403, 302, 403)),
    "assessments:contribution_excel_template": (row(L, 403, 403, 403, 403, 403, 403, 200, 403), row(L, 403, 403, 403, 403, 403, 403, 405, 403)),
    "assessments:contribution_excel_upload": (row(L, 403, 403, 403, 403, 403, 403, 405, 403), row(L, 403, 403, 403, 403, 403, 403, 302, 403)),
    "assessments:round_list": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 405, 403, 403, 403)),
    "assessments:round_open": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 200, 403, 403, 403)),
    "assessments:round_detail": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 405, 403, 403, 403)),
    "assessments:deadline_extend": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 200, 403, 403, 403)),
    # The round is open with nothing to open or close: the admin's empty POST is refused (302
    # back to the round page with the reason), or its form asks for the deadline (200).
    "assessments:round_start": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 302, 403, 403, 403)),
    "assessments:round_deadline": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 200, 403, 403, 403)),
    "assessments:round_close_entry": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 302, 403, 403, 403)),
    "assessments:close_out": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 200, 403, 403, 403)),
    "results:index": (row(302, 302, 302, 302, 302, 302, 302, 302, 302), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:rounds": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "results:round": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "results:publish": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 302, 403, 403, 403)),
    "results:unpublish": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 302, 403, 403, 403)),
    "results:recompute": (row(L, 403, 403, 405, 405, 405, 403, 403, 403), row(L, 403, 403, 403, 403, 302, 403, 403, 403)),
    "results:my_unit": (row(L, 200, 200, 403, 403, 403, 403, 403, 403), row(L, 405, 405, 403, 403, 403, 403, 403, 403)),
    # The unit's report from sign-off on: unit A's submission is still under review here.
    "results:submission_report": (row(L, 404, 404, 404, 404, 404, 404, 404, 404), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:ranking": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:ranking_csv": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:ranking_xlsx": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:profile": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:what_if": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:profile_pdf": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    # A provincial authority's public pages (issue 18): public like the national ones.
    "results:authority_index": (row(302, 302, 302, 302, 302, 302, 302, 302, 302), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_ranking": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_ranking_csv": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_ranking_xlsx": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_profile": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_what_if": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "results:authority_profile_pdf": (row(200, 200, 200, 200, 200, 200, 200, 200, 200), row(405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:index": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "review:queue": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "review:assign": (row(L, 403, 403, 405, 405, 405, 403, 403, 403), row(L, 403, 403, 403, 302, 302, 403, 403, 403)),
    "review:dashboard": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "review:dashboard_csv": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 405, 405, 405, 403, 403, 403)),
    "review:review_deadline": (row(L, 403, 403, 405, 405, 405, 403, 403, 403), row(L, 403, 403, 403, 302, 302, 403, 403, 403)),
    "review:submission": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:appraisal": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:appraise": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 403, 403, 302, 302, 302, 403, 403, 403)),
    "review:accept_remaining": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 403, 403, 302, 302, 302, 403, 403, 403)),
    "review:start": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 403, 403, 302, 302, 302, 403, 403, 403)),
    "review:return": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 403, 403, 200, 200, 200, 403, 403, 403)),
    "review:sign_off": (row(L, 403, 403, 403, 200, 200, 403, 403, 403), row(L, 403, 403, 403, 302, 302, 403, 403, 403)),
    "review:reopen": (row(L, 403, 403, 403, 403, 200, 403, 403, 403), row(L, 403, 403, 403, 403, 200, 403, 403, 403)),
    "review:close_clarification": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 403, 403, 302, 302, 302, 403, 403, 403)),
    "review:excel_export": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:evidence": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:file_uses": (row(L, 403, 403, 200, 200, 200, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:clarifications": (row(L, 200, 404, 403, 403, 403, 403, 403, 403), row(L, 405, 405, 405, 405, 405, 405, 405, 405)),
    "review:answer": (row(L, 405, 405, 405, 405, 405, 405, 405, 405), row(L, 302, 404, 403, 403, 403, 403, 403, 403)),
}

# Routes whose `pk` is not a submission.
PK_OF = {
    "accounts:notification_open": "notification",
    "assessments:evidence_download": "evidence",
    "assessments:evidence_remove": "evidence",
    "assessments:round_detail": "round",
    "assessments:round_start": "round",
    "assessments:round_deadline": "round",
    "assessments:round_close_entry": "round",
    "review:evidence": "evidence",
    "review:file_uses": "evidence",
    "api:round_detail": "round",
    "api:evidence_detail": "evidence",
    "api:evidence_file": "evidence",
}


def url_for(route: Route, world) -> str:
    from django.urls import reverse

    a = "48"
    values = {
        "submission": world.sub[a].pk,
        "evidence": world.evidence[a].pk,
        "round": world.round.pk,
        "notification": world.notification[a].pk,
    }
    kwargs = {}
    # A provincial authority's pages name its published ranking of A's departments.
    authority_page = route.name.startswith("results:authority_")
    for k in route.kwargs:
        if k == "pk":
            kwargs[k] = values[PK_OF.get(route.name, "submission")]
        elif k in ("round_pk", "round_id"):
            kwargs[k] = world.round.pk
        elif k in ("main_index_pk", "main_pk"):
            kwargs[k] = world.main_index.pk
        elif k == "value_pk":
            kwargs[k] = world.value[a].pk
        elif k == "assignment_pk":
            kwargs[k] = world.assignment[a].pk
        elif k == "clarification_pk":
            kwargs[k] = world.clarification[a].pk
        elif k == "authority":
            kwargs[k] = world.authority.code
        elif k == "year":
            kwargs[k] = 2025 if authority_page else 2024
        elif k == "group":
            kwargs[k] = "so-nganh" if authority_page else "tinh-63"
        elif k == "code" and authority_page:
            kwargs[k] = "48-noivu"
        elif k == "code":
            kwargs[k] = world.round.framework.code if route.name == "api:framework_detail" else a
        else:
            raise AssertionError(f"{route.name}: no value for URL parameter {k!r}; add one to url_for")
    return reverse(route.name, kwargs=kwargs)


def outcome(response) -> int | str:
    if response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/"):
        return L
    if response.status_code == 302 and response["Location"].startswith("/quan-tri/login/"):
        return "admin-login"
    return response.status_code


# Routes that end the client's session: requested with a throwaway client.
SESSION_ENDING = {"accounts:logout"}


def request(clients, persona, route, url, method):
    web, api, users = clients
    client = (api if route.name.startswith("api:") else web)[persona]
    if route.name in SESSION_ENDING and users[persona] is not None:
        from django.test import Client

        client = Client()
        client.force_login(users[persona])
    return client.get(url) if method == "GET" else client.post(url)


def app_routes(prefix: str | None = None) -> list[Route]:
    return [r for r in walk() if not r.name.startswith("admin:") and (prefix is None or r.name.split(":")[0] == prefix)]


def test_every_route_has_an_entry():
    missing = [f"{r.name} ({r.pattern})" for r in app_routes() if r.name not in EXPECTED]
    assert not missing, "Routes without an access-matrix entry (add them to EXPECTED):\n" + "\n".join(missing)


def test_no_entry_is_left_for_a_removed_route():
    names = {r.name for r in app_routes()}
    assert not [n for n in EXPECTED if n not in names]


def _check(world, clients, namespace, method):
    index = 0 if method == "GET" else 1
    wrong = []
    for route in app_routes(namespace):
        if route.name not in EXPECTED:
            continue  # reported by test_every_route_has_an_entry
        url = url_for(route, world)
        for persona in P:
            audit_before = AuditEntry.objects.count()
            got = outcome(request(clients, persona, route, url, method))
            want = EXPECTED[route.name][index][persona]
            if got != want:
                wrong.append(f"{method} {url} [{route.name}] as {persona}: got {got}, expected {want}")
            if method == "POST" and want in (L, 403, 404, 405) and AuditEntry.objects.count() != audit_before:
                wrong.append(f"POST {url} [{route.name}] as {persona}: refused but wrote the audit trail")
    return wrong


NAMESPACES = sorted({r.name.split(":")[0] if ":" in r.name else "" for r in app_routes()})


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("namespace", NAMESPACES)
def test_each_persona_gets_the_expected_outcome(world, clients, namespace, method):
    if os.environ.get("DTI_PRINT_MATRIX"):
        _print(world, clients, namespace)
        return
    wrong = _check(world, clients, namespace or None if namespace else None, method) if namespace else _check_root(world, clients, method)
    assert not wrong, "\n".join(wrong)


def _check_root(world, clients, method):
    index = 0 if method == "GET" else 1
    wrong = []
    for route in [r for r in app_routes() if ":" not in r.name]:
        url = url_for(route, world)
        for persona in P:
            got = outcome(request(clients, persona, route, url, method))
            want = EXPECTED[route.name][index][persona]
            if got != want:
                wrong.append(f"{method} {url} [{route.name}] as {persona}: got {got}, expected {want}")
    return wrong


def _print(world, clients, namespace):
    routes = [r for r in app_routes() if (r.name.split(":")[0] if ":" in r.name else "") == namespace]
    for route in routes:
        url = url_for(route, world)
        g = [outcome(request(clients, p, route, url, "GET")) for p in P]
        po = [outcome(request(clients, p, route, url, "POST")) for p in P]
        print(f'    "{route.name}": (row{tuple(g)}, row{tuple(po)}),'.replace("'login'", "L"))


# --- Unit B's data never reaches A --------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer_a", "contributor", "leader"])
def test_no_response_to_province_a_s_people_contains_unit_b_data(world, clients, persona):
    """Every GET route, as A's officer, A's department's contributor and A's leader, with A's
    own objects and with B's: B's markers never show."""
    leaks = []
    for route in app_routes():
        for owner in ("48", "49"):
            url = _url_with_owner(route, world, owner)
            response = request(clients, persona, route, url, "GET")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if SECRET["49"].encode() in body:
                leaks.append(f"{url} [{route.name}]")
    assert not leaks, f"Unit B's data in responses to {persona}:\n" + "\n".join(leaks)


# --- Contributors and leaders hold no officer's or reviewer's power (issue 17) --------------

REFUSED = {L, 401, 403, 404, 405}
POWERFUL = ("officer_a", "reviewer", "lead", "admin")


def test_contributors_and_leaders_are_refused_every_officer_and_reviewer_route():
    """Wherever an officer or a reviewer gets through and a bare account (the system's) is
    refused, the contributor and the leader are refused too: their role grants nothing of
    either yet. (The matrix above proves the table is what the routes answer.)"""
    wrong = []
    for name, outcomes in EXPECTED.items():
        for method, want in zip(("GET", "POST"), outcomes, strict=True):
            guarded = want["system"] in REFUSED and any(want[p] not in REFUSED for p in POWERFUL)
            for persona in NEW_ROLES:
                if guarded and want[persona] not in REFUSED:
                    wrong.append(f"{method} {name} as {persona}: {want[persona]}")
    assert not wrong, "\n".join(wrong)


def test_the_officer_and_reviewer_routes_checked_for_them_are_many():
    guarded = {
        name for name, outcomes in EXPECTED.items() for want in outcomes
        if want["system"] in REFUSED and any(want[p] not in REFUSED for p in POWERFUL)
    }
    assert {"assessments:entry", "assessments:my_submissions", "review:queue", "review:sign_off", "results:my_unit",
            "api:submission_detail", "assessments:round_list"} <= guarded


def _url_with_owner(route, world, owner):
    if owner == "48":
        return url_for(route, world)
    swapped = type(world)(
        round=world.round, main_index=world.main_index, users=world.users, authority=world.authority,
        **{k: {"48": getattr(world, k)["49"]} for k in ("sub", "value", "evidence", "clarification", "notification", "assignment")},
    )
    return url_for(route, swapped)


def test_no_response_to_others_contains_a_province_s_private_data(world, clients):
    """Anonymous visitors, the other province and the system account never see A's markers;
    nor, for now, A's own contributor and leader: nothing is assigned to the contributor, and
    the leader's approval page shows the self-score and what is missing, not the markers
    (values' notes, evidence, questions)."""
    leaks = []
    for route in app_routes():
        url = url_for(route, world)
        for persona in ("anonymous", "officer_b", "system", "contributor", "leader"):
            response = request(clients, persona, route, url, "GET")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if SECRET["48"].encode() in body:
                leaks.append(f"{url} [{route.name}] as {persona}")
    assert not leaks, "Province A's private data leaked:\n" + "\n".join(leaks)


# --- A draft is the province's own: reviewers never read it ---------------------------------

DRAFT_SECRET = "BANNHAP-DANANG-2b8d"
DRAFT_SELF_POINTS = "9,87"  # the draft's self-score, as the reviewers' queue would print it
REVIEWERS = ("reviewer", "lead", "admin")
# A's contributor and leader do not read A's draft either (for now: issue 17's pages will show
# the contributor what is assigned), except A's leader on the approval pages: the leader reads
# the consolidated submission before it is sent, a draft included (nothing to approve in it).
NOT_THE_DRAFT_S = REVIEWERS + NEW_ROLES
LEADER_APPROVAL_ROUTES = {"assessments:approval", "assessments:approve", "assessments:return_to_officer"}
# Officer-only pages refuse every non-officer before reading any object (the same 403 for any
# pk), so they tell a reviewer nothing about the draft; every other refusal must be 404.
ROLE_CHECKED_FIRST = {"review:clarifications", "review:answer", "assessments:contributions"}
# Extending a unit's deadline is the admins' part in a draft (a late province asks for more
# time); the page shows the unit, the round and the deadline, none of the draft's content.
# Closing out a unit that did not submit is the other: before its deadline the page says only
# that it cannot be closed out yet; after it, how many values it entered and its total.
DRAFT_ADMINISTRATION = {"assessments:deadline_extend", "assessments:close_out"}
# URL parameters that carry one of the submission's own objects (not a round, a notification…).
DRAFT_KWARGS = {"value_pk", "clarification_pk", "main_pk", "main_index_pk"}


@pytest.fixture
def draft(world):
    """Unit A's draft in the next round, with a saved value, evidence and its history, and (to
    fill every URL) a clarification; each carries DRAFT_SECRET."""
    officer = world.users["officer_a"]
    rnd = factories.make_round(year=2026, units=[world.sub["48"].unit])
    sub = rnd.submissions.get()
    value = IndicatorValue.objects.get(submission=sub, indicator__code="1.2")
    IndicatorValue.objects.filter(pk=value.pk).update(inputs={"value": True}, self_points=Decimal(DRAFT_SELF_POINTS.replace(",", ".")))
    audit.record(action="value.update", actor=officer, target=value, unit=sub.unit, old={}, new={"note": DRAFT_SECRET})
    ev = Evidence(
        value=value, original_name=f"{DRAFT_SECRET}.pdf", content_type="application/pdf", size=len(PDF_BYTES),
        sha256="1" * 64, doc_number=f"7/{DRAFT_SECRET}", doc_date=dt.date(2026, 3, 1), issuing_body="UBND tỉnh",
        summary=f"Dự thảo {DRAFT_SECRET}", uploaded_by=officer,
    )
    ev.file.save(f"{DRAFT_SECRET}.pdf", ContentFile(PDF_BYTES), save=False)
    ev.save()
    clarification = Clarification.objects.create(
        value=value, submission=sub, question=f"Câu hỏi {DRAFT_SECRET}", status=ClarificationStatus.OPEN,
        asked_by=world.users["reviewer"],
    )
    return World(
        round=rnd, sub={"48": sub}, value={"48": value}, evidence={"48": ev}, clarification={"48": clarification},
        notification=world.notification, main_index=rnd.framework.main_indices.order_by("order").first(),
        users=world.users, assignment=world.assignment,
    )


def draft_routes() -> list[Route]:
    """Every route whose URL names the draft or one of its objects."""
    return [
        r for r in app_routes()
        if DRAFT_KWARGS & set(r.kwargs) or ("pk" in r.kwargs and PK_OF.get(r.name, "submission") in ("submission", "evidence"))
    ]


def test_the_draft_routes_are_the_submission_pages_fragments_files_and_api():
    names = {r.name for r in draft_routes()}
    assert {"assessments:overview", "assessments:points", "assessments:value_history", "assessments:evidence_download",
            "assessments:excel_template", "api:submission_detail", "api:value_evidence", "api:evidence_file",
            "review:submission", "review:appraisal", "review:evidence", "review:excel_export"} <= names
    assert not names & {"review:queue", "assessments:round_detail", "accounts:notification_open", "home"}


def test_the_unit_s_officer_reaches_the_draft_through_every_route(world, draft, clients):
    """The draft's URLs are sound: its owner gets what they get for any submission."""
    wrong = []
    for route in draft_routes():
        url = url_for(route, draft)
        got = outcome(request(clients, "officer_a", route, url, "GET"))
        if got != EXPECTED[route.name][0]["officer_a"]:
            wrong.append(f"GET {url} [{route.name}]: got {got}, expected {EXPECTED[route.name][0]['officer_a']}")
    assert not wrong, "\n".join(wrong)


def _draft_outcome(route, method, persona):
    sent = EXPECTED[route.name][0 if method == "GET" else 1][persona]
    if persona == "leader" and route.name in LEADER_APPROVAL_ROUTES:
        return sent  # A's own leader, as for the sent submission (the empty POSTs: 400)
    if persona in NEW_ROLES:
        # Refused by their role before any object is read (officer-only and reviewer-only
        # pages): the same 403 for any pk, telling nothing; every other refusal is 404.
        return sent if sent in (403, 405) else 404
    if sent == 405 or (sent == 403 and route.name in ROLE_CHECKED_FIRST) or route.name in DRAFT_ADMINISTRATION:
        return sent
    return 404


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_reviewers_contributors_and_leaders_get_404_on_every_route_filled_with_a_draft(world, draft, clients, method):
    wrong = []
    for route in draft_routes():
        url = url_for(route, draft)
        for persona in NOT_THE_DRAFT_S:
            audit_before = AuditEntry.objects.count()
            got = outcome(request(clients, persona, route, url, method))
            want = _draft_outcome(route, method, persona)
            if got != want:
                wrong.append(f"{method} {url} [{route.name}] as {persona}: got {got}, expected {want}")
            if AuditEntry.objects.count() != audit_before:
                wrong.append(f"{method} {url} [{route.name}] as {persona}: refused but wrote the audit trail")
    assert not wrong, "\n".join(wrong)


def test_no_response_to_reviewers_contributors_or_leaders_contains_a_draft(world, draft, clients):
    """Every GET route, filled with the draft's objects and with the sent submission's (lists,
    queues, home pages), as every reviewer persona and A's contributor and leader: the draft's
    markers never show."""
    leaks = []
    for route in app_routes():
        for fill in (draft, world):
            url = url_for(route, fill)
            for persona in NOT_THE_DRAFT_S:
                response = request(clients, persona, route, url, "GET")
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if DRAFT_SECRET.encode() in body:
                    leaks.append(f"{url} [{route.name}] as {persona}")
    assert not leaks, "A draft reached a reviewer:\n" + "\n".join(leaks)


def test_the_reviewers_queue_lists_a_draft_without_its_self_score(world, draft, clients):
    web, _, _ = clients
    body = web["reviewer"].get(f"/tham-dinh/dot/{draft.round.pk}/").content.decode()
    assert draft.sub["48"].unit.name in body
    assert DRAFT_SELF_POINTS not in body


def test_home_answers_get_and_head_only(world, clients):
    web, _, _ = clients
    assert [web["anonymous"].head("/").status_code, web["officer_a"].head("/").status_code] == [200, 200]
    assert [web["anonymous"].put("/").status_code, web["reviewer"].delete("/").status_code] == [405, 405]


# --- The admin site -----------------------------------------------------------------------


def _admin_url(route: Route, world) -> str:
    from django.urls import reverse

    kwargs = {}
    model = None
    parts = route.name.split(":", 1)[1].rsplit("_", 1)[0]  # app_model
    for ct in ContentType.objects.all():
        if f"{ct.app_label}_{ct.model}" == parts:
            model = ct.model_class()
    for k in route.kwargs:
        if k == "app_label":
            kwargs[k] = "accounts"
        elif k in ("object_id", "pk"):
            obj = model.objects.order_by("pk").first() if model is not None else None
            kwargs[k] = (str(obj.pk) if k == "object_id" else obj.pk) if obj is not None else 1
        elif k == "content_type_id":
            kwargs[k] = ContentType.objects.get_for_model(world.sub["48"].unit).pk
            kwargs["object_id"] = world.sub["48"].unit.pk
        elif k == "id":
            kwargs[k] = world.users["officer_a"].pk
        elif k == "url":
            kwargs[k] = "khong-co/"
    if route.name.startswith("admin:<unnamed"):
        return "/" + route.pattern.replace("<path:object_id>", str(kwargs.get("object_id", 1))).replace("(?P<url>.*)$", "khong-co/")
    return reverse(route.name, kwargs=kwargs)


def test_the_admin_site_is_for_staff_only(world, clients):
    web, _, _ = clients
    wrong = []
    for route in [r for r in walk() if r.name.startswith("admin:")]:
        url = _admin_url(route, world)
        for persona in P:
            got = outcome(web[persona].get(url))
            if persona == "admin":
                ok = got not in (500, "admin-login")
            elif route.name == "admin:login":
                ok = got == 200  # the login form (a signed-in non-staff user may sign in as staff)
            elif route.name == "admin:logout":
                ok = got == 302  # sent away: only staff have an admin session to end
            else:
                ok = got == "admin-login"
            if not ok:
                wrong.append(f"GET {url} [{route.name}] as {persona}: got {got}")
    assert not wrong, "\n".join(wrong)
