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


class Clarification(models.Model):
    """One question on one indicator value, asked when the submission was returned.

    `round_number` is the n-th return of the submission, so several rounds of questions on
    the same indicator stay apart and in order; the thread of an indicator is all of its
    clarifications with their messages.
    """

    value = models.ForeignKey(
        "assessments.IndicatorValue", on_delete=models.CASCADE, related_name="clarifications"
    )
    # Denormalised from value.submission: the officer's page and the sign-off guard ask
    # "all clarifications of this submission" in one indexed query.
    submission = models.ForeignKey(
        "assessments.Submission", on_delete=models.CASCADE, related_name="clarifications"
    )
    round_number = models.PositiveIntegerField(_("lần yêu cầu"), default=1)
    question = models.TextField(_("câu hỏi"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ClarificationStatus.choices, default=ClarificationStatus.OPEN
    )
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(_("hỏi lúc"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]
        indexes = [models.Index(fields=["submission", "status"])]
        verbose_name = _("yêu cầu giải trình")
        verbose_name_plural = _("yêu cầu giải trình")

    def __str__(self):
        return f"{self.value} #{self.round_number}"


class ClarificationMessage(models.Model):
    """A reply in a thread: the officer's answer or the reviewer's follow-up."""

    clarification = models.ForeignKey(Clarification, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trao đổi giải trình")
        verbose_name_plural = _("trao đổi giải trình")

    def __str__(self):
        return self.body[:60]
