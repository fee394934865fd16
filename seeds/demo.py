"""Demo data: units, frameworks, people, published history and a live round.

Everything goes through the same services as the UI, so demo data passes the same
validation. Running it again is safe: what exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from accounts.models import Role, Unit, User
from accounts.services import load_units

DATA = Path(settings.BASE_DIR) / "seeds" / "data"
FRAMEWORKS = Path(settings.BASE_DIR) / "seeds" / "frameworks"
DEMO_PASSWORD = "DTI-demo-2026"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None


DEMO_USERS = [
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMIN),
    DemoUser("truongnhom", "Trần Thị Lan (Trưởng nhóm thẩm định)", Role.LEAD_REVIEWER),
    DemoUser("thamdinh1", "Lê Văn Minh (Chuyên viên thẩm định)", Role.REVIEWER),
    DemoUser("thamdinh2", "Phạm Thu Hà (Chuyên viên thẩm định)", Role.REVIEWER),
    DemoUser("danang", "Nguyễn Văn An (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48"),
    DemoUser("danang2", "Hoàng Thị Mai (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48"),
    DemoUser("hanoi", "Đỗ Quang Huy (Sở KH&CN Hà Nội)", Role.OFFICER, "2025-01"),
    DemoUser("hue", "Trương Minh Tâm (Sở KH&CN Huế)", Role.OFFICER, "2025-46"),
    DemoUser("laocai", "Vũ Thị Hồng (Sở KH&CN Lào Cai)", Role.OFFICER, "2025-10"),
]


def seed_units() -> dict:
    return load_units(
        provinces_csv=DATA / "provinces-63.csv",
        merger_csv=DATA / "merger-2025.csv",
        ministries_csv=DATA / "ministries.csv",
    )


def seed_frameworks() -> list:
    from assessments.framework_loader import load_framework_file

    return [load_framework_file(path)[0] for path in sorted(FRAMEWORKS.glob("*.yaml"))]


def seed_users() -> list[User]:
    users = []
    for demo in DEMO_USERS:
        unit = Unit.objects.get(code=demo.unit_code) if demo.unit_code else None
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "full_name": demo.full_name,
                "role": demo.role,
                "unit": unit,
                "email": f"{demo.username}@demo.dti.local",
                "is_staff": demo.role == Role.ADMIN,
                "is_superuser": demo.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users.append(user)
    return users


# --- Published history and a live round in every state --------------------------------------

LIVE_YEAR = 2025
LIVE_GROUP = "tinh-34"
LIVE_FRAMEWORK = "405-tinh"
# Demo provinces by state (GSO codes of the 34 units from 1 July 2025). The officers' own
# units are in states worth showing them; every other unit is an untouched draft.
SIGNED_OFF = ["2025-48", "2025-01", "2025-79", "2025-31", "2025-22", "2025-92", "2025-75", "2025-56"]
UNDER_REVIEW = ["2025-46", "2025-38", "2025-40"]
RETURNED = ["2025-10", "2025-04"]
SUBMITTED = ["2025-33", "2025-27", "2025-72", "2025-86"]
DRAFTING = ["2025-19", "2025-42", "2025-51", "2025-64"]  # partly filled


def seed_history() -> dict:
    """Published DTI results 2020–2024 (seeds/data/published-results.csv); idempotent."""
    from results.history import import_file

    return import_file(DATA / "published-results.csv")


def _pdf(tag: str) -> bytes:
    return f"%PDF-1.4\n% DTI Portal demo: {tag}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".encode()


def _inputs(indicator, strength: float, rng, general_info: dict) -> dict:
    """Plausible figures for one indicator, better for a stronger province (the rule's entry
    knows what is plausible for its type)."""
    from assessments import scoring

    good = rng.random() < strength
    return scoring.entry(indicator.rule_type).sample_inputs(
        indicator.rule_params or {}, strength=strength, good=good, rng=rng, general_information=general_info
    )


def _fill(submission, officer, *, strength: float, share: float = 1.0) -> None:
    """Fill a submission through the officer's services: figures, general information, evidence."""
    import datetime as dt
    import random

    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import Interface
    from assessments import services
    from assessments.models import EvidenceRequirement, GeneralInfoValue, IndicatorValue

    rng = random.Random(submission.unit.code)
    general_info, gi_rows = {}, {}
    for gv in GeneralInfoValue.objects.filter(submission=submission).select_related("item"):
        general_info[gv.item.code] = rng.randint(200, 9_000) * 100
        gi_rows[gv.pk] = {"value": str(general_info[gv.item.code]), "version": gv.version}
    if gi_rows:
        services.save_general_info(actor=officer, submission=submission, rows=gi_rows, interface=Interface.IMPORT)
    values = list(
        IndicatorValue.objects.filter(submission=submission, indicator__automatic=False)
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )
    values = values[: max(1, int(len(values) * share))]
    by_main: dict = {}
    for v in values:
        by_main.setdefault(v.indicator.main_index, {})[v.pk] = {
            "inputs": _inputs(v.indicator, strength, rng, general_info),
            "version": v.version,
        }
    for main, rows in by_main.items():
        services.save_main_index(actor=officer, submission=submission, main_index=main, rows=rows, interface=Interface.IMPORT)
    for v in values:
        if v.indicator.evidence == EvidenceRequirement.REQUIRED:
            services.add_evidence(
                actor=officer,
                value=v,
                upload=SimpleUploadedFile(f"{v.indicator.code}.pdf", _pdf(f"{submission.unit.code} {v.indicator.code}")),
                doc_number=f"{rng.randint(10, 999)}/QĐ-UBND",
                doc_date=dt.date(LIVE_YEAR, rng.randint(1, 6), rng.randint(1, 28)),
                issuing_body=f"UBND {submission.unit.name}",
                summary=f"Văn bản kiểm chứng chỉ số {v.indicator.code} (dữ liệu minh họa)",
                interface=Interface.IMPORT,
            )


def _appraise_all(submission, reviewer, rng) -> None:
    from accounts.models import Interface
    from assessments.models import IndicatorValue
    from review import services as review

    for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator"):
        points, reason = v.self_points, ""
        if points is None:  # measured automatically: the reviewer enters the platform's figure
            points = (v.indicator.max_points * Decimal("0.75")).quantize(CENT)
            reason = "Theo số liệu Nền tảng đo lường chuyển đổi số quốc gia"
        elif points > 0 and rng.random() < 0.15:
            points = (points / 2).quantize(CENT)
            reason = "Tài liệu kiểm chứng chưa đủ căn cứ cho mức điểm tự chấm"
        review.appraise(value=v, actor=reviewer, points=points, reason=reason, interface=Interface.IMPORT)


def seed_live_round() -> dict:
    """A 2025 round over the 34 provinces with units in every state; skipped if it exists."""
    import random

    from django.utils import timezone

    from accounts.models import Interface
    from assessments import services
    from assessments.models import Framework, IndicatorValue, Round
    from review import services as review

    if Round.objects.filter(year=LIVE_YEAR, ranking_group=LIVE_GROUP).exists():
        return {"skipped": True}
    admin = User.objects.get(username="quantri")
    lead = User.objects.get(username="truongnhom")
    reviewers = list(User.objects.filter(username__in=["thamdinh1", "thamdinh2"]).order_by("username"))
    now = timezone.now()
    rnd = services.open_round(
        actor=admin,
        year=LIVE_YEAR,
        framework=Framework.objects.get(code=LIVE_FRAMEWORK),
        ranking_group=LIVE_GROUP,
        opens_at=now - timezone.timedelta(days=20),
        closes_at=now + timezone.timedelta(days=25),
        interface=Interface.IMPORT,
    )
    subs = {s.unit.code: s for s in rnd.submissions.select_related("unit", "round")}
    officers = {u.unit.code: u for u in User.objects.filter(role=Role.OFFICER).select_related("unit")}

    def officer_of(code):
        if code not in officers:
            unit = subs[code].unit
            officers[code], _ = User.objects.get_or_create(
                username=f"canbo-{code}",
                defaults={"full_name": f"Cán bộ Sở KH&CN {unit.name}", "role": Role.OFFICER, "unit": unit, "is_active": True},
            )
        return officers[code]

    strengths = {code: 0.45 + 0.5 * random.Random(code).random() for code in subs}
    strengths["2025-48"], strengths["2025-01"], strengths["2025-79"] = 0.93, 0.9, 0.88
    for code in DRAFTING:
        _fill(subs[code], officer_of(code), strength=strengths[code], share=0.5)
    for i, code in enumerate(SIGNED_OFF + UNDER_REVIEW + RETURNED + SUBMITTED):
        sub = subs[code]
        _fill(sub, officer_of(code), strength=strengths[code])
        services.submit(actor=officer_of(code), submission=sub, interface=Interface.IMPORT)
        if code in SUBMITTED:
            continue
        rng = random.Random(f"review {code}")
        reviewer = reviewers[i % len(reviewers)]
        sub.refresh_from_db()
        sub = review.start_review(submission=sub, actor=reviewer, interface=Interface.IMPORT)
        if code in RETURNED:
            asked = IndicatorValue.objects.filter(submission=sub, indicator__automatic=False).order_by("indicator__order")[:2]
            review.return_for_clarification(
                submission=sub,
                actor=reviewer,
                questions={v.pk: "Đề nghị bổ sung văn bản có chữ ký, đóng dấu và số liệu đến 31/12." for v in asked},
                interface=Interface.IMPORT,
            )
            continue
        _appraise_all(sub, reviewer, rng)
        if code in SIGNED_OFF:
            sub.refresh_from_db()
            review.sign_off(submission=sub, actor=lead, interface=Interface.IMPORT)
    # The sign-offs asked for a recompute (run by the worker, or in-process without Redis);
    # computing the pending requests now makes the provisional ranking ready either way.
    from results.services import recompute_round

    recompute_round(round_id=rnd.pk)
    return {
        "round": str(rnd),
        "signed_off": len(SIGNED_OFF),
        "under_review": len(UNDER_REVIEW),
        "returned": len(RETURNED),
        "submitted": len(SUBMITTED),
        "drafting": len(subs) - len(SIGNED_OFF + UNDER_REVIEW + RETURNED + SUBMITTED),
    }
