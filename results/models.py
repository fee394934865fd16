"""Ranking snapshots, publication versions and published history."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecomputeRequest(models.Model):
    """A request to recompute a round's rankings, kept in the database (not only in the broker)
    so that a request made while Redis is down is not lost: a sweep dispatches pending ones."""

    round = models.ForeignKey("assessments.Round", on_delete=models.CASCADE, related_name="recompute_requests")
    reason = models.CharField(_("lý do"), max_length=255)
    submission = models.ForeignKey(
        "assessments.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("yêu cầu tính lại xếp hạng")
        verbose_name_plural = _("yêu cầu tính lại xếp hạng")
