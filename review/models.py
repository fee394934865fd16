"""Clarification threads: a reviewer's question on one indicator value, and the replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ClarificationStatus(models.TextChoices):
    OPEN = "open", _("Chờ giải trình")
    ANSWERED = "answered", _("Đã giải trình")
    CLOSED = "closed", _("Đã chấp nhận")


class EarlierAppraisal(models.TextChoices):
    SUPERSEDED = "superseded", _("Đã bị thay thế tạm thời do trả lại")
    RESTORED = "restored", _("Được giữ nguyên sau khi thẩm định lại")
    REPLACED = "replaced", _("Được thay bằng kết quả thẩm định lại")


class Clarification(models.Model):
    """One question on one indicator value, asked when the submission was returned.

    `round_number` is the n-th return of the submission, so several rounds of questions on
    the same indicator stay apart and in order; the thread of an indicator is all of its
    clarifications with their messages.
    """

    value = models.ForeignKey(
        "assessments.IndicatorValue", on_delete=models.CASCADE, related_name="clarifications",
        verbose_name=_("giá trị chỉ số")
    )
    # Denormalised from value.submission: the officer's page and the sign-off guard ask
    # "all clarifications of this submission" in one indexed query.
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="clarifications", verbose_name=_("hồ sơ")
    )
    round_number = models.PositiveIntegerField(_("lần yêu cầu"), default=1)
    question = models.TextField(_("câu hỏi"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ClarificationStatus.choices, default=ClarificationStatus.OPEN
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người hỏi")
    )
    asked_at = models.DateTimeField(_("hỏi lúc"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người đóng")
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # The reviewer's general note of the return this question came with (the same on every
    # question of one return), so the officer reads it beside the questions.
    return_note = models.TextField(_("ghi chú chung khi trả lại"), blank=True)
    # The appraisal the return set aside: the value's live appraisal is cleared (the province
    # may correct the value, and sign-off waits for a new appraisal), but it is kept here so
    # both sides still see what the reviewer had decided, and why.
    previous_points = models.DecimalField(
        _("điểm thẩm định trước khi trả lại"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    previous_reason = models.TextField(_("lý do trước khi trả lại"), blank=True)
    previous_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thẩm định trước khi trả lại")
    )
    previous_reviewed_at = models.DateTimeField(_("thẩm định trước khi trả lại lúc"), null=True, blank=True)
    # The first appraisal after the return: equal to the earlier one it restores it, else it
    # replaces it (written by review.services.appraise).
    reappraised_points = models.DecimalField(_("điểm thẩm định lại"), max_digits=8, decimal_places=2, null=True, blank=True)
    reappraised_reason = models.TextField(_("lý do thẩm định lại"), blank=True)
    reappraised_at = models.DateTimeField(_("thẩm định lại lúc"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["submission", "status"])]
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")

    def __str__(self):
        return f"{self.value} #{self.round_number}"

    @property
    def had_appraisal(self) -> bool:
        return self.previous_reviewed_at is not None

    @property
    def earlier_appraisal(self) -> str:
        """What became of the appraisal the return set aside: "" (there was none),
        "superseded" (not appraised again yet), "restored" or "replaced"."""
        if not self.had_appraisal:
            return ""
        if self.reappraised_at is None:
            return EarlierAppraisal.SUPERSEDED
        same = self.reappraised_points == self.previous_points and self.reappraised_reason == self.previous_reason
        return EarlierAppraisal.RESTORED if same else EarlierAppraisal.REPLACED


class ClarificationMessage(models.Model):
    """A reply in a thread: the officer's answer or the reviewer's follow-up."""

    clarification = models.ForeignKey(
        Clarification, on_delete=models.CASCADE, related_name="messages", verbose_name=_("yêu cầu giải trình")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người viết")
    )
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trao đổi giải trình")
        verbose_name_plural = _("trao đổi giải trình")

    def __str__(self):
        return self.body[:60]
