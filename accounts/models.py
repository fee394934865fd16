"""People, the units they belong to, and the audit trail every change writes."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OrderBy, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from tree_queries.query import TreeQuerySet

from core import formatting, language
from core.collation import by_name


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ tỉnh")
    # Issue 17: an account of a province's department or commune that contributes figures to
    # the province's submission, and the province's leadership that approves it before it is
    # sent. Neither is an officer or a reviewer (accounts.access); their pages come later.
    CONTRIBUTOR = "contributor", _("Cán bộ đơn vị đóng góp số liệu")
    PROVINCE_LEADER = "province_leader", _("Lãnh đạo tỉnh")
    REVIEWER = "reviewer", _("Chuyên viên thẩm định")
    LEAD_REVIEWER = "lead_reviewer", _("Trưởng nhóm thẩm định")
    ADMIN = "admin", _("Quản trị viên")
    SYSTEM = "system", _("Tài khoản hệ thống")


class UnitKind(models.TextChoices):
    """Provinces, cities and ministries are assessed and ranked; the other kinds sit under one
    of them (accounts.hierarchy says which parent each kind takes)."""

    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố trực thuộc Trung ương")
    MINISTRY = "bo", _("Bộ, cơ quan ngang bộ")
    DEPARTMENT = "so_nganh", _("Sở, ban, ngành")
    COMMUNE = "xa", _("Xã, phường, đặc khu")
    # The district level ended on 1 July 2025; kept for the units of earlier data.
    DISTRICT = "huyen", _("Huyện, quận, thị xã (đến 30/6/2025)")
    MINISTRY_DEPARTMENT = "don_vi_bo", _("Đơn vị thuộc bộ")


class RankingGroup(models.TextChoices):
    """The set of units ranked against each other."""

    PROVINCES_63 = "tinh-63", _("63 tỉnh, thành phố (đến 30/6/2025)")
    PROVINCES_34 = "tinh-34", _("34 tỉnh, thành phố (từ 1/7/2025)")
    MINISTRIES_SERVICE = "bo-dvc", _("Bộ, ngành có cung cấp dịch vụ công")
    MINISTRIES_OTHER = "bo-khac", _("Bộ, ngành không cung cấp dịch vụ công")
    # Issue 18: inside a province that runs its own index (a provincial Authority), its
    # departments or its communes (the province's children of that kind: accounts.hierarchy).
    DEPARTMENTS = "so-nganh", _("Sở, ban, ngành")
    COMMUNES = "xa", _("Xã, phường, đặc khu")


# What a unit's label adds to its name to tell it from a namesake in another group.
GROUP_IN_LABEL = {
    RankingGroup.PROVINCES_63: _("63 tỉnh"),
    RankingGroup.PROVINCES_34: _("34 tỉnh"),
    RankingGroup.MINISTRIES_SERVICE: _("bộ, ngành có dịch vụ công"),
    RankingGroup.MINISTRIES_OTHER: _("bộ, ngành khác"),
}

# The groups a provincial Authority ranks, and the kind of the province's units each holds.
PROVINCIAL_GROUPS = {RankingGroup.DEPARTMENTS: UnitKind.DEPARTMENT, RankingGroup.COMMUNES: UnitKind.COMMUNE}


class Unit(models.Model):
    # `code` is unique across time: the 63 keep their GSO code, the 34 merged units of 2025
    # are "2025-<GSO code of the unit that keeps its name>".
    code = models.CharField(_("mã"), max_length=20, unique=True)
    gso_code = models.CharField(_("mã GSO"), max_length=10, blank=True)
    name = models.CharField(_("tên"), max_length=120)
    kind = models.CharField(_("loại"), max_length=20, choices=UnitKind.choices)
    # A province's departments and communes, a ministry's departments: a tree queried with
    # recursive CTEs (django-tree-queries), the rules of who may sit under whom in
    # accounts.hierarchy. PROTECT: a province is never deleted from under its units.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField(_("vùng"), max_length=120, blank=True)
    # Only the units that are assessed are ranked: a department or a commune has no group.
    ranking_group = models.CharField(_("nhóm xếp hạng"), max_length=20, choices=RankingGroup.choices, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", through="UnitLineage", symmetrical=False, related_name="successors", blank=True,
        verbose_name=_("đơn vị tiền thân")
    )
    # Demo data made up to show the hierarchy (seeds), never official lists.
    illustrative = models.BooleanField(_("dữ liệu minh họa"), default=False)

    objects = TreeQuerySet.as_manager()

    class Meta:
        # Vietnamese alphabetical order within a group (core.collation), not code points.
        ordering = ["ranking_group", by_name("name")]
        constraints = [models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="unit_not_its_own_parent")]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self):
        # Every picker and list Django builds (admin selects, filters, autocomplete, form
        # choices) prints str(unit): the label, so "An Giang" twice is told apart. Pages that
        # show one unit's own name use `unit.name`.
        return self.label

    @property
    def label(self) -> str:
        """The name with its group and validity: "An Giang (63 tỉnh, đến 30/06/2025)",
        "An Giang (34 tỉnh, từ 01/07/2025)", in the active language."""
        # A department or a commune has no group: its kind tells it apart instead.
        group = GROUP_IN_LABEL.get(self.ranking_group) or self.get_ranking_group_display() or self.get_kind_display()
        validity = self.validity
        return f"{self.name} ({group}, {validity})" if validity else f"{self.name} ({group})"

    @property
    def validity(self) -> str:
        """When the unit is in force, "" when always: "từ 01/07/2025", "đến 30/06/2025"."""
        start, end = formatting.date(self.valid_from), formatting.date(self.valid_to)
        if start and end:
            return gettext("%(start)s đến %(end)s") % {"start": start, "end": end}
        if end:
            return gettext("đến %(date)s") % {"date": end}
        if start:
            return gettext("từ %(date)s") % {"date": start}
        return ""

    def clean(self):
        from .hierarchy import unit_errors

        super().clean()
        errors = unit_errors(self)
        if errors:
            raise ValidationError(errors)


class UnitLineage(models.Model):
    """A merger or split: `successor` took over (part of) `predecessor` on `effective_date`."""

    successor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="lineage_as_successor", verbose_name=_("đơn vị kế thừa")
    )
    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="lineage_as_predecessor", verbose_name=_("đơn vị tiền thân")
    )
    effective_date = models.DateField(_("ngày hiệu lực"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["successor", "predecessor"], name="unique_lineage")]
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({formatting.date(self.effective_date)})"


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    # Whether the user holds an active AuthorityRole (issue 18), kept by AuthorityRole's save
    # and delete: accounts.access reads the roles only for those who do, so every request of
    # everyone else costs what it did (the pages' query budgets).
    holds_authority_roles = models.BooleanField(_("có vai trò tại cơ quan đánh giá cấp tỉnh"), default=False, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or self.username

    def clean(self):
        from .hierarchy import role_unit_errors

        super().clean()
        errors = role_unit_errors(role=self.role, unit=self.unit if self.unit_id else None)
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self):
        return self.full_name or self.username


def display_name_order(prefix: str = "") -> OrderBy:
    """Order people as their names show (`display_name`: full name, else username) in
    Vietnamese order; `prefix` reaches them through a relation ("assigned_reviewer__")."""
    return by_name(Coalesce(NullIf(f"{prefix}full_name", Value("")), f"{prefix}username"))


# --- Assessing authorities (issue 18) ------------------------------------------------------

NATIONAL_CODE = "quoc-gia"
_national_pk: int | None = None


class Authority(models.Model):
    """Who runs an index: the national Authority (exactly one, made by a data migration) or a
    province that assesses its own departments and communes. Frameworks and rounds belong to
    one; reviewers and admins hold their roles per authority (AuthorityRole, accounts.access)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    short_name = models.CharField(_("tên ngắn"), max_length=60, blank=True)
    # The province that runs its own index; empty for the national Authority.
    unit = models.OneToOneField(
        Unit, verbose_name=_("tỉnh, thành phố"), null=True, blank=True, on_delete=models.PROTECT, related_name="authority"
    )
    # A static path (e.g. "img/logo-tuyen-quang.svg"); blank: the default emblem.
    logo = models.CharField(_("biểu trưng"), max_length=200, blank=True)
    is_national = models.BooleanField(_("cấp quốc gia"), default=False)

    class Meta:
        ordering = ["-is_national", by_name("name")]
        constraints = [
            models.UniqueConstraint(fields=["is_national"], condition=models.Q(is_national=True), name="one_national_authority"),
            # The national Authority has no province; every other one has exactly its own.
            models.CheckConstraint(
                condition=models.Q(is_national=True, unit__isnull=True) | models.Q(is_national=False, unit__isnull=False),
                name="authority_national_xor_province",
            ),
        ]
        verbose_name = _("cơ quan đánh giá")
        verbose_name_plural = _("cơ quan đánh giá")

    def __str__(self):
        return self.name

    @property
    def reader_name(self) -> str:
        """The authority's name in the reader's language (`name_en` where given)."""
        return language.localized(self.name, self.name_en)

    @classmethod
    def national(cls) -> "Authority":
        return cls.objects.get(pk=national_authority_id())

    def clean(self):
        super().clean()
        if not self.is_national and not self.unit_id:
            raise ValidationError({"unit": gettext("Cơ quan đánh giá cấp tỉnh phải gắn với một tỉnh, thành phố.")})
        if self.unit_id and self.unit.parent_id is not None:
            raise ValidationError({"unit": gettext("Chỉ một tỉnh, thành phố trực thuộc Trung ương tự tổ chức đánh giá.")})


NATIONAL_DEFAULTS = {
    "name": "Cục Chuyển đổi số quốc gia",
    "name_en": "National Digital Transformation Agency",
    "short_name": "Cục CĐSQG",
    "is_national": True,
}


def national_authority_id() -> int:
    """The national Authority's pk (the default of Framework.authority and Round.authority),
    read once per process. The row is made by accounts/migrations and again after every flush
    (accounts.apps, post_migrate), which also forgets the cached pk."""
    global _national_pk
    if _national_pk is None:
        _national_pk = Authority.objects.get_or_create(code=NATIONAL_CODE, defaults=NATIONAL_DEFAULTS)[0].pk
    return _national_pk


def forget_national_authority() -> None:
    global _national_pk
    _national_pk = None


class AuthorityRole(models.Model):
    """A role a person holds in one provincial Authority: its officers and contributors (of
    one of its assessed units), reviewers, lead reviewers and admins. The national roles stay
    `User.role` / `User.unit` (no row here); accounts.access reads both."""

    ROLES = (Role.OFFICER, Role.CONTRIBUTOR, Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN)
    UNIT_ROLES = (Role.OFFICER, Role.CONTRIBUTOR)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="authority_roles", verbose_name=_("người dùng"))
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="roles", verbose_name=_("cơ quan đánh giá"))
    role = models.CharField(_("vai trò"), max_length=20, choices=[(r.value, r.label) for r in ROLES])
    # The assessed unit (a department, a commune of the authority's province) for an officer or
    # a contributor; empty for reviewers and admins.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("đang hiệu lực"), default=True)

    class Meta:
        constraints = [
            # Two constraints rather than nulls_distinct (PostgreSQL 15+ only): one row per
            # role per unit, and one unit-less row (reviewer, admin) per role.
            models.UniqueConstraint(
                fields=["user", "authority", "role", "unit"], condition=models.Q(unit__isnull=False), name="unique_authority_unit_role"
            ),
            models.UniqueConstraint(
                fields=["user", "authority", "role"], condition=models.Q(unit__isnull=True), name="unique_authority_role"
            ),
        ]
        indexes = [models.Index(fields=["user", "active"])]
        verbose_name = _("vai trò tại cơ quan đánh giá")
        verbose_name_plural = _("vai trò tại cơ quan đánh giá")

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.authority}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._mark_holder()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._mark_holder()
        return result

    def _mark_holder(self) -> None:
        """User.holds_authority_roles after this row changed (the user object this row holds
        too, so a caller's copy reads the new roles)."""
        mark_authority_role_holders([self.user_id])
        if AuthorityRole.user.is_cached(self):
            self.user.holds_authority_roles = AuthorityRole.objects.filter(user_id=self.user_id, active=True).exists()

    def clean(self):
        from .hierarchy import is_within

        super().clean()
        if self.authority_id and self.authority.is_national:
            raise ValidationError({"authority": gettext(
                "Vai trò cấp quốc gia là vai trò của tài khoản (trường “vai trò”): không thêm ở đây."
            )})
        if self.role in self.UNIT_ROLES:
            if not self.unit_id:
                raise ValidationError({"unit": gettext("Cán bộ của một đơn vị được đánh giá cần chọn đơn vị.")})
            if self.authority_id and not is_within(self.unit_id, self.authority.unit_id):
                raise ValidationError({"unit": gettext("Đơn vị phải trực thuộc tỉnh, thành phố của cơ quan đánh giá.")})
        elif self.unit_id:
            raise ValidationError({"unit": gettext("Người thẩm định và quản trị viên không gắn với một đơn vị: hãy bỏ trống.")})


def mark_authority_role_holders(user_ids) -> None:
    """Set User.holds_authority_roles of these users from their active AuthorityRole rows
    (after a change that bypassed AuthorityRole.save/delete: a queryset's delete or update)."""
    holders = AuthorityRole.objects.filter(user_id=models.OuterRef("pk"), active=True)
    User.objects.filter(pk__in=list(user_ids)).update(holds_authority_roles=models.Exists(holders))


class Interface(models.TextChoices):
    WEB = "web", _("Giao diện web")
    API = "api", _("API")
    ADMIN = "admin", _("Trang quản trị")
    IMPORT = "import", _("Nhập tệp")
    SYSTEM = "system", _("Hệ thống")


class AuditEntry(models.Model):
    """Who changed what, when, from which interface: old → new. Never edited or deleted."""

    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("người thực hiện")
    )
    interface = models.CharField(_("giao diện"), max_length=10, choices=Interface.choices, default=Interface.WEB)
    action = models.CharField(_("hành động"), max_length=60)
    # The unit whose data changed, so a province's trail is one indexed query.
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("đơn vị")
    )
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("loại đối tượng")
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    old = models.JSONField(_("giá trị cũ"), null=True, blank=True)
    new = models.JSONField(_("giá trị mới"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self):
        return f"{formatting.moment(self.created_at)} {self.action}"


class Notification(models.Model):
    """An in-app notice to one person; email copies are sent by a Celery task."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=40)
    message = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self):
        return self.message


class NotificationKind(models.TextChoices):
    """What a notice is about: the key of a person's email settings (in-app notices are always
    kept). assessments.announcements maps every workflow move to one of these."""

    SUBMITTED = "submission_arrived", _("Một hồ sơ được gửi đến thẩm định")
    REVIEW_STARTED = "review.started", _("Hồ sơ bắt đầu được thẩm định")
    RETURNED = "review.returned", _("Hồ sơ được yêu cầu bổ sung, giải trình")
    RESUBMITTED = "submission_resubmitted", _("Đơn vị gửi bổ sung, giải trình")
    ASSIGNED = "review.assigned", _("Được phân công thẩm định")
    SIGNED_OFF = "review.signed_off", _("Hồ sơ được ký duyệt kết quả thẩm định")
    REOPENED = "review.reopened", _("Hồ sơ được mở lại để thẩm định")
    PUBLISHED = "results.published", _("Kết quả được công bố")
    UNPUBLISHED = "results.unpublished", _("Kết quả bị hủy công bố")
    DEADLINE_EXTENDED = "submission.deadline_extended", _("Hạn nộp được gia hạn")
    DEADLINE_REMINDER = "submission.deadline_reminder", _("Nhắc hạn nộp hồ sơ")
    ROUND_OPENED = "round.opened", _("Đợt đánh giá mở nhận hồ sơ")
    ROUND_DEADLINE = "round.deadline_changed", _("Hạn nộp của đợt thay đổi hoặc đợt đóng nhận hồ sơ")
    CLOSED_OUT = "submission.closed_out", _("Hồ sơ không nộp được khép lại")
    CONTRIBUTION_ASSIGNED = "contribution.assigned", _("Được giao chỉ số cần nhập số liệu")
    CONTRIBUTION_HANDED_IN = "contribution.handed_in", _("Đơn vị nộp số liệu được giao")
    CONTRIBUTION_ACCEPTED = "contribution.accepted", _("Số liệu đóng góp được chấp nhận")
    CONTRIBUTION_SENT_BACK = "contribution.sent_back", _("Số liệu đóng góp bị trả lại")
    CONTRIBUTION_DUE_REMINDER = "contribution.due_reminder", _("Nhắc hạn nộp số liệu được giao")
    CONTRIBUTION_OVERDUE = "contribution.overdue", _("Số liệu được giao đã quá hạn")
    CONTRIBUTION_PENDING_REMINDER = "contribution.pending_reminder", _(
        "Nhắc số liệu đóng góp chưa nộp, chưa duyệt trước hạn nộp hồ sơ"
    )
    APPROVAL_REQUESTED = "approval.requested", _("Hồ sơ chờ lãnh đạo tỉnh phê duyệt")
    APPROVED = "approval.approved", _("Lãnh đạo tỉnh phê duyệt hồ sơ")
    APPROVAL_RETURNED = "approval.returned", _("Lãnh đạo tỉnh trả lại hồ sơ cho cán bộ")


class NotificationPreference(models.Model):
    """One person's choice for one kind of notice: email copies on or off. No row means on
    (the default for everyone); the in-app notice is written either way."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(_("loại"), max_length=40, choices=NotificationKind.choices)
    email = models.BooleanField(_("gửi thư điện tử"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]
        verbose_name = _("cài đặt thông báo")
        verbose_name_plural = _("cài đặt thông báo")

    def __str__(self):
        return f"{self.user} {self.kind} {self.email}"


class OutgoingEmailStatus(models.TextChoices):
    PENDING = "pending", _("chờ gửi")
    SENT = "sent", _("đã gửi")
    FAILED = "failed", _("gửi không được")


class OutgoingEmail(models.Model):
    """An email to send, written in the same transaction as the change it tells about (an
    outbox): a broker or mail-server outage delays it and loses none. `accounts.outbox` sends
    it once (the row is locked while it is sent and marked sent in that transaction)."""

    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails",
        verbose_name=_("thông báo")
    )
    to = models.EmailField(_("người nhận"))
    subject = models.CharField(_("tiêu đề"), max_length=200)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=OutgoingEmailStatus.choices, default=OutgoingEmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # A failed attempt pushes this back (exponential backoff); the sweep skips rows not yet due.
    next_attempt_at = models.DateTimeField(_("thử lại lúc"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at", "id"],
                condition=models.Q(status="pending"),
                name="outgoing_email_due",
            )
        ]
        verbose_name = _("thư đi")
        verbose_name_plural = _("thư đi")

    def __str__(self):
        return f"{self.to}: {self.subject}"
