"""Demo data: units, frameworks, people, published history and a live round.

Everything goes through the same services as the UI, so demo data passes the same
validation. Running it again is safe: what exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from accounts.hierarchy import role_unit_errors
from accounts.models import Interface, Role, Unit, UnitKind, User
from accounts.services import add_units, load_units

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
    task: str = ""  # what the seeded data leaves this person to do (printed by demo_logins)


# In the order demo_logins prints them: one of each step of the season first.
DEMO_USERS = [
    DemoUser("tuyenquang", "Lý Thị Thu (Sở KH&CN Tuyên Quang)", Role.OFFICER, "2025-08", "Tuyên Quang, hồ sơ 2025 còn trống: giao số liệu cho sở, duyệt số liệu Sở Nội vụ đã nộp, nhập, gửi"),
    DemoUser("laocai", "Vũ Thị Hồng (Sở KH&CN Lào Cai)", Role.OFFICER, "2025-10", "Lào Cai, hồ sơ bị trả lại: trả lời câu hỏi, sửa, gửi lại"),
    DemoUser("hue", "Trương Minh Tâm (Sở KH&CN Huế)", Role.OFFICER, "2025-46", "Huế, hồ sơ đang thẩm định: theo dõi"),
    DemoUser("danang", "Nguyễn Văn An (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48", "Đà Nẵng, hồ sơ đã ký duyệt: xem điểm thẩm định"),
    DemoUser("danang2", "Hoàng Thị Mai (Sở KH&CN Đà Nẵng)", Role.OFFICER, "2025-48", "Đà Nẵng, cán bộ thứ hai của đơn vị"),
    DemoUser("hanoi", "Đỗ Quang Huy (Sở KH&CN Hà Nội)", Role.OFFICER, "2025-01", "Hà Nội, hồ sơ đã ký duyệt"),
    DemoUser("tq-noivu", "Nguyễn Thị Hoa (Sở Nội vụ Tuyên Quang)", Role.CONTRIBUTOR, "2025-08-noivu", "Tuyên Quang, Sở Nội vụ: số liệu được giao (đã nộp, chờ tỉnh duyệt)"),
    DemoUser("lanhdao-tq", "Hà Văn Nam (Phó Chủ tịch UBND tỉnh Tuyên Quang)", Role.PROVINCE_LEADER, "2025-08", "Tuyên Quang: phê duyệt hồ sơ khi cán bộ tỉnh xin (hồ sơ còn là bản nháp)"),
    DemoUser("lanhdao-nb", "Trần Minh Đức (Phó Chủ tịch UBND tỉnh Ninh Bình)", Role.PROVINCE_LEADER, "2025-37", "Ninh Bình, hồ sơ chờ phê duyệt: xem điểm tự chấm, phê duyệt hoặc trả lại"),
    DemoUser("thamdinh1", "Lê Văn Minh (Chuyên viên thẩm định)", Role.REVIEWER, None, "hồ sơ được phân công: thẩm định"),
    DemoUser("thamdinh2", "Phạm Thu Hà (Chuyên viên thẩm định)", Role.REVIEWER, None, "hồ sơ được phân công: thẩm định"),
    DemoUser("truongnhom", "Trần Thị Lan (Trưởng nhóm thẩm định)", Role.LEAD_REVIEWER, None, "phân công; ký duyệt hồ sơ đã thẩm định xong"),
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMIN, None, "đợt đánh giá, gia hạn, tài khoản"),
]
# Every other unit of the live round gets an officer too (canbo-<unit code>, same password),
# so any province can be shown.
PROVINCE_OFFICER = "canbo-{code}"


def seed_units() -> dict:
    return load_units(
        provinces_csv=DATA / "provinces-63.csv",
        merger_csv=DATA / "merger-2025.csv",
        ministries_csv=DATA / "ministries.csv",
    )


# One province's departments and communes (issue 17), under Tuyên Quang: ILLUSTRATIVE, a
# sample to show the hierarchy and its contributors, not the province's official list.
DEMO_PROVINCE = "2025-08"
DEMO_PROVINCE_UNITS = [
    ("noivu", "Sở Nội vụ", UnitKind.DEPARTMENT),
    ("taichinh", "Sở Tài chính", UnitKind.DEPARTMENT),
    ("khcn", "Sở Khoa học và Công nghệ", UnitKind.DEPARTMENT),
    ("tuphap", "Sở Tư pháp", UnitKind.DEPARTMENT),
    ("congthuong", "Sở Công Thương", UnitKind.DEPARTMENT),
    ("gddt", "Sở Giáo dục và Đào tạo", UnitKind.DEPARTMENT),
    ("yte", "Sở Y tế", UnitKind.DEPARTMENT),
    ("hcc", "Trung tâm Phục vụ hành chính công", UnitKind.DEPARTMENT),
    ("minhxuan", "Phường Minh Xuân", UnitKind.COMMUNE),
    ("nongtien", "Phường Nông Tiến", UnitKind.COMMUNE),
    ("hagiang1", "Phường Hà Giang 1", UnitKind.COMMUNE),
    ("hagiang2", "Phường Hà Giang 2", UnitKind.COMMUNE),
    ("sonduong", "Xã Sơn Dương", UnitKind.COMMUNE),
    ("hamyen", "Xã Hàm Yên", UnitKind.COMMUNE),
    ("chiemhoa", "Xã Chiêm Hóa", UnitKind.COMMUNE),
    ("nahang", "Xã Na Hang", UnitKind.COMMUNE),
    ("dongvan", "Xã Đồng Văn", UnitKind.COMMUNE),
    ("meovac", "Xã Mèo Vạc", UnitKind.COMMUNE),
]
# Each of them has a contributor (tq-<slug>, same password); tq-noivu is the named one.
CONTRIBUTOR_LOGIN = "tq-{slug}"


def seed_province_units() -> list[Unit]:
    """The demo province's departments and communes, flagged illustrative; idempotent (one
    INSERT through accounts.services.add_units, with its validation and audit rows)."""
    province = Unit.objects.get(code=DEMO_PROVINCE)
    return add_units(
        parent=province,
        units=[
            {
                "code": f"{DEMO_PROVINCE}-{slug}",
                "name": f"{name} tỉnh {province.name}" if kind == UnitKind.DEPARTMENT else name,
                "kind": kind,
                "region": province.region,
                "valid_from": province.valid_from,
                "illustrative": True,
            }
            for slug, name, kind in DEMO_PROVINCE_UNITS
        ],
        interface=Interface.IMPORT,
    )


def seed_frameworks() -> list:
    """Every file of seeds/frameworks/: the national Authority's, and the province-run ones
    (seeds.provincial.FRAMEWORKS) as Tuyên Quang's. A framework a round already uses is kept as
    it was loaded (a demo database seeded before a file changed keeps its round and its
    framework; FrameworkInUse), so seeding again stays safe."""
    from assessments.framework_files import parse_framework, read_path
    from assessments.framework_loader import FrameworkInUse, load_framework_file
    from assessments.models import Framework

    from . import provincial

    province = provincial.seed_authority()
    frameworks = []
    for path in sorted(FRAMEWORKS.glob("*.yaml")):
        try:
            authority = province if path.stem in provincial.FRAMEWORKS else None
            frameworks.append(load_framework_file(path, authority=authority)[0])
        except FrameworkInUse:
            frameworks.append(Framework.objects.get(code=parse_framework(read_path(path)).code))
    return frameworks


def seed_users() -> list[User]:
    """The named demo accounts and an officer for every unit of the live round; idempotent.

    One bulk insert, and the password hashed once for all: PBKDF2 costs ~0.5–0.8 s a hash on a
    busy machine (the old seed's nine took ~7 s; forty would take ~25 s). Accounts are not domain data (no service
    creates them; the admin does), so bulk creation skips no validation. A seeded account
    found without a usable password (an older seed left some) gets the demo password.
    """
    from django.contrib.auth.hashers import make_password

    units = {u.code: u for u in Unit.objects.filter(Q(ranking_group=LIVE_GROUP) | Q(parent__code=DEMO_PROVINCE))}
    wanted = [
        User(
            username=d.username,
            full_name=d.full_name,
            role=d.role,
            unit=units[d.unit_code] if d.unit_code else None,
            email=f"{d.username}@demo.dti.local",
            is_staff=d.role == Role.ADMIN,
            is_superuser=d.role == Role.ADMIN,
        )
        for d in DEMO_USERS
    ]
    # Units whose officer (or contributor) is a named account; a named leader's province still
    # gets its canbo-<code> officer (Ninh Bình's asks lanhdao-nb for approval).
    named = {d.unit_code for d in DEMO_USERS if d.unit_code and d.role != Role.PROVINCE_LEADER}
    wanted += [
        User(
            username=PROVINCE_OFFICER.format(code=code),
            full_name=f"Cán bộ Sở KH&CN {unit.name}",
            role=Role.OFFICER,
            unit=unit,
            email=f"canbo-{code}@demo.dti.local",
        )
        for code, unit in sorted(units.items())
        if code not in named and unit.ranking_group == LIVE_GROUP
    ]
    wanted += [
        User(
            username=CONTRIBUTOR_LOGIN.format(slug=slug),
            full_name=f"Cán bộ {units[code].name}",
            role=Role.CONTRIBUTOR,
            unit=units[code],
            email=f"{CONTRIBUTOR_LOGIN.format(slug=slug)}@demo.dti.local",
        )
        for slug, _name, _kind in DEMO_PROVINCE_UNITS
        if (code := f"{DEMO_PROVINCE}-{slug}") not in named
    ]
    # The province's own officers, reviewers and admin (issue 18): no national role.
    from . import provincial

    wanted += provincial.accounts(units, [slug for slug, _name, _kind in DEMO_PROVINCE_UNITS])
    # The admin's rule for a role's unit (a contributor in a department or commune, a leader
    # in a province), checked in memory: the accounts go in with one INSERT.
    problems = [f"{u.username}: {m}" for u in wanted for ms in role_unit_errors(role=u.role, unit=u.unit).values() for m in ms]
    if problems:
        raise ValueError("; ".join(problems))
    usernames = [u.username for u in wanted]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    password = make_password(DEMO_PASSWORD)
    new = [u for u in wanted if u.username not in existing]
    for user in new:
        user.password = password
    User.objects.bulk_create(new)
    # "" or "!…": no password anyone can type (Django's unusable-password prefix is "!").
    User.objects.filter(username__in=existing).filter(Q(password="") | Q(password__startswith="!")).update(
        password=password
    )
    provincial.seed_roles(provincial.seed_authority(), [slug for slug, _name, _kind in DEMO_PROVINCE_UNITS])
    return list(User.objects.filter(username__in=usernames))


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
# Filled in, and its officer asked the province's leader (lanhdao-nb) to approve it (issue 17).
AWAITING_APPROVAL = ["2025-37"]


def seed_history() -> dict:
    """Published DTI results 2020–2024 (seeds/data/published-results.csv); idempotent."""
    from results.history import import_file

    return import_file(DATA / "published-results.csv")


# General-information figures by the kind of unit (low, high, step): a province's population
# runs to hundreds of thousands, a department's staff and a commune's to hundreds or thousands.
FIGURES = {UnitKind.PROVINCE: (200, 9_000, 100), UnitKind.DEPARTMENT: (4, 90, 10), UnitKind.COMMUNE: (30, 900, 10)}


def _pdf(tag: str) -> bytes:
    """A minimal valid one-page PDF showing one line of ASCII text (the tag), so every demo
    preview opens in the browser's viewer: a catalog, a page tree, a page, its text and the
    cross-reference table with each object's byte offset, as PDF 1.4 (section 7.5) wants."""
    line = "DTI Portal demo evidence: " + "".join(c if c.isascii() and c.isprintable() else "?" for c in tag)
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


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
    items = list(GeneralInfoValue.objects.filter(submission=submission).select_related("item"))
    low, high, step = FIGURES.get(submission.unit.kind, FIGURES[UnitKind.PROVINCE])
    for gv in items:
        general_info[gv.item.code] = rng.randint(low, high) * step
    # The population is at least every other count (the frameworks' validation rules refuse
    # more officials or households than people; the province-level frameworks' TT.1 is the
    # population, or the department's people, which outnumber its units).
    if "TT.1" in general_info and submission.round.framework.level == "province":
        general_info["TT.1"] = max(general_info.values())
    for gv in items:
        gi_rows[gv.pk] = {"value": str(general_info[gv.item.code]), "version": gv.version}
    if gi_rows:
        services.save_general_info(actor=officer, submission=submission, rows=gi_rows, interface=Interface.IMPORT)
    values = list(
        IndicatorValue.objects.filter(submission=submission, indicator__automatic=False)
        .select_related("indicator", "indicator__main_index")
        .order_by("indicator__order")
    )
    values = values[: max(1, int(len(values) * share))]
    for v in values:  # the services read the round and unit from here: not once per value
        v.submission = submission
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
                issuing_body=submission.unit.name if submission.unit.kind == UnitKind.DEPARTMENT else f"UBND {submission.unit.name}",
                summary=f"Văn bản kiểm chứng chỉ số {v.indicator.code} (dữ liệu minh họa)",
                interface=Interface.IMPORT,
            )


def _appraise_all(submission, reviewer, rng) -> None:
    from accounts.models import Interface
    from assessments.models import IndicatorValue
    from review import services as review

    # As a reviewer works: the values to adjust (or to score, when measured automatically) one
    # by one, then "accept the self-scores" of the rest of each main index, one call a main index
    # (an audit row per value all the same) instead of one appraisal per value: the seed's
    # slowest step halves.
    to_accept = {}
    for v in IndicatorValue.objects.filter(submission=submission).select_related("indicator__main_index"):
        v.submission = submission  # with its round and unit, read once
        points, reason = v.self_points, ""
        if points is None:  # measured automatically: the reviewer enters the platform's figure
            points = (v.indicator.max_points * Decimal("0.75")).quantize(CENT)
            reason = "Theo số liệu Nền tảng đo lường chuyển đổi số quốc gia"
        elif points > 0 and rng.random() < 0.15:
            points = (points / 2).quantize(CENT)
            reason = "Tài liệu kiểm chứng chưa đủ căn cứ cho mức điểm tự chấm"
        else:
            to_accept[v.indicator.main_index.pk] = v.indicator.main_index
            continue
        review.appraise(value=v, actor=reviewer, points=points, reason=reason, interface=Interface.IMPORT)
    for main in sorted(to_accept.values(), key=lambda m: m.order):
        review.accept_self_scores(submission=submission, main_index=main, actor=reviewer, interface=Interface.IMPORT)


def _season(
    subs: dict, officers: dict, *, reviewers: list, lead, question: str, strengths: dict | None = None,
    drafting=(), signed_off=(), under_review=(), returned=(), submitted=(),
) -> None:
    """Move a round's units (by unit code) through the season as their people would, through
    the services: drafts partly filled; the others filled and sent, shared out among the
    reviewers by the lead reviewer, appraised (under review: every value), returned with a
    question on two values, or signed off by the lead reviewer. The national round and the
    province-run ones (seeds.provincial) go the same way."""
    import random

    from accounts.models import Interface
    from assessments import services
    from assessments.models import IndicatorValue
    from review import services as review

    strengths = strengths or {code: 0.45 + 0.5 * random.Random(code).random() for code in subs}
    for code in drafting:
        _fill(subs[code], officers[code], strength=strengths[code], share=0.5)
    sent = [*signed_off, *under_review, *returned, *submitted]
    for code in sent:
        _fill(subs[code], officers[code], strength=strengths[code])
        services.submit(actor=officers[code], submission=subs[code], interface=Interface.IMPORT)
    # The lead reviewer shares the arrivals out, so each reviewer's home shows their own work
    # (the submitted ones too: waiting for them to start).
    for n, reviewer in enumerate(reviewers):
        mine = [subs[code] for i, code in enumerate(sent) if i % len(reviewers) == n]
        review.assign_reviewer(submissions=mine, reviewer=reviewer, actor=lead, interface=Interface.IMPORT)
    for i, code in enumerate(sent):
        if code in submitted:
            continue
        rng = random.Random(f"review {code}")
        reviewer = reviewers[i % len(reviewers)]
        subs[code].refresh_from_db()  # submitted (the service moved its own locked copy)
        sub = review.start_review(submission=subs[code], actor=reviewer, interface=Interface.IMPORT)
        if code in returned:
            asked = IndicatorValue.objects.filter(submission=sub, indicator__automatic=False).order_by("indicator__order")[:2]
            review.return_for_clarification(
                submission=sub, actor=reviewer, questions={v.pk: question for v in asked}, interface=Interface.IMPORT
            )
            continue
        _appraise_all(sub, reviewer, rng)
        if code in signed_off:
            sub.refresh_from_db()
            review.sign_off(submission=sub, actor=lead, interface=Interface.IMPORT)


# Tuyên Quang's draft (issue 17): the Home Affairs department handed its figures in (awaiting
# the officer), the public-service centre has its assignment pending. The province's own
# values stay empty until the officer accepts.
CONTRIBUTIONS = [("noivu", 3, True), ("hcc", 2, False)]


def _seed_contributions(submission, officer, now) -> None:
    import datetime as dt
    import random

    from accounts.models import Interface
    from assessments import scoring, services

    rng = random.Random("contributions")
    free = [
        i for i in submission.round.framework.indicators.filter(automatic=False).order_by("order")
        if scoring.entry(i.rule_type).general_info_source(i.rule_params or {}) is None
    ]
    for slug, n, hand_in in CONTRIBUTIONS:
        contributor = User.objects.get(username=CONTRIBUTOR_LOGIN.format(slug=slug))
        chosen, free = free[:n], free[n:]
        assignment = services.assign(
            actor=officer, submission=submission, contributor=contributor, indicators=chosen,
            due_at=now + dt.timedelta(days=10), note="Số liệu đến 31/12/2024 (dữ liệu minh họa)",
            interface=Interface.IMPORT,
        )
        if hand_in:
            rows = {cv.pk: {"inputs": _inputs(cv.indicator, 0.8, rng, {})} for cv in assignment.values.select_related("indicator")}
            services.save_contribution(actor=contributor, assignment=assignment, rows=rows, interface=Interface.IMPORT)
            services.hand_in(actor=contributor, assignment=assignment, interface=Interface.IMPORT)


@transaction.atomic
def seed_live_round() -> dict:
    """A 2025 round over the 34 provinces with units in every state; skipped if it exists.

    One transaction: a seed that fails half-way leaves no half round behind (the next run
    would skip it as existing), and one commit instead of ~1,400 is seconds less.
    """
    import random

    from django.utils import timezone

    from accounts.models import Interface
    from assessments import services
    from assessments.models import Framework, Round

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
    # seed_users gave every unit of the round an officer; the named one acts where there are two.
    officers = {}
    for user in User.objects.filter(role=Role.OFFICER, unit__in=[s.unit for s in subs.values()]).order_by("-username"):
        officers[user.unit.code] = user

    strengths = {code: 0.45 + 0.5 * random.Random(code).random() for code in subs}
    strengths["2025-48"], strengths["2025-01"], strengths["2025-79"] = 0.93, 0.9, 0.88
    for code in AWAITING_APPROVAL:
        _fill(subs[code], officers[code], strength=strengths[code])
        services.request_approval(actor=officers[code], submission=subs[code], interface=Interface.IMPORT)
    _season(
        subs, officers, reviewers=reviewers, lead=lead, strengths=strengths, drafting=DRAFTING, signed_off=SIGNED_OFF,
        under_review=UNDER_REVIEW, returned=RETURNED, submitted=SUBMITTED,
        question="Đề nghị bổ sung văn bản có chữ ký, đóng dấu và số liệu đến 31/12.",
    )
    _seed_contributions(subs[DEMO_PROVINCE], officers[DEMO_PROVINCE], now)
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
        "awaiting_approval": len(AWAITING_APPROVAL),
        "drafting": len(subs) - len(SIGNED_OFF + UNDER_REVIEW + RETURNED + SUBMITTED + AWAITING_APPROVAL),
    }
