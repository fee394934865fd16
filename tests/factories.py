"""Factories for tests. Frameworks come from a small inline file through the real loader."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Authority, AuthorityRole, RankingGroup, Role, Unit, UnitKind, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:03d}")
    gso_code = factory.LazyAttribute(lambda o: o.code)
    name = factory.Sequence(lambda n: f"Tỉnh thử nghiệm {n}")
    kind = UnitKind.PROVINCE
    region = "Duyên hải Nam Trung Bộ"
    ranking_group = RankingGroup.PROVINCES_63
    valid_from = dt.date(2008, 8, 1)


class SubUnitFactory(UnitFactory):
    """A department (or, with `kind`, a commune…) under `parent`: unranked, living as long
    as its parent."""

    name = factory.Sequence(lambda n: f"Sở thử nghiệm {n}")
    kind = UnitKind.DEPARTMENT
    gso_code = ""
    ranking_group = ""
    parent = factory.SubFactory(UnitFactory)
    valid_from = factory.LazyAttribute(lambda o: o.parent.valid_from)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.LazyAttribute(lambda o: f"Nguyễn Văn {o.username}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    role = Role.OFFICER
    password = factory.django.Password("Mat-khau-2026")


class AuthorityFactory(factory.django.DjangoModelFactory):
    """A province that runs its own index (issue 18); the national Authority is
    `Authority.national()` (made by the migrations)."""

    class Meta:
        model = Authority
        django_get_or_create = ("code",)

    unit = factory.SubFactory(UnitFactory)
    code = factory.LazyAttribute(lambda o: f"tinh-{o.unit.code}")
    name = factory.LazyAttribute(lambda o: f"Sở Khoa học và Công nghệ {o.unit.name}")
    name_en = factory.LazyAttribute(lambda o: f"{o.unit.name} Department of Science and Technology")
    short_name = factory.LazyAttribute(lambda o: o.unit.name)
    is_national = False


class AuthorityRoleFactory(factory.django.DjangoModelFactory):
    """A role in a provincial authority: REVIEWER by default; OFFICER/CONTRIBUTOR with `unit`
    (one of the authority's province's departments or communes)."""

    class Meta:
        model = AuthorityRole

    user = factory.SubFactory(UserFactory)
    authority = factory.SubFactory(AuthorityFactory)
    role = Role.REVIEWER
    unit = None
    active = True


def aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


# --- Frameworks, rounds, submissions ------------------------------------------------------

from decimal import Decimal  # noqa: E402

from assessments.models import (  # noqa: E402
    Aggregation,
    Framework,
    GeneralInfoItem,
    GeneralInfoValue,
    IndexGroup,
    Indicator,
    IndicatorValue,
    Level,
    MainIndex,
    Pillar,
    Round,
    Submission,
)

# A small framework with one indicator of every rule type, in two scored main indices
# (60 + 40 = 100 points) and one unscored one; pillars as tags.
SMALL_FRAMEWORK_INDICATORS = {
    "NTS": [
        ("1.1", "Ban Chỉ đạo chuyển đổi số", "10", "tiered", {
            "options": [
                {"code": "chu_tich", "label_vi": "Chủ tịch UBND tỉnh làm Trưởng ban", "label_en": "Chaired by the chairman", "points": "10"},
                {"code": "pho_chu_tich", "label_vi": "Phó Chủ tịch UBND tỉnh làm Trưởng ban", "label_en": "Chaired by a deputy", "points": "5"},
                {"code": "chua_thanh_lap", "label_vi": "Chưa thành lập", "label_en": "Not established", "points": "0"},
            ]
        }, "required"),
        ("1.2", "Ban hành Kế hoạch chuyển đổi số năm", "10", "yes_no", {}, "required"),
        ("1.3", "Tỷ lệ hồ sơ xử lý trực tuyến toàn trình", "20", "ratio", {
            "numerator_vi": "Số hồ sơ xử lý trực tuyến toàn trình", "denominator_vi": "Tổng số hồ sơ", "allow_exceed": False,
        }, "required"),
        ("1.4", "Số buổi tuyên truyền về chuyển đổi số", "20", "count_threshold", {
            "threshold": 12, "unit_vi": "buổi", "proportional": True,
        }, "optional"),
    ],
    "HTS": [
        ("2.1", "Tỷ lệ dân số trưởng thành có điện thoại thông minh", "20", "ratio", {
            "numerator_vi": "Số người trưởng thành có điện thoại thông minh", "denominator_vi": "Dân số trưởng thành",
            "target": "0.8", "allow_exceed": False,
        }, "required"),
        ("2.2", "Mức độ hài lòng của người dân", "10", "percentage", {"target": "100", "label_vi": "Tỷ lệ hài lòng (%)"}, "optional"),
        ("2.3", "Tỷ lệ dịch vụ công đo tự động", "10", "percentage", {"target": "100", "label_vi": "Tỷ lệ (%)"}, "none"),
    ],
}


# English names as framework files give them (name_en), by code; the items left out (1.2, 1.4,
# 2.2, 2.3, 3.1, DTTM, the group) have none, so English pages fall back to the Vietnamese.
ENGLISH_NAMES = {
    "CQS": "Digital government", "KTS": "Digital economy", "XHS": "Digital society", "TT.1": "Population",
    "NTS": "Digital awareness", "HTS": "Digital infrastructure",
    "1.1": "Digital transformation steering committee", "1.3": "Share of applications handled fully online",
    "2.1": "Share of adults with a smartphone",
}


def make_framework(code: str = "test-tinh", *, years=(2025,), authority: Authority | None = None) -> Framework:
    """The small test framework, built row by row (the file loader has its own tests)."""
    fw, created = Framework.objects.get_or_create(
        code=code,
        defaults=dict(
            authority=authority or Authority.national(),
            decision="999/QĐ-TEST",
            title_vi="Bộ chỉ số thử nghiệm",
            title_en="Test framework",
            level=Level.PROVINCE,
            years=list(years),
            aggregation=Aggregation.TOTAL_POINTS,
            total_points=Decimal("100"),
            illustrative=True,
        ),
    )
    if not created:
        return fw
    pillars = {
        c: Pillar.objects.create(framework=fw, code=c, name_vi=n, name_en=ENGLISH_NAMES[c], order=i)
        for i, (c, n) in enumerate([("CQS", "Chính quyền số"), ("KTS", "Kinh tế số"), ("XHS", "Xã hội số")])
    }
    group = IndexGroup.objects.create(framework=fw, code="NT", name_vi="Nền tảng chung", order=0)
    GeneralInfoItem.objects.create(framework=fw, code="TT.1", name_vi="Dân số", name_en="Population", unit_vi="người", order=0)
    order = 0
    for number, (mcode, name, maxp) in enumerate(
        [("NTS", "Nhận thức số", "60"), ("HTS", "Hạ tầng số", "40"), ("DTTM", "Đô thị thông minh", "0")], start=1
    ):
        mi = MainIndex.objects.create(
            framework=fw, group=group, code=mcode, number=number, name_vi=name, name_en=ENGLISH_NAMES.get(mcode, ""),
            max_points=Decimal(maxp), order=number,
        )
        if mi.max_points:
            mi.pillars.set(pillars.values())
        for icode, iname, imax, rule_type, params, evidence in SMALL_FRAMEWORK_INDICATORS.get(mcode, []):
            order += 1
            Indicator.objects.create(
                framework=fw,
                main_index=mi,
                code=icode,
                name_vi=iname,
                name_en=ENGLISH_NAMES.get(icode, ""),
                max_points=Decimal(imax),
                rule_type=rule_type,
                rule_params=params,
                evidence=evidence,
                evidence_vi="Văn bản của UBND tỉnh" if evidence != "none" else "",
                automatic=icode == "2.3",
                source_vi="Nền tảng đo lường chuyển đổi số quốc gia" if icode == "2.3" else "",
                order=order,
            )
        if mcode == "DTTM":
            order += 1
            Indicator.objects.create(
                framework=fw, main_index=mi, code="3.1", name_vi="Có đề án đô thị thông minh", max_points=Decimal("0"),
                rule_type="yes_no", rule_params={}, evidence="optional", order=order,
            )
    return fw


def declare_decimal(framework: Framework, *, indicator: str | None = None, item: str | None = None) -> None:
    """Declare a ratio's inputs (``inputs: decimal``) or a general-information item
    (``kind: decimal``) amounts rather than counts, as a framework file may."""
    if indicator:
        ratio = Indicator.objects.get(framework=framework, code=indicator)
        ratio.rule_params = {**ratio.rule_params, "inputs": "decimal"}
        ratio.save(update_fields=["rule_params"])
    if item:
        GeneralInfoItem.objects.filter(framework=framework, code=item).update(kind="decimal")


def make_round(
    *, year: int = 2025, framework: Framework | None = None, units=(), opens_at=None, closes_at=None,
    authority: Authority | None = None, ranking_group: str = RankingGroup.PROVINCES_63,
) -> Round:
    """A round open now (by default), with one submission, one empty value per indicator and one
    empty general-information value per item — the rows `services.open_round` creates. The
    national Authority's unless `authority` is given (then the framework is its own too)."""
    authority = authority or Authority.national()
    framework = framework or make_framework(
        "test-tinh" if authority.is_national else f"test-{authority.code}", authority=authority
    )
    now = timezone.now()
    rnd = Round.objects.create(
        authority=authority,
        year=year,
        framework=framework,
        ranking_group=ranking_group,
        opens_at=opens_at or now - dt.timedelta(days=10),
        closes_at=closes_at or now + dt.timedelta(days=20),
    )
    indicators = list(framework.indicators.all())
    items = list(framework.general_info_items.all())
    for unit in units:
        sub = Submission.objects.create(round=rnd, unit=unit)
        IndicatorValue.objects.bulk_create([IndicatorValue(submission=sub, indicator=i) for i in indicators])
        GeneralInfoValue.objects.bulk_create([GeneralInfoValue(submission=sub, item=i) for i in items])
    return rnd


def make_provincial_round(authority: Authority, *, units=(), year: int = 2025, **kwargs) -> Round:
    """A round that `authority` (a province) runs over its departments (the given `units`,
    by default every department under its province), with its own framework."""
    units = list(units) or list(Unit.objects.filter(parent_id=authority.unit_id, kind=UnitKind.DEPARTMENT).order_by("code"))
    return make_round(authority=authority, units=units, year=year, ranking_group=RankingGroup.DEPARTMENTS, **kwargs)
