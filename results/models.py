"""Ranking snapshots, publication versions and published history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import RankingGroup
from core import formatting
from core.collation import by_name


class RecomputeRequest(models.Model):
    """A request to recompute a round's rankings, kept in the database (not only in the broker)
    so that a request made while Redis is down is not lost: a sweep dispatches pending ones."""

    round = models.ForeignKey(
        "assessments.Round", on_delete=models.CASCADE, related_name="recompute_requests", verbose_name=_("đợt đánh giá")
    )
    reason = models.CharField(_("lý do"), max_length=255)
    submission = models.ForeignKey(
        "assessments.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("hồ sơ")
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True, db_index=True)
    # The snapshot computation that consumed this request (several requests → one snapshot).
    snapshot = models.ForeignKey(
        "RankingSnapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="requests",
        verbose_name=_("bảng xếp hạng đã tính")
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("yêu cầu tính lại xếp hạng")
        verbose_name_plural = _("yêu cầu tính lại xếp hạng")

    def __str__(self):
        return f"{self.round} — {self.reason}"


class RankingSnapshot(models.Model):
    """One computation of a round's rankings from final scores.

    A round has at most one current snapshot (a partial unique index): the task writes a new
    snapshot and switches `is_current` in one transaction, so readers never see half of one.
    """

    round = models.ForeignKey(
        "assessments.Round", on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("đợt đánh giá")
    )
    computed_at = models.DateTimeField(_("tính lúc"), default=timezone.now)
    duration_ms = models.PositiveIntegerField(_("thời gian tính (ms)"), default=0)
    is_current = models.BooleanField(_("đang dùng"), default=False)
    # Hash of the entries: a recompute that changes nothing reuses the current snapshot.
    content_hash = models.CharField(_("mã băm nội dung"), max_length=64, db_index=True)
    unit_count = models.PositiveIntegerField(_("số đơn vị"), default=0)

    class Meta:
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(is_current=True), name="one_current_snapshot_per_round"
            )
        ]
        verbose_name = _("bảng xếp hạng đã tính")
        verbose_name_plural = _("bảng xếp hạng đã tính")

    def __str__(self):
        return f"{self.round} @ {formatting.moment(self.computed_at, seconds=True)}"


class SnapshotEntry(models.Model):
    """A unit's values and ranks in a snapshot, rounded to 4 decimals as published.

    `ranking_group` is the round's group, or PROVINCES_34 for the merger re-expression of a
    round over the 63 old units.
    """

    snapshot = models.ForeignKey(RankingSnapshot, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    ranking_group = models.CharField(_("nhóm xếp hạng"), max_length=20, choices=RankingGroup.choices)
    dti = models.DecimalField(_("DTI"), max_digits=6, decimal_places=4, null=True)
    dti_rank = models.PositiveIntegerField(_("hạng"), null=True)
    rank_change = models.IntegerField(_("thay đổi hạng"), null=True)
    # {code: "0.1234"} and {code: rank}; strings keep Decimal precision in JSON.
    pillar_values = models.JSONField(default=dict)
    pillar_ranks = models.JSONField(default=dict)
    main_values = models.JSONField(default=dict)
    main_ranks = models.JSONField(default=dict)
    self_points = models.DecimalField(_("tổng điểm tự đánh giá"), max_digits=10, decimal_places=2, null=True)
    final_points = models.DecimalField(_("tổng điểm đạt được"), max_digits=10, decimal_places=2, null=True)

    class Meta:
        ordering = ["ranking_group", "dti_rank", by_name("unit__name")]  # ties: Vietnamese order
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "ranking_group", "unit"], name="unique_entry_per_snapshot")
        ]
        verbose_name = _("kết quả đơn vị")
        verbose_name_plural = _("kết quả đơn vị")

    def __str__(self):
        return f"{self.unit_id} #{self.dti_rank}"


class Publication(models.Model):
    """A published version of a round's rankings: a frozen snapshot with its note."""

    round = models.ForeignKey(
        "assessments.Round", on_delete=models.CASCADE, related_name="publications", verbose_name=_("đợt đánh giá")
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    snapshot = models.ForeignKey(
        RankingSnapshot, on_delete=models.PROTECT, related_name="publications", verbose_name=_("bảng xếp hạng đã tính")
    )
    is_active = models.BooleanField(_("đang công bố"), default=True)
    published_at = models.DateTimeField(_("công bố lúc"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người công bố"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    unpublished_at = models.DateTimeField(_("hủy công bố lúc"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người hủy công bố")
    )
    unpublish_reason = models.TextField(_("lý do hủy công bố"), blank=True)

    class Meta:
        ordering = ["round", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["round", "version"], name="unique_publication_version"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(is_active=True), name="one_active_publication_per_round"
            ),
        ]
        verbose_name = _("lần công bố")
        verbose_name_plural = _("lần công bố")

    def __str__(self):
        return f"{self.round} v{self.version}"


class PublishedResult(models.Model):
    """A result published before the portal existed (or outside it), imported from a file.

    The published figures are kept exactly as published; `computed_*` hold what the engine
    derives from them (e.g. the DTI from main-index values), so the two can be compared.
    """

    year = models.PositiveIntegerField(_("năm"))
    framework_decision = models.CharField(_("quyết định"), max_length=60)
    ranking_group = models.CharField(_("nhóm xếp hạng"), max_length=20, choices=RankingGroup.choices)
    unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="published_results", verbose_name=_("đơn vị")
    )
    rank = models.PositiveIntegerField(_("hạng công bố"), null=True, blank=True)
    dti = models.DecimalField(_("DTI công bố"), max_digits=6, decimal_places=4, null=True, blank=True)
    pillar_values = models.JSONField(_("giá trị trụ cột công bố"), default=dict, blank=True)
    pillar_ranks = models.JSONField(_("hạng trụ cột công bố"), default=dict, blank=True)
    main_values = models.JSONField(_("giá trị chỉ số chính công bố"), default=dict, blank=True)
    computed_dti = models.DecimalField(_("DTI tính lại"), max_digits=6, decimal_places=4, null=True, blank=True)
    computed_pillar_values = models.JSONField(_("giá trị trụ cột tính lại"), default=dict, blank=True)
    computed_rank = models.PositiveIntegerField(_("hạng tính lại"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"), default=timezone.now)

    class Meta:
        ordering = ["-year", "ranking_group", "rank", by_name("unit__name")]
        constraints = [
            models.UniqueConstraint(fields=["year", "ranking_group", "unit"], name="unique_published_result")
        ]
        indexes = [models.Index(fields=["unit", "year"])]
        verbose_name = _("kết quả đã công bố")
        verbose_name_plural = _("kết quả đã công bố")

    def __str__(self):
        return f"{self.year} {self.unit}"

    @property
    def best_dti(self):
        return self.dti if self.dti is not None else self.computed_dti

    @property
    def best_rank(self):
        return self.rank if self.rank is not None else self.computed_rank
