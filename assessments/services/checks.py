"""Checks every write of the province shares: the submission's lock, the officer, the edit rule.

The edit rule itself (which status allows what, the deadline, returned items) is
`workflow.province_edit_refusal`; this module turns its answer into the service's refusal.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from accounts import access

from ..models import GeneralInfoValue, Submission
from ..workflow import province_edit_refusal
from .errors import AssessmentError


def lock_submission(submission: Submission) -> Submission:
    # Serialises edits with submission: a value cannot change after the status moved on.
    # The submission's row only, read afresh. Its round (with the framework) and unit are the
    # caller's, when it has them: they are not the submission's state, and joining them here
    # made PostgreSQL lock their rows too — every province's save in a round queued on it.
    locked = Submission.objects.select_for_update().get(pk=submission.pk)
    for name in ("round", "unit"):
        if Submission._meta.get_field(name).is_cached(submission):
            setattr(locked, name, getattr(submission, name))
    return locked


def check_unit_officer(actor, submission: Submission) -> None:
    if not access.is_unit_officer(actor, submission.unit_id):
        raise AssessmentError(_("Chỉ cán bộ của đơn vị mới được cập nhật hồ sơ này."))


def check_province_may_edit(actor, submission: Submission, values=None) -> None:
    """An officer of the unit, and the status allows editing these values now (None: the
    general information). Call it under `lock_submission`."""
    check_unit_officer(actor, submission)
    refusal = province_edit_refusal(submission, values)
    if refusal is not None:
        raise AssessmentError(str(refusal))


def general_info_map(submission: Submission) -> dict[str, Decimal | None]:
    return {
        code: value
        for code, value in GeneralInfoValue.objects.filter(submission=submission).values_list("item__code", "value")
    }
