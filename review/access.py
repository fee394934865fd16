"""Who may do what in the review, in one place. Every review view and service asks these.

Every rule is the submission's round's authority's (issue 18): a province's reviewers review
its rounds only, the national ones the national rounds only; a round of another authority is
404 (we do not confirm it exists). Reviewers see every submission that has been sent (a draft is the province's own business:
404). Appraising is for the assigned reviewer, or any reviewer while none is assigned, and
always for lead reviewers; assigning and signing off are for lead reviewers; reopening is for
admins. The officers' clarification page is for the officers of the submission's unit (others
get 404; people who are not officers get 403).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts import access
from assessments.models import Round, Submission
from assessments.workflow import DRAFT_OWNED, IN_REVIEW

from .models import Clarification


def rounds_for_review(user):
    """The rounds of the authorities the user reviews for."""
    return Round.objects.filter(authority_id__in=access.authorities_reviewed_by(user))


def get_round_for_review(user, pk, *, queryset=None) -> Round:
    """A round of an authority the user reviews for; any other is 404."""
    rnd = (queryset if queryset is not None else Round.objects.select_related("framework")).filter(
        pk=pk, authority_id__in=access.authorities_reviewed_by(user)
    ).first()
    if rnd is None:
        raise Http404
    return rnd


def get_submission_for_review(user, pk) -> Submission:
    if not access.is_any_reviewer(user):
        raise PermissionDenied
    submission = (
        Submission.objects.select_related("round", "round__framework", "unit", "assigned_reviewer")
        .exclude(status__in=DRAFT_OWNED)  # workflow.reviewer_may_read, as a filter
        .filter(pk=pk, round__authority_id__in=access.authorities_reviewed_by(user))
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def get_submission_for_officer(user, pk) -> Submission:
    if not access.is_any_officer(user):
        raise PermissionDenied
    submission = Submission.objects.select_related("round", "unit").filter(pk=pk).first()
    if submission is None or not access.is_unit_officer(user, submission.unit_id):
        raise Http404
    return submission


def get_clarification_for_officer(user, submission_pk, pk) -> Clarification:
    submission = get_submission_for_officer(user, submission_pk)
    clarification = (
        Clarification.objects.select_related("value__indicator").filter(pk=pk, submission=submission).first()
    )
    if clarification is None:
        raise Http404
    clarification.submission = submission
    return clarification


def can_appraise(user, submission: Submission) -> bool:
    authority_id = submission.round.authority_id
    if access.is_lead_reviewer_of(user, authority_id):
        return True
    return access.is_reviewer_of(user, authority_id) and submission.assigned_reviewer_id in (None, user.pk)


def can_assign(user, rnd: Round) -> bool:
    return access.is_lead_reviewer_of(user, rnd.authority_id)


def can_sign_off(user, submission: Submission) -> bool:
    return access.is_lead_reviewer_of(user, submission.round.authority_id)


def can_reopen(user, submission: Submission) -> bool:
    return access.is_admin_of(user, submission.round.authority_id)


def holder_note(user, submission: Submission) -> str:
    """Who appraises this submission, said on its pages when it matters to the reader:
    someone else holds it (and who may change that), or nobody yet (who will)."""
    holder = submission.assigned_reviewer
    if holder is not None and holder.pk != user.pk and not access.is_lead_reviewer_of(user, submission.round.authority_id):
        return _(
            "Hồ sơ được phân công cho %(name)s: chỉ người này hoặc trưởng nhóm thẩm định được thẩm định. "
            "Muốn đổi người thẩm định, đề nghị trưởng nhóm thẩm định phân công lại."
        ) % {"name": holder.display_name}
    if holder is None and submission.status in IN_REVIEW:
        return _(
            "Chưa phân công người thẩm định: người bắt đầu thẩm định (hoặc lưu điểm đầu tiên) sẽ nhận hồ sơ; "
            "trưởng nhóm thẩm định có thể phân công lại."
        )
    return ""
