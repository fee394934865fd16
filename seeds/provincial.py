"""The province-run demo (issue 18): Tuyên Quang runs its own index of its departments and
communes, next to the national round.

Tuyên Quang's Authority (its Department of Science and Technology) owns two ILLUSTRATIVE
frameworks (seeds/frameworks/so-nganh-minh-hoa.yaml, xa-minh-hoa.yaml) and runs two 2025
rounds: the departments' round with a unit in every state (draft, submitted, under review,
returned, signed off), and the communes' round signed off and published with its ranking. Its
own officers, reviewers, lead reviewer and admin hold their roles in it (AuthorityRole); one
login, tq-khcn, is a national contributor (of the province's Department of Science and
Technology, whose staff run the province's index) and a reviewer of the province's round.

Rounds, entries, appraisals, sign-offs and the publication go through the same services as the
UI (the demo's `_season`); the Authority and its roles are made as the admin makes them, each
row validated by the model's own rule (full_clean), like the accounts of seeds.demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from accounts.models import Authority, AuthorityRole, RankingGroup, Role, Unit, User, mark_authority_role_holders

# The province (GSO code of the 34 units from 1 July 2025) and its Authority.
PROVINCE = "2025-08"
AUTHORITY = {
    "code": "tuyen-quang",
    "name": "Sở Khoa học và Công nghệ tỉnh Tuyên Quang",
    "name_en": "Tuyên Quang Department of Science and Technology",
    "short_name": "Tuyên Quang",
}
# Which file is the province's, and for which of its groups (a framework file names no
# authority: the loader is told whose it is).
FRAMEWORKS = {"so-nganh-minh-hoa": RankingGroup.DEPARTMENTS, "xa-minh-hoa": RankingGroup.COMMUNES}
YEAR = 2025

# The officer of each department or commune in the province's rounds: canbo-tq-<slug>. They
# are not the national contributors (tq-<slug>): someone else in the unit, with no national role.
OFFICER_LOGIN = "canbo-tq-{slug}"

# The departments' round by state (unit slugs of seeds.demo.DEMO_PROVINCE_UNITS); the
# communes' round is signed off throughout and published.
SIGNED_OFF = ["taichinh", "khcn"]
UNDER_REVIEW = ["tuphap"]  # fully appraised: the lead reviewer signs it off
RETURNED = ["congthuong"]
SUBMITTED = ["gddt", "yte"]
DRAFTING = ["noivu"]  # partly filled; the service centre's draft ("hcc") is untouched
QUESTION = "Đề nghị gửi văn bản có chữ ký, đóng dấu và số liệu đến 31/12 (dữ liệu minh họa)."


@dataclass(frozen=True)
class ProvinceUser:
    username: str
    full_name: str
    role: str  # the role held in the province's Authority (an officer's unit: its username's slug)
    task: str = ""  # printed by demo_logins


# In the order demo_logins prints them: a department in each state, a commune of the published
# round, then the province's reviewers and admin.
USERS = [
    ProvinceUser("canbo-tq-hcc", "Lò Văn Tùng (Trung tâm Phục vụ hành chính công)", Role.OFFICER, "sở, ngành 2025 còn trống: nhập, gửi"),
    ProvinceUser("canbo-tq-congthuong", "Ma Thị Loan (Sở Công Thương)", Role.OFFICER, "sở, ngành bị trả lại: trả lời câu hỏi, sửa, gửi lại"),
    ProvinceUser("canbo-tq-gddt", "Hoàng Văn Bình (Sở Giáo dục và Đào tạo)", Role.OFFICER, "sở, ngành đã gửi: chờ thẩm định"),
    ProvinceUser("canbo-tq-tuphap", "Nông Thị Yến (Sở Tư pháp)", Role.OFFICER, "sở, ngành đang thẩm định: theo dõi"),
    ProvinceUser("canbo-tq-taichinh", "Quan Văn Hải (Sở Tài chính)", Role.OFFICER, "sở, ngành đã ký duyệt: xem điểm thẩm định"),
    ProvinceUser("canbo-tq-minhxuan", "Phùng Thị Thảo (Phường Minh Xuân)", Role.OFFICER, "xã, phường 2025 đã công bố: xem kết quả, thứ hạng"),
    ProvinceUser("thamdinh-tq", "Triệu Văn Khánh (Sở KH&CN Tuyên Quang, thẩm định)", Role.REVIEWER, "hồ sơ sở, ngành được phân công: thẩm định"),
    ProvinceUser("truongnhom-tq", "Bàn Thị Ngọc (Sở KH&CN Tuyên Quang, trưởng nhóm)", Role.LEAD_REVIEWER, "phân công; ký duyệt hồ sơ sở, ngành đã thẩm định xong"),
    ProvinceUser("quantri-tq", "Sầm Văn Lực (Sở KH&CN Tuyên Quang, quản trị)", Role.ADMIN, "đợt đánh giá của tỉnh: sở, ngành đang diễn ra, xã, phường đã công bố"),
]
# A national contributor (seeds.demo's tq-<slug>) who also reviews the province's departments.
# Not tq-noivu: its home shows the figures it handed in nationally, and a reviewer lands on
# the review home; tq-khcn has no national assignment waiting.
DUAL_REVIEWER = "tq-khcn"
DUAL_TASK = "Sở KH&CN: số liệu cho hồ sơ quốc gia khi được giao; hồ sơ sở, ngành được phân công: thẩm định"


def seed_authority() -> Authority:
    """Tuyên Quang's Authority; idempotent. Validated as the admin's form validates it."""
    existing = Authority.objects.filter(code=AUTHORITY["code"]).first()
    if existing is not None:
        return existing
    authority = Authority(unit=Unit.objects.get(code=PROVINCE), is_national=False, **AUTHORITY)
    authority.full_clean()
    authority.save()
    return authority


def accounts(units: dict[str, Unit], slugs) -> list[User]:
    """The province-only accounts (no national role: an officer of no unit, as a new account
    is), for seeds.demo.seed_users to insert with the others (one INSERT, one password hash)."""
    named = {u.username for u in USERS}
    people = [User(username=u.username, full_name=u.full_name) for u in USERS]
    people += [
        User(username=OFFICER_LOGIN.format(slug=slug), full_name=f"Cán bộ {units[f'{PROVINCE}-{slug}'].name}")
        for slug in slugs
        if OFFICER_LOGIN.format(slug=slug) not in named
    ]
    for user in people:
        user.role, user.unit, user.email = Role.OFFICER, None, f"{user.username}@demo.dti.local"
    return people


def seed_roles(authority: Authority, slugs) -> int:
    """Every role held in the province's Authority; idempotent (a role held is kept). Each row
    passes the model's rule (an officer's unit is under the province; reviewers have none)."""
    units = {u.code: u for u in Unit.objects.filter(parent__code=PROVINCE)}
    wanted = [(OFFICER_LOGIN.format(slug=slug), Role.OFFICER, units[f"{PROVINCE}-{slug}"]) for slug in slugs]
    wanted += [(u.username, u.role, None) for u in USERS if u.role != Role.OFFICER]
    wanted.append((DUAL_REVIEWER, Role.REVIEWER, None))
    users = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    held = set(AuthorityRole.objects.filter(authority=authority).values_list("user__username", "role", "unit_id"))
    new = [
        AuthorityRole(user=users[name], authority=authority, role=role, unit=unit)
        for name, role, unit in wanted
        if (name, role, unit.pk if unit else None) not in held
    ]
    for row in new:
        row.full_clean(validate_constraints=False)  # the unique constraints: `held` above
    AuthorityRole.objects.bulk_create(new)
    # bulk_create bypasses AuthorityRole.save, which marks the holders (access reads the mark).
    mark_authority_role_holders({row.user_id for row in new})
    return len(new)


def _officers(authority: Authority) -> dict[str, User]:
    roles = AuthorityRole.objects.filter(authority=authority, role=Role.OFFICER, active=True).select_related("user", "unit")
    return {r.unit.code: r.user for r in roles}


def _people(*usernames) -> list[User]:
    found = {u.username: u for u in User.objects.filter(username__in=usernames)}
    return [found[name] for name in usernames]


def _codes(slugs) -> list[str]:
    return [f"{PROVINCE}-{slug}" for slug in slugs]


@transaction.atomic
def seed_rounds() -> dict:
    """The province's two 2025 rounds; each skipped if it exists. One transaction, as the
    national round's (seeds.demo.seed_live_round)."""
    from django.utils import timezone

    from accounts.models import Interface
    from assessments import services
    from assessments.models import Framework, Round
    from results.services import publish_round, recompute_round

    from .demo import _season

    authority = Authority.objects.get(code=AUTHORITY["code"])
    admin, lead, reviewer, dual = _people("quantri-tq", "truongnhom-tq", "thamdinh-tq", DUAL_REVIEWER)
    officers = _officers(authority)
    now = timezone.now()
    done = {}
    for code, group in FRAMEWORKS.items():
        if Round.objects.filter(authority=authority, year=YEAR, ranking_group=group).exists():
            done[group] = {"skipped": True}
            continue
        rnd = services.open_round(
            actor=admin, authority=authority, year=YEAR, framework=Framework.objects.get(code=code), ranking_group=group,
            opens_at=now - dt.timedelta(days=30), closes_at=now + dt.timedelta(days=15), interface=Interface.IMPORT,
        )
        subs = {s.unit.code: s for s in rnd.submissions.select_related("unit", "round")}
        if group == RankingGroup.DEPARTMENTS:
            plan = dict(
                drafting=_codes(DRAFTING), signed_off=_codes(SIGNED_OFF), under_review=_codes(UNDER_REVIEW),
                returned=_codes(RETURNED), submitted=_codes(SUBMITTED),
            )
        else:
            plan = dict(signed_off=sorted(subs))
        # The dual reviewer first: the round-robin leaves it no submission of its own department.
        _season(subs, officers, reviewers=[dual, reviewer], lead=lead, question=QUESTION, **plan)
        recompute_round(round_id=rnd.pk)
        published = group == RankingGroup.COMMUNES
        if published:
            publish_round(round_id=rnd.pk, actor=admin, interface=Interface.IMPORT)
        done[group] = {"round": str(rnd), "published": published, **{state: len(codes) for state, codes in plan.items()}}
    return done
