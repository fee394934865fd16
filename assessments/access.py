"""Who may see and change which submission: the one helper every view, fragment and file uses.

- Province officers: their own unit's submissions only; anything else is 404 (we do not
  even confirm that another province's submission exists).
- Officers of a provincial round's unit (AuthorityRole OFFICER): as a province's officers.
- Reviewers, lead reviewers and admins of the round's authority: read any of its submissions
  once it is sent
  (`workflow.reviewer_may_read`: a draft, its values, evidence and history are the province's
  own, 404 like another province's). They never write through the officer pages
  (write=True → 403); their changes go through the review app's services.
- A province's leader: its own province's submissions through the approval pages only
  (`get_submission_for_leader`); the officer pages stay 404 to it.
- Anyone else: 404.

The review app uses `get_submission_for_user` and `get_evidence_for_user` for its reads.
Whether a write is allowed *now* (status, deadline, returned items) is the services' call.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import access

from .models import Evidence, IndicatorValue, Submission
from .workflow import reviewer_may_read


def _check(user, submission: Submission, *, write: bool) -> None:
    if access.is_unit_officer(user, submission.unit_id):
        return
    # The round's authority's reviewers only (issue 18): another authority's round is 404.
    if access.is_reviewer_of(user, submission.round.authority_id) and reviewer_may_read(submission):
        if write:
            raise PermissionDenied
        return
    raise Http404


def get_submission_for_user(user, pk, *, write: bool = False) -> Submission:
    submission = Submission.objects.select_related("round", "round__framework", "unit").filter(pk=pk).first()
    if submission is None:
        raise Http404
    _check(user, submission, write=write)
    return submission


def get_submission_for_leader(user, pk) -> Submission:
    """The approval page's submission: a leader of its own province only (issue 17); anyone
    else, another province's leader included, 404. The leader reads, never edits values."""
    submission = Submission.objects.select_related("round", "round__framework", "unit", "approved_by").filter(pk=pk).first()
    if submission is None or not access.is_province_leader(user, submission.unit_id):
        raise Http404
    return submission


def get_value_for_user(user, pk, *, write: bool = False) -> IndicatorValue:
    value = (
        IndicatorValue.objects.select_related(
            "indicator", "indicator__main_index", "submission", "submission__round", "submission__unit"
        )
        .filter(pk=pk)
        .first()
    )
    if value is None:
        raise Http404
    _check(user, value.submission, write=write)
    return value


def get_evidence_for_user(user, pk, *, write: bool = False) -> Evidence:
    evidence = (
        Evidence.objects.select_related(
            "value", "value__indicator", "value__submission", "value__submission__round", "value__submission__unit"
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404
    _check(user, evidence.value.submission, write=write)
    return evidence
