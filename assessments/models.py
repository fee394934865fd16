"""Frameworks as data, assessment rounds, and what each unit reports in a round."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Authority, RankingGroup, Unit, national_authority_id
from core import formatting, language
from core.collation import by_name

from . import scoring


# The values are the engine's constants (assessments.scoring): each name is written once;
# the labels are the pages' words, translated here where gettext lives.
class Level(models.TextChoices):
    PROVINCE = scoring.LEVEL_PROVINCE, _("Cấp tỉnh")
    MINISTRY = scoring.LEVEL_MINISTRY, _("Cấp bộ")


class Aggregation(models.TextChoices):
    TOTAL_POINTS = scoring.AGGREGATION_TOTAL_POINTS, _("Tổng điểm / tổng điểm tối đa")
    WEIGHTED_PILLARS = scoring.AGGREGATION_WEIGHTED_PILLARS, _("Bình quân gia quyền các trụ cột")


class RuleType(models.TextChoices):
    YES_NO = scoring.RULE_YES_NO, _("Có / không")
    TIERED = scoring.RULE_TIERED, _("Theo mức")
    RATIO = scoring.RULE_RATIO, _("Tỷ lệ")
    COUNT_THRESHOLD = scoring.RULE_COUNT_THRESHOLD, _("Số lượng so với ngưỡng")
    PERCENTAGE = scoring.RULE_PERCENTAGE, _("Tỷ lệ phần trăm")


class NumberKind(models.TextChoices):
    """How a general-information item's figure is written and read (numbers.DECLARED_KINDS)."""

    INTEGER = scoring.DECLARED_INTEGER, _("Số nguyên (số đếm)")
    DECIMAL = scoring.DECLARED_DECIMAL, _("Số thập phân")


class EvidenceRequirement(models.TextChoices):
    REQUIRED = scoring.EVIDENCE_REQUIRED, _("Bắt buộc")
    OPTIONAL = scoring.EVIDENCE_OPTIONAL, _("Không bắt buộc")
    NONE = scoring.EVIDENCE_NONE, _("Không yêu cầu")


class NamedInTwoLanguages:
    """`name`: what every page, export and report shows of a framework item — `name_en` in
    English where the framework file gives one, else `name_vi` (core.language.localized).
    `__str__` stays Vietnamese: the admin and the audit trail name things as the data does."""

    @property
    def name(self) -> str:
        return language.localized(self.name_vi, self.name_en)


class Framework(models.Model):
    """One decision's index, loaded from a framework file (docs/framework-format.md)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    # Who issued it (issue 18): the national Authority's decisions, or a province's own index.
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="frameworks", default=national_authority_id,
        verbose_name=_("cơ quan đánh giá"),
    )
    decision = models.CharField(_("quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    title_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    title_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    years = models.JSONField(_("năm áp dụng"), default=list)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=20, choices=Aggregation.choices)
    total_points = models.DecimalField(_("tổng điểm"), max_digits=8, decimal_places=2)
    illustrative = models.BooleanField(_("danh mục minh họa"), default=False)
    note_vi = models.TextField(_("ghi chú"), blank=True)
    # The file's validation rules (figures checked against each other), in the engine's stored
    # form (scoring.validation.rule_to_json): every save of the province reads them.
    validation_rules = models.JSONField(_("quy tắc kiểm tra số liệu"), default=list, blank=True)
    loaded_at = models.DateTimeField(_("thời điểm nạp"), default=timezone.now)

    class Meta:
        ordering = ["-decision_date", "code"]
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")

    def __str__(self):
        return f"{self.decision} ({self.get_level_display()})"

    @property
    def title(self) -> str:
        """The framework's title in the reader's language (`title_en` where given)."""
        return language.localized(self.title_vi, self.title_en)

    @property
    def source_text(self) -> str:
        """The file the framework was loaded from ("" when it was built otherwise)."""
        try:
            return self.source.text
        except FrameworkSource.DoesNotExist:
            return ""


class FrameworkSource(models.Model):
    """The file a framework was loaded from (comments kept), in a table of its own: every page
    reads its round's framework, and none needs the file's 70 KB."""

    framework = models.OneToOneField(Framework, on_delete=models.CASCADE, primary_key=True, related_name="source")
    text = models.TextField(_("tệp gốc"))

    class Meta:
        verbose_name = _("tệp bộ chỉ số")
        verbose_name_plural = _("tệp bộ chỉ số")

    def __str__(self):
        return str(self.framework_id)


class Pillar(NamedInTwoLanguages, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("bộ chỉ số"))
    code = models.CharField(_("mã"), max_length=20)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    weight = models.DecimalField(_("trọng số"), max_digits=6, decimal_places=4, null=True, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_pillar_code")]
        verbose_name = _("trụ cột")
        verbose_name_plural = _("trụ cột")

    def __str__(self):
        return self.name_vi


class IndexGroup(NamedInTwoLanguages, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("mã"), max_length=20)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_group_code")]
        verbose_name = _("nhóm chỉ số")
        verbose_name_plural = _("nhóm chỉ số")

    def __str__(self):
        return self.name_vi


class MainIndex(NamedInTwoLanguages, models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="main_indices", verbose_name=_("bộ chỉ số"))
    group = models.ForeignKey(
        IndexGroup, on_delete=models.CASCADE, related_name="main_indices", verbose_name=_("nhóm chỉ số")
    )
    code = models.CharField(_("mã"), max_length=20)
    number = models.PositiveIntegerField(_("số thứ tự"), default=0)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    pillars = models.ManyToManyField(Pillar, related_name="main_indices", blank=True, verbose_name=_("trụ cột"))
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_main_index_code")]
        verbose_name = _("chỉ số chính")
        verbose_name_plural = _("chỉ số chính")

    def __str__(self):
        return self.name_vi

    @property
    def is_scored(self) -> bool:
        return self.max_points > 0


class Indicator(NamedInTwoLanguages, models.Model):
    """A component index (chỉ số thành phần) with its scoring rule."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("bộ chỉ số")
    )
    main_index = models.ForeignKey(
        MainIndex, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("chỉ số chính")
    )
    code = models.CharField(_("mã"), max_length=20)
    name_vi = models.CharField(_("tên"), max_length=500)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=500, blank=True)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    rule_type = models.CharField(_("cách tính điểm"), max_length=20, choices=RuleType.choices)
    rule_params = models.JSONField(_("tham số"), default=dict, blank=True)
    evidence = models.CharField(
        _("tài liệu kiểm chứng"), max_length=10, choices=EvidenceRequirement.choices, default=EvidenceRequirement.REQUIRED
    )
    evidence_vi = models.TextField(_("yêu cầu tài liệu kiểm chứng"), blank=True)
    guidance_vi = models.TextField(_("hướng dẫn"), blank=True)
    automatic = models.BooleanField(_("đo tự động"), default=False)
    source_vi = models.CharField(_("nguồn đo"), max_length=255, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")]
        verbose_name = _("chỉ số thành phần")
        verbose_name_plural = _("chỉ số thành phần")

    def __str__(self):
        return f"{self.code} {self.name_vi}"

    @property
    def rule(self):
        return scoring.Rule(type=self.rule_type, params=self.rule_params)


class GeneralInfoItem(NamedInTwoLanguages, models.Model):
    """Unscored "general information": population, officials, businesses… (denominators)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="general_info_items")
    code = models.CharField(_("mã"), max_length=20)
    name_vi = models.CharField(_("tên"), max_length=255)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=255, blank=True)
    unit_vi = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    # A count (population, officials: "42.000" is forty-two thousand) unless the file says decimal.
    kind = models.CharField(_("loại số"), max_length=10, choices=NumberKind.choices, default=NumberKind.INTEGER)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_general_info_code")]
        verbose_name = _("thông tin chung")
        verbose_name_plural = _("thông tin chung")

    def __str__(self):
        return self.name_vi

    @property
    def number_kind(self) -> str:
        """The engine's kind of field (scoring.FIELD_INTEGER or FIELD_NUMBER): how it is read."""
        return scoring.DECLARED_KINDS[self.kind]


class Round(models.Model):
    """One assessed year: a framework applied to a ranking group of units, with a window."""

    # Who runs the round (issue 18): its reviewers and admins are that authority's
    # (accounts.access); the national Authority unless a province runs its own index.
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="rounds", default=national_authority_id,
        verbose_name=_("cơ quan đánh giá"),
    )
    year = models.PositiveIntegerField(_("năm đánh giá"))
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("bộ chỉ số")
    )
    ranking_group = models.CharField(_("nhóm đơn vị"), max_length=20, choices=RankingGroup.choices)
    opens_at = models.DateTimeField(_("mở từ"))
    closes_at = models.DateTimeField(_("hạn nộp"))
    # When the Authority means to have every submission signed off (the round dashboard marks
    # the late ones); empty: no review deadline was set.
    review_closes_at = models.DateTimeField(_("hạn thẩm định"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người tạo"),
    )

    class Meta:
        ordering = ["-year", "ranking_group"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year", "ranking_group"], name="unique_round_per_authority_group")
        ]
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")

    def __str__(self):
        return f"DTI {self.year} — {self.get_ranking_group_display()}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class RoundPhase(models.TextChoices):
    """Where a round is in its life, read from its dates and its submissions' statuses
    (workflow.round_phase): what the admins' round page shows and which actions it offers."""

    NOT_OPEN = "not_open", _("Chưa mở")
    OPEN = "open", _("Đang nhận hồ sơ")
    ENTRY_CLOSED = "entry_closed", _("Đã đóng nhận hồ sơ")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    PUBLISHED = "published", _("Đã công bố")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo tỉnh phê duyệt")
    APPROVED = "approved", _("Lãnh đạo tỉnh đã phê duyệt")
    SUBMITTED = "submitted", _("Đã gửi")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    RETURNED = "returned", _("Yêu cầu bổ sung/giải trình")
    RESUBMITTED = "resubmitted", _("Đã gửi bổ sung")
    SIGNED_OFF = "signed_off", _("Đã thẩm định")
    PUBLISHED = "published", _("Đã công bố")
    # A unit that never submitted, closed out by an admin after entry closed: not ranked.
    EXCLUDED = "excluded", _("Không nộp, loại khỏi xếp hạng")


class CloseOut(models.TextChoices):
    """How an admin closed out a unit that did not submit (workflow.CLOSE_OUT_MOVES)."""

    EXCLUDED = "excluded", _("Loại khỏi xếp hạng")
    AS_IS = "as_is", _("Chấm theo số liệu đã nhập")


class Submission(models.Model):
    """One unit's self-assessment in one round."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("đợt đánh giá")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("đơn vị"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, db_index=True
    )
    deadline_override = models.DateTimeField(_("hạn nộp riêng"), null=True, blank=True)
    deadline_override_reason = models.TextField(_("lý do gia hạn"), blank=True)
    assigned_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_submissions",
        verbose_name=_("người thẩm định được phân công")
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("ký duyệt lúc"), null=True, blank=True)
    # The province leader's approval before sending (issue 17): kept once sent, cleared when the
    # leader returns the submission to the officer.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="approved_submissions",
        verbose_name=_("lãnh đạo tỉnh phê duyệt")
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), default=timezone.now)
    # Set when an admin closed out the unit after entry closed without its submission: how
    # (excluded, or scored on what it entered) and why. Shown on the public ranking.
    closeout_kind = models.CharField(_("khép hồ sơ"), max_length=10, choices=CloseOut.choices, blank=True)
    closeout_reason = models.TextField(_("lý do khép hồ sơ"), blank=True)
    closed_out_at = models.DateTimeField(_("khép lúc"), null=True, blank=True)

    class Meta:
        ordering = ["round", by_name("unit__name")]
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="unique_submission_per_unit")]
        verbose_name = _("hồ sơ tự đánh giá")
        verbose_name_plural = _("hồ sơ tự đánh giá")

    def __str__(self):
        return f"{self.unit.name} — {self.round}"  # the round names the group

    @property
    def deadline(self):
        return self.deadline_override or self.round.closes_at

    # Templates read these instead of status literals; the groups live beside the transition
    # table (imported here when read: workflow imports this module).
    @property
    def is_draft(self) -> bool:
        from .workflow import DRAFT_OWNED

        return self.status in DRAFT_OWNED

    @property
    def is_excluded(self) -> bool:
        from .workflow import UNRANKED

        return self.status in UNRANKED

    @property
    def scored_as_is(self) -> bool:
        return self.closeout_kind == CloseOut.AS_IS

    @property
    def in_leader_stage(self) -> bool:
        """Awaiting the province leader's approval, or approved and not yet sent (issue 17)."""
        from .workflow import LEADER_STAGE

        return self.status in LEADER_STAGE

    @property
    def is_returned(self) -> bool:
        return self.status == SubmissionStatus.RETURNED

    @property
    def in_review(self) -> bool:
        from .workflow import IN_REVIEW

        return self.status in IN_REVIEW

    @property
    def is_final(self) -> bool:
        from .workflow import FINAL

        return self.status in FINAL

    @property
    def province_editable(self) -> bool:
        """The status lets the province change something (not the deadline: see workflow)."""
        from .workflow import PROVINCE_EDITABLE

        return self.status in PROVINCE_EDITABLE


class DeadlineReminder(models.Model):
    """A reminder sent to a unit's officers before its deadline: one row per submission,
    deadline and stage (days before), so beat never sends the same reminder twice (the unique
    constraint decides between two concurrent runs). A new deadline starts the stages again."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="deadline_reminders")
    deadline = models.DateTimeField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "deadline", "days_before"], name="one_reminder_per_stage")
        ]

    def __str__(self):
        return f"{self.submission_id} {formatting.moment(self.deadline)} -{self.days_before}"


class ContributionReminderKind(models.TextChoices):
    """Which reminder about contributions (assessments.contribution_reminders) a row records."""

    DUE = "due", _("Nhắc hạn nộp số liệu được giao")
    OVERDUE = "overdue", _("Báo số liệu được giao đã quá hạn")
    ROUND = "round", _("Nhắc hạn nộp hồ sơ: đơn vị còn số liệu chưa nộp")
    PROVINCE = "province", _("Nhắc hạn nộp hồ sơ: tỉnh còn số liệu đóng góp chưa nộp, chưa duyệt")


class ContributionReminder(models.Model):
    """A reminder about contributions that beat sent: one row per assignment (or, for the
    officers' reminder, per submission), kind, deadline and stage (days before; 0 for the
    overdue notice). The partial unique constraints decide between two concurrent runs, so
    each is sent once; a new due date or deadline starts the stages again."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="contribution_reminders")
    # Null for the officers' reminder, which is about the whole submission.
    assignment = models.ForeignKey(
        "Assignment", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=ContributionReminderKind.choices)
    deadline = models.DateTimeField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "deadline", "days_before"],
                condition=models.Q(assignment__isnull=False),
                name="one_contribution_reminder_per_stage",
            ),
            models.UniqueConstraint(
                fields=["submission", "kind", "deadline", "days_before"],
                condition=models.Q(assignment__isnull=True),
                name="one_province_contribution_reminder_per_stage",
            ),
        ]

    def __str__(self):
        return f"{self.submission_id}/{self.assignment_id} {self.kind} {self.deadline:%Y-%m-%d} -{self.days_before}"


class IndicatorValue(models.Model):
    """What a unit reported for one component index, and its three scores."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values", verbose_name=_("hồ sơ"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("chỉ số thành phần")
    )
    inputs = models.JSONField(_("số liệu báo cáo"), default=dict, blank=True)
    self_points = models.DecimalField(_("điểm tự đánh giá"), max_digits=8, decimal_places=2, null=True, blank=True)
    reviewed_points = models.DecimalField(_("điểm thẩm định"), max_digits=8, decimal_places=2, null=True, blank=True)
    review_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thẩm định"),
    )
    reviewed_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    final_points = models.DecimalField(_("điểm đạt được"), max_digits=8, decimal_places=2, null=True, blank=True)
    # Automatically measured values carry where and when they were measured.
    source = models.CharField(_("nguồn"), max_length=255, blank=True)
    measured_at = models.DateTimeField(_("đo lúc"), null=True, blank=True)
    # Set when a reviewer returns this item with a question: while the submission is returned,
    # the province may change only the items so marked.
    awaiting_clarification = models.BooleanField(_("chờ giải trình"), default=False)
    # The officer's explanation of a figure a warning-severity validation rule questioned
    # (e.g. more accounts than adults); the reviewer reads it on the appraisal row.
    warning_note = models.TextField(_("giải trình cảnh báo"), blank=True)
    # Optimistic lock: a save names the version it was based on; a stale one is a conflict.
    version = models.PositiveIntegerField(_("phiên bản"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người cập nhật"),
    )
    # The contributor whose accepted figures these are (issue 17); empty when the officer typed them.
    contributed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người đóng góp")
    )

    class Meta:
        ordering = ["indicator__order"]
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="unique_value_per_indicator")]
        verbose_name = _("giá trị chỉ số")
        verbose_name_plural = _("giá trị chỉ số")

    def __str__(self):
        return f"{self.submission.unit} {self.indicator.code}"


class GeneralInfoValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="general_info")
    item = models.ForeignKey(GeneralInfoItem, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "item"], name="unique_general_info_value")]

    def __str__(self):
        return f"{self.submission.unit} {self.item.code}"


def evidence_path(instance, filename):
    # Never the uploaded name: it may carry path tricks; the original is kept in a field.
    return f"evidence/{instance.value.submission.round_id}/{instance.value.submission.unit_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A supporting document (tài liệu kiểm chứng) with its citation."""

    value = models.ForeignKey(
        IndicatorValue, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("giá trị chỉ số")
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    doc_number = models.CharField(_("số hiệu văn bản"), max_length=100)
    doc_date = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    summary = models.TextField(_("trích yếu"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    # Replacing a file keeps the old row: it points at its replacement and leaves the current list.
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces",
        verbose_name=_("được thay bằng"),
    )
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")

    def __str__(self):
        return self.original_name

    @property
    def is_current(self) -> bool:
        return self.replaced_by_id is None and self.removed_at is None


# --- Contributions (issue 17): the province's officer assigns indicators to a department's or
# a commune's contributor; the figures stay the contributor's until the officer accepts them.


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    HANDED_IN = "handed_in", _("Đã nộp, chờ tỉnh duyệt")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    SENT_BACK = "sent_back", _("Bị trả lại")


class Assignment(models.Model):
    """Indicators of a province's submission given to one contributor, with a due date. Its
    status moves only through workflow.transition (TRANSITIONS of Kind.CONTRIBUTION)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    contributor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    indicators = models.ManyToManyField(Indicator, related_name="assignments")
    # General-information fields given with the indicators, or alone (denominators a
    # department holds: population, businesses, officials).
    general_info_items = models.ManyToManyField(GeneralInfoItem, related_name="assignments", blank=True)
    due_at = models.DateTimeField(_("hạn hoàn thành"))
    note = models.TextField(_("ghi chú"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ASSIGNED, db_index=True
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    handed_in_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    send_back_reason = models.TextField(_("lý do trả lại"), blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("việc giao số liệu")
        verbose_name_plural = _("việc giao số liệu")

    def __str__(self):
        return f"{self.submission} → {self.contributor}"

    def is_overdue(self, now=None) -> bool:
        return self.status in (AssignmentStatus.ASSIGNED, AssignmentStatus.SENT_BACK) and (now or timezone.now()) > self.due_at


class ContributedValue(models.Model):
    """A contributor's figures for one assigned indicator, apart from the province's value
    until the officer accepts them (then they are saved into IndicatorValue)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    inputs = models.JSONField(_("số liệu báo cáo"), default=dict, blank=True)
    self_points = models.DecimalField(_("điểm tự đánh giá"), max_digits=8, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["indicator__order"]
        constraints = [models.UniqueConstraint(fields=["assignment", "indicator"], name="unique_contribution_per_indicator")]

    def __str__(self):
        return f"{self.assignment_id} {self.indicator_id}"


class ContributedGeneralInfo(models.Model):
    """A contributor's figure for one assigned general-information item (population,
    businesses, officials…), apart from the province's GeneralInfoValue until accepted."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="general_values")
    item = models.ForeignKey(GeneralInfoItem, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=2, null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item__order"]
        constraints = [models.UniqueConstraint(fields=["assignment", "item"], name="unique_contribution_per_general_item")]

    def __str__(self):
        return f"{self.assignment_id} {self.item_id}"


def contributed_evidence_path(instance, filename):
    # As evidence_path: never the uploaded name. The same folder as the province's evidence, so
    # an accepted file is the province's evidence without being copied or moved.
    sub = instance.contributed.assignment.submission
    return f"evidence/{sub.round_id}/{sub.unit_id}/{uuid.uuid4().hex}"


class ContributedEvidence(models.Model):
    """A contributor's supporting document with its citation, on one assigned indicator: the
    contributor's (and the officer's to review) until accepted, then copied into Evidence — the
    row, not the file: both name the same stored file (`accepted_as`)."""

    contributed = models.ForeignKey(ContributedValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=contributed_evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    doc_number = models.CharField(_("số hiệu văn bản"), max_length=100)
    doc_date = models.DateField(_("ngày ban hành"))
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=255)
    summary = models.TextField(_("trích yếu"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), default=timezone.now)
    removed_at = models.DateTimeField(_("gỡ lúc"), null=True, blank=True)
    accepted_as = models.OneToOneField(
        Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributed_from"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tài liệu kiểm chứng đóng góp")
        verbose_name_plural = _("tài liệu kiểm chứng đóng góp")

    def __str__(self):
        return self.original_name
