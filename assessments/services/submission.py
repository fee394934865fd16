"""Sending the submission: what is still missing, and the move to the reviewers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface

from ..models import Evidence, EvidenceRequirement, GeneralInfoValue, IndicatorValue, Submission
from ..workflow import Action, approval_refusal, deadline_passed, send_action, transition
from .checks import check_unit_officer, lock_submission
from .errors import AssessmentError, Incomplete
from .validation import message, submission_violations


@dataclass(frozen=True)
class Missing:
    kind: str  # value | evidence | general_info | validation
    label: str
    url: str


def missing_items(submission: Submission) -> list[Missing]:
    """Exactly what stops a submission, each with a link to its field. Three queries, and two
    more when the framework declares validation rules (their errors stop it too)."""
    out: list[Missing] = []
    values = (
        IndicatorValue.objects.filter(
            submission=submission, indicator__automatic=False, indicator__max_points__gt=0, indicator__main_index__max_points__gt=0
        )
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )
    with_evidence = set(
        Evidence.objects.filter(value__submission=submission, replaced_by__isnull=True, removed_at__isnull=True).values_list(
            "value_id", flat=True
        )
    )
    for v in values:
        entry = reverse("assessments:entry", args=[submission.pk, v.indicator.main_index_id])
        name = f"{v.indicator.code} {v.indicator.name}"
        if v.self_points is None:
            out.append(Missing("value", _("Chưa nhập số liệu: %(name)s") % {"name": name}, f"{entry}#value-{v.pk}"))
        if v.indicator.evidence == EvidenceRequirement.REQUIRED and v.pk not in with_evidence:
            out.append(
                Missing(
                    "evidence",
                    _("Chưa có tài liệu kiểm chứng bắt buộc: %(name)s") % {"name": name},
                    reverse("assessments:evidence", args=[v.pk]) + "#upload",
                )
            )
    gi_url = reverse("assessments:general_info", args=[submission.pk])
    for gv in GeneralInfoValue.objects.filter(submission=submission, value__isnull=True).select_related("item").order_by(
        "item__order"
    ):
        out.append(
            Missing("general_info", _("Chưa nhập thông tin chung: %(name)s") % {"name": gv.item.name}, f"{gi_url}#gi-{gv.pk}")
        )
    for violation, where in submission_violations(submission):
        if violation.rule.is_error:
            out.append(Missing("validation", _("Số liệu mâu thuẫn: %(message)s") % {"message": message(violation)}, where))
    return out


def submit(*, actor, submission: Submission, interface: str = Interface.WEB) -> Submission:
    """Send the self-assessment (or the answer to a return) to the reviewers (who are told by
    the move's announcement)."""
    with transaction.atomic():
        sub = lock_submission(submission)
        check_unit_officer(actor, sub)
        action = send_action(sub)
        if action is None:
            raise AssessmentError(
                _("Hồ sơ đang ở trạng thái “%(status)s”; không thể gửi.") % {"status": sub.get_status_display()}
            )
        if action == Action.SUBMIT and deadline_passed(sub):
            raise AssessmentError(_("Đã quá hạn nộp; không thể gửi hồ sơ."))
        refusal = approval_refusal(sub)
        if refusal is not None:
            raise AssessmentError(str(refusal))
        missing = missing_items(sub)
        if missing:
            raise Incomplete(missing)
        sub = transition(sub, action, actor=actor, interface=interface, extra_fields={"submitted_at": timezone.now()})
        if action == Action.RESUBMIT:
            answered = list(
                IndicatorValue.objects.filter(submission=sub, awaiting_clarification=True).values_list("pk", flat=True)
            )
            IndicatorValue.objects.filter(pk__in=answered).update(awaiting_clarification=False)
            audit.record(
                action="value.clarification_answered",
                actor=actor,
                target=sub,
                unit=sub.unit,
                old={"awaiting_clarification": answered},
                new={"awaiting_clarification": []},
                interface=interface,
            )
    return sub
