"""The world the security suites walk: two provinces with submissions under review, evidence,
clarifications and notifications each, a published history, and every persona.

Each province's private data carries a marker (SECRET[code]) so a test can tell whether any
of it reached a response meant for someone else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.models import Notification, Role
from assessments.models import (
    Assignment,
    AssignmentStatus,
    ContributedValue,
    Evidence,
    IndicatorValue,
    SubmissionStatus,
)
from results.models import PublishedResult
from review.models import Clarification, ClarificationStatus
from tests import factories
from tests.assessments.conftest import PDF_BYTES

SECRET = {"48": "BIMAT-DANANG-7f3a", "49": "BIMAT-QUANGNAM-9c1e"}
# contributor: an account of one of A's departments; leader: A's leadership (issue 17). Neither
# has an officer's or a reviewer's power until the contribution and approval pages exist.
PERSONAS = ["anonymous", "officer_a", "officer_b", "reviewer", "lead", "admin", "system", "contributor", "leader"]


@dataclass
class World:
    round: object
    sub: dict  # unit code → submission
    value: dict
    evidence: dict
    clarification: dict
    notification: dict
    main_index: object
    users: dict = field(default_factory=dict)
    assignment: dict = field(default_factory=dict)  # unit code → a contribution (issue 17)
    # A's city runs its own index (issue 18): its published ranking of its departments.
    authority: object = None


def _evidence(value, code, user):
    ev = Evidence(
        value=value,
        original_name=f"{SECRET[code]}.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
        doc_number=f"12/{SECRET[code]}",
        doc_date=dt.date(2025, 3, 1),
        issuing_body="UBND tỉnh",
        summary=f"Kế hoạch {SECRET[code]}",
        uploaded_by=user,
    )
    ev.file.save(f"{SECRET[code]}.pdf", ContentFile(PDF_BYTES), save=False)
    ev.save()
    return ev


@pytest.fixture
def system_user(db):
    return factories.UserFactory(username="system", role=Role.SYSTEM)


@pytest.fixture
def world(province_a, province_b, officer_a, officer_b, reviewer, lead_reviewer, admin_user, system_user, contributor_a, leader_a):
    rnd = factories.make_round(units=[province_a, province_b])
    w = World(round=rnd, sub={}, value={}, evidence={}, clarification={}, notification={},
              main_index=rnd.framework.main_indices.order_by("order").first())
    for unit, officer in ((province_a, officer_a), (province_b, officer_b)):
        sub = rnd.submissions.get(unit=unit)
        value = IndicatorValue.objects.get(submission=sub, indicator__code="1.2")
        IndicatorValue.objects.filter(pk=value.pk).update(inputs={"value": True}, self_points=Decimal("10"))
        w.evidence[unit.code] = _evidence(value, unit.code, officer)
        type(sub).objects.filter(pk=sub.pk).update(status=SubmissionStatus.UNDER_REVIEW, submitted_at=timezone.now())
        sub.refresh_from_db()
        w.sub[unit.code], w.value[unit.code] = sub, value
        w.clarification[unit.code] = Clarification.objects.create(
            value=value, submission=sub, question=f"Giải trình {SECRET[unit.code]}", status=ClarificationStatus.OPEN,
            asked_by=reviewer,
        )
        # A's contributor's handed-in contribution (B's: a contributor of B's own department).
        contributor = contributor_a if unit == province_a else factories.UserFactory(
            username="contributor_b", role=Role.CONTRIBUTOR, unit=factories.SubUnitFactory(parent=province_b)
        )
        assignment = Assignment.objects.create(
            submission=sub, contributor=contributor, assigned_by=officer, status=AssignmentStatus.HANDED_IN,
            due_at=timezone.now() + dt.timedelta(days=3), note="Số liệu tuyên truyền",
        )
        indicator = rnd.framework.indicators.get(code="1.4")
        assignment.indicators.set([indicator])
        ContributedValue.objects.create(assignment=assignment, indicator=indicator, inputs={"count": 7})
        w.assignment[unit.code] = assignment
        w.notification[unit.code] = Notification.objects.create(
            recipient=officer, kind="test", message=f"Thông báo {SECRET[unit.code]}", url="/"
        )
        PublishedResult.objects.create(
            year=2024, framework_decision="922/QĐ-BTTTT", ranking_group=unit.ranking_group, unit=unit,
            rank=1 if unit.code == "48" else 2, dti=Decimal("0.6") if unit.code == "48" else Decimal("0.5"),
        )
    from tests.results.conftest import departments_of, provincial_authority, publish_provincial_round

    w.authority = provincial_authority(province_a, code="da-nang", name="Sở Khoa học và Công nghệ thành phố Đà Nẵng")
    departments = [contributor_a.unit, *departments_of(province_a, ["Sở Tài chính thành phố Đà Nẵng"], prefix="48")]
    publish_provincial_round(w.authority, departments, lead=lead_reviewer, admin=admin_user)
    w.users = {"anonymous": None, "officer_a": officer_a, "officer_b": officer_b, "reviewer": reviewer,
               "lead": lead_reviewer, "admin": admin_user, "system": system_user,
               "contributor": contributor_a, "leader": leader_a}
    return w


@pytest.fixture
def clients(world):
    """A web client (session) and an API client (token) per persona."""
    from rest_framework.authtoken.models import Token

    web, api = {}, {}
    for name, user in world.users.items():
        web[name] = Client()
        api[name] = Client()
        if user is not None:
            web[name].force_login(user)
            api[name].defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return web, api, world.users
