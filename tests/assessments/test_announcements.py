"""Every state change is announced: in-app and by email (through the outbox), to the right people.

The first tests walk the transition table itself, so a submission's move added to workflow.TRANSITIONS
without an announcement fails here; the others drive each move through the page a person uses.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification as N
from accounts.models import NotificationKind, NotificationPreference, OutgoingEmail, Role
from assessments.announcements import ANNOUNCEMENTS
from assessments.models import Submission, SubmissionStatus
from assessments.workflow import Action, Kind, moves, transition
from tests.factories import UserFactory
from tests.results.conftest import sign_off as sign_off_for_results
from tests.review.conftest import fill, send, value

pytestmark = pytest.mark.django_db
S = SubmissionStatus
K = NotificationKind


@pytest.fixture
def sent_a(rnd, province_a, officer_a):
    """Province A's submission, filled in and sent (the notices of sending cleared)."""
    sub = rnd.submissions.get(unit=province_a)
    fill(sub)
    sub = send(sub, officer_a)
    OutgoingEmail.objects.all().delete()
    N.objects.all().delete()
    return sub


def kinds_of(user) -> list[str]:
    return sorted(N.objects.filter(recipient=user).values_list("kind", flat=True))


SUBMISSION_MOVES = moves(Kind.SUBMISSION)


def test_every_move_of_the_transition_table_has_an_announcement():
    missing = sorted(set(SUBMISSION_MOVES) - set(ANNOUNCEMENTS))
    assert missing == []


@pytest.mark.parametrize("action", list(SUBMISSION_MOVES))
def test_every_move_tells_someone_other_than_its_actor(
    action, rnd, province_a, officer_a, leader_a, reviewer, lead_reviewer, admin_user, django_capture_on_commit_callbacks
):
    """Each move, made by the first persona allowed to make it, leaves an in-app notice of the
    move's kind and an email row for everyone told, and nothing for the actor. Province A has a
    leader, so the approval moves are open (and sending starts from an approved submission)."""
    move = SUBMISSION_MOVES[action]
    sub = rnd.submissions.get(unit=province_a)
    Submission.objects.filter(pk=sub.pk).update(status=sorted(move.sources)[0])
    sub.refresh_from_db()
    actor = next(p for p in (officer_a, leader_a, reviewer, lead_reviewer, admin_user) if move.allowed(p, sub))
    with django_capture_on_commit_callbacks(execute=True):
        transition(sub, action, actor=actor, reason="Lý do thử")
    told = N.objects.filter(kind=ANNOUNCEMENTS[action].kind)
    assert told.exists()
    assert not told.filter(recipient=actor).exists()
    assert OutgoingEmail.objects.filter(notification__in=told).count() == told.count()
    assert all("Lý do thử" in n.message for n in told)


def test_a_move_rolled_back_leaves_no_notice_and_no_email(rnd, province_a, officer_a, reviewer):
    from django.db import transaction

    sub = rnd.submissions.get(unit=province_a)
    Submission.objects.filter(pk=sub.pk).update(status=S.SUBMITTED)
    sub.refresh_from_db()
    with pytest.raises(RuntimeError), transaction.atomic():
        transition(sub, Action.START_REVIEW, actor=reviewer)
        raise RuntimeError("the service fails after the move")
    assert N.objects.count() == 0 and OutgoingEmail.objects.count() == 0


def test_a_move_refused_tells_nobody(rnd, province_a, officer_a, officer_b):
    from assessments.workflow import TransitionError

    sub = rnd.submissions.get(unit=province_a)
    with pytest.raises(TransitionError):
        transition(sub, Action.SUBMIT, actor=officer_b)
    assert N.objects.count() == 0


# --- through the pages ---------------------------------------------------------------------


def test_starting_the_review_tells_the_officers(reviewer_client, sent_a, officer_a, officer_b, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(reverse("review:start", args=[sent_a.pk]))
    assert response.status_code == 302
    (notice,) = N.objects.filter(kind=K.REVIEW_STARTED)
    assert notice.recipient == officer_a
    assert "bắt đầu thẩm định" in notice.message and "Đà Nẵng" in notice.message
    assert notice.url == reverse("assessments:overview", args=[sent_a.pk])
    assert [m.to for m in mail.outbox] == [[officer_a.email]]
    assert kinds_of(officer_b) == [] and kinds_of(reviewer) == []


def test_a_return_tells_the_officers_which_indicators_and_the_note(reviewer_client, sent_a, officer_a, django_capture_on_commit_callbacks):
    v = value(sent_a, "1.1")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            reverse("review:return", args=[sent_a.pk]),
            {f"q_{v.pk}": "Quyết định số mấy?", "note": "Bổ sung trước thứ Sáu"},
        )
    sent_a.refresh_from_db()
    assert sent_a.status == S.RETURNED
    (notice,) = N.objects.filter(recipient=officer_a, kind=K.RETURNED)
    assert "1.1" in notice.message and "Bổ sung trước thứ Sáu" in notice.message
    assert notice.url == reverse("review:clarifications", args=[sent_a.pk])


def test_the_answer_is_announced_to_the_assigned_reviewer_only(
    officer_a_client, sent_a, officer_a, reviewer, lead_reviewer, django_capture_on_commit_callbacks
):
    from review import services

    Submission.objects.filter(pk=sent_a.pk).update(assigned_reviewer=reviewer)
    sent_a.refresh_from_db()
    services.return_for_clarification(submission=sent_a, actor=reviewer, questions={value(sent_a, "1.1").pk: "Vì sao?"})
    with django_capture_on_commit_callbacks(execute=True):
        response = officer_a_client.post(reverse("assessments:submit", args=[sent_a.pk]))
    assert response.status_code == 302
    sent_a.refresh_from_db()
    assert sent_a.status == S.RESUBMITTED
    (notice,) = N.objects.filter(kind=K.RESUBMITTED)
    assert notice.recipient == reviewer
    assert notice.url == reverse("review:submission", args=[sent_a.pk])
    assert kinds_of(lead_reviewer) == []


def test_sign_off_tells_the_officers_the_total_and_the_assigned_reviewer(
    lead_client, sent_a, officer_a, reviewer, lead_reviewer, django_capture_on_commit_callbacks
):
    from review import services

    Submission.objects.filter(pk=sent_a.pk).update(assigned_reviewer=reviewer)
    sent_a.refresh_from_db()
    for v in sent_a.values.select_related("indicator"):
        services.appraise(value=v, actor=reviewer, points=str(v.self_points), version=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("review:sign_off", args=[sent_a.pk]))
    assert response.status_code == 302
    (to_officer,) = N.objects.filter(recipient=officer_a, kind=K.SIGNED_OFF)
    assert "80" in to_officer.message  # the self-scores accepted: 80 of 100 (tests.review.conftest)
    assert N.objects.filter(recipient=reviewer, kind=K.SIGNED_OFF).count() == 1
    assert kinds_of(lead_reviewer) == []  # the actor


def test_reopening_tells_officers_and_reviewers_with_the_reason(admin_client_, rnd, province_a, officer_a, reviewer, lead_reviewer):
    sub = rnd.submissions.get(unit=province_a)
    sign_off_for_results(sub, lead_reviewer, "0.5", recompute=False)
    N.objects.all().delete()
    response = admin_client_.post(reverse("review:reopen", args=[sub.pk]), {"reason": "Sai số liệu dân số"})
    assert response.status_code == 302
    assert N.objects.filter(kind=K.REOPENED, recipient=officer_a, message__contains="Sai số liệu dân số").count() == 1
    assert set(N.objects.filter(kind=K.REOPENED).exclude(recipient=officer_a).values_list("recipient__username", flat=True)) == {
        "reviewer", "lead"
    }


def test_publication_and_unpublication_tell_each_units_officers(admin_client_, officer_a, officer_b, lead_reviewer, province_a, province_b):
    from results.services import recompute_round, request_recompute
    from tests import factories

    rnd = factories.make_round(units=[province_a, province_b])
    for sub, share in zip(rnd.submissions.all(), ["0.6", "0.7"], strict=True):
        sign_off_for_results(sub, lead_reviewer, share, recompute=False)
    request_recompute(round_id=rnd.pk, reason="test")
    recompute_round(round_id=rnd.pk)
    N.objects.all().delete()
    assert admin_client_.post(reverse("results:publish", args=[rnd.pk]), {"note": ""}).status_code == 302
    assert kinds_of(officer_a) == [K.PUBLISHED] and kinds_of(officer_b) == [K.PUBLISHED]
    assert admin_client_.post(reverse("results:unpublish", args=[rnd.pk]), {"reason": "Điều chỉnh số liệu"}).status_code == 302
    (withdrawn,) = N.objects.filter(recipient=officer_a, kind=K.UNPUBLISHED)
    assert "Điều chỉnh số liệu" in withdrawn.message


def test_a_deadline_extension_tells_the_officers_the_new_deadline(admin_client_, rnd, province_a, officer_a, officer_b):
    sub = rnd.submissions.get(unit=province_a)
    new = timezone.localtime(rnd.closes_at + dt.timedelta(days=5)).replace(hour=17, minute=0, second=0, microsecond=0)
    response = admin_client_.post(
        reverse("assessments:deadline_extend", args=[sub.pk]),
        {"deadline": new.strftime("%d/%m/%Y %H:%M"), "reason": "Bão lũ"},
    )
    assert response.status_code == 302
    (notice,) = N.objects.filter(kind=K.DEADLINE_EXTENDED)
    assert notice.recipient == officer_a
    assert new.strftime("17:00 %d/%m/%Y") in notice.message and "Bão lũ" in notice.message
    assert kinds_of(officer_b) == []


def test_email_turned_off_for_a_kind_keeps_the_in_app_notice_only(
    reviewer_client, sent_a, officer_a, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=officer_a, kind=K.REVIEW_STARTED, email=False)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(reverse("review:start", args=[sent_a.pk]))
    assert kinds_of(officer_a) == [K.REVIEW_STARTED]
    assert OutgoingEmail.objects.count() == 0 and mail.outbox == []


def test_submitting_tells_every_reviewer_while_none_is_assigned(rnd, province_a, officer_a, reviewer, lead_reviewer, admin_user):
    sub = rnd.submissions.get(unit=province_a)
    fill(sub)
    send(sub, officer_a)
    told = set(N.objects.filter(kind=K.SUBMITTED).values_list("recipient__username", flat=True))
    assert told == {"reviewer", "lead"}


# --- Round events: each unit's officers in their words, the reviewers once -------------------


def test_every_event_has_an_announcement():
    from assessments.announcements import Event

    events = {v for k, v in vars(Event).items() if not k.startswith("_")}
    assert sorted(events - set(ANNOUNCEMENTS)) == []


def test_every_round_event_announced_by_a_service_has_the_reviewers_notice():
    """The events the round services pass to announce_round, read from their code."""
    import ast
    from pathlib import Path

    from assessments import services
    from assessments.announcements import ROUND_ANNOUNCEMENTS, Event

    tree = ast.parse(Path(services.rounds.__file__).read_text(encoding="utf-8"))
    used = {
        getattr(Event, node.args[1].attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "announce_round"
    }
    assert len(used) == 3
    assert sorted(used - set(ROUND_ANNOUNCEMENTS)) == []


def test_every_kind_of_notice_a_round_sends_is_in_the_officers_and_reviewers_settings():
    from accounts.models import Role
    from accounts.notifications import KINDS_BY_ROLE

    for kind in (K.ROUND_OPENED, K.ROUND_DEADLINE, K.CLOSED_OUT):
        assert {r for r, kinds in KINDS_BY_ROLE.items() if kind in kinds} == {
            Role.OFFICER, Role.REVIEWER, Role.LEAD_REVIEWER
        }


def test_a_round_event_tells_each_reviewer_once_however_many_units(rnd, reviewer, lead_reviewer, admin_user, officer_a, officer_b):
    from assessments.announcements import Event, announce_round

    told = announce_round(rnd, Event.ROUND_DEADLINE_MOVED, submissions=rnd.submissions.select_related("unit"), actor=admin_user)
    assert told == 4  # two officers, one reviewer, one lead
    assert N.objects.filter(recipient=reviewer).count() == 1 and N.objects.filter(recipient=lead_reviewer).count() == 1
    assert not N.objects.filter(recipient=admin_user).exists()


def test_a_round_event_sends_an_email_row_with_every_notice(rnd, reviewer, officer_a, admin_user):
    from assessments.announcements import Event, announce_round

    announce_round(rnd, Event.ENTRY_CLOSED, submissions=[rnd.submissions.get(unit=officer_a.unit)], actor=admin_user)
    assert OutgoingEmail.objects.filter(notification__in=N.objects.all()).count() == N.objects.count() == 2


# --- The leader's approval (issue 17) ---------------------------------------------------------


def _at(sub, status):
    Submission.objects.filter(pk=sub.pk).update(status=status)
    sub.refresh_from_db()
    return sub


def test_asking_approval_tells_the_province_s_leader_only(
    rnd, province_a, province_b, officer_a, leader_a, reviewer, django_capture_on_commit_callbacks
):
    other_leader = UserFactory(username="leader_b", role=Role.PROVINCE_LEADER, unit=province_b)
    sub = rnd.submissions.get(unit=province_a)
    with django_capture_on_commit_callbacks(execute=True):
        transition(sub, Action.REQUEST_APPROVAL, actor=officer_a)
    assert kinds_of(leader_a) == [K.APPROVAL_REQUESTED]
    assert (kinds_of(other_leader), kinds_of(reviewer), kinds_of(officer_a)) == ([], [], [])
    [notice] = N.objects.filter(recipient=leader_a)
    assert notice.url == reverse("assessments:approval", args=[sub.pk])
    assert OutgoingEmail.objects.filter(notification=notice).count() == 1


def test_approving_tells_the_officers_they_may_send(rnd, province_a, officer_a, leader_a, reviewer):
    sub = _at(rnd.submissions.get(unit=province_a), S.AWAITING_APPROVAL)
    transition(sub, Action.APPROVE, actor=leader_a)
    [notice] = N.objects.filter(recipient=officer_a)
    assert (notice.kind, notice.url) == (K.APPROVED, reverse("assessments:submit", args=[sub.pk]))
    assert "lãnh đạo tỉnh đã phê duyệt hồ sơ" in notice.message
    assert kinds_of(reviewer) == []


def test_a_return_to_the_officer_tells_them_the_leader_s_reason(rnd, province_a, officer_a, leader_a):
    sub = _at(rnd.submissions.get(unit=province_a), S.AWAITING_APPROVAL)
    transition(sub, Action.RETURN_TO_OFFICER, actor=leader_a, reason="Bổ sung số liệu chỉ số 1.2")
    [notice] = N.objects.filter(recipient=officer_a)
    assert notice.kind == K.APPROVAL_RETURNED
    assert notice.message.endswith("Lý do của lãnh đạo tỉnh: Bổ sung số liệu chỉ số 1.2")
