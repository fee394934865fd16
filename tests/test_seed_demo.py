"""The demo (`make demo`): seed_demo fills a season in every state and demo_logins prints, for
each step, a login that lands on work to do, on the URL actually served.

It includes Tuyên Quang's own rounds (issue 18): a departments round in every state and a
published communes round, with the province's logins.

Seeding takes 15 s or more, so the module seeds once, inside a transaction rolled back at the end:
each test runs in a savepoint on top of it, and later modules find the database empty.
"""

import contextlib
import hashlib
import re
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import Authority, RankingGroup, Role, Unit, UnitKind, User
from assessments.models import (
    AssignmentStatus,
    Evidence,
    Framework,
    FrameworkSource,
    IndicatorValue,
    Round,
    SubmissionStatus,
)
from results.models import Publication, PublishedResult, RankingSnapshot
from seeds import provincial
from seeds.demo import DEMO_PASSWORD, DEMO_PROVINCE, DEMO_PROVINCE_UNITS, DEMO_USERS, LIVE_GROUP, LIVE_YEAR, _pdf

pytestmark = pytest.mark.django_db

S = SubmissionStatus


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = str(tmp_path_factory.mktemp("demo-media"))
    # The evidence files go to a temporary directory, as in every test (conftest._media_root).
    storage = override_settings(
        MEDIA_ROOT=media,
        STORAGES={**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": {"location": media}}},
    ) if settings.STORAGE_BACKEND != "s3" else contextlib.nullcontext()
    with django_db_blocker.unblock(), storage, transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def live_round():
    return Round.objects.get(year=LIVE_YEAR, ranking_group=LIVE_GROUP)


def province_round(group):
    """One of Tuyên Quang's own 2025 rounds (issue 18): its departments' or its communes'."""
    return Round.objects.get(authority__code=provincial.AUTHORITY["code"], year=LIVE_YEAR, ranking_group=group)


def province_submission(slug):
    group = RankingGroup.DEPARTMENTS if Unit.objects.get(code=f"{DEMO_PROVINCE}-{slug}").kind == UnitKind.DEPARTMENT else RankingGroup.COMMUNES
    return province_round(group).submissions.get(unit__code=f"{DEMO_PROVINCE}-{slug}")


def printed(*args) -> str:
    out = StringIO()
    call_command("demo_logins", *args, stdout=out)
    return out.getvalue()


def printed_usernames(text: str) -> list[str]:
    """The accounts of the login table (indented lines), without the canbo-<mã> pattern line."""
    return [line.split()[0] for line in text.splitlines() if line.startswith("  ") and "<" not in line.split()[0]]


def signed_in(username: str) -> Client:
    """A browser that signed in on the login page with the printed password."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    assert response["Location"] == reverse("home")
    return client


def links(html: str, pattern: str) -> list[str]:
    return list(dict.fromkeys(re.findall(rf'href="({pattern})"', html)))


# --- seed_demo ----------------------------------------------------------------------------


def test_seeding_again_changes_nothing():
    counts = lambda: (Evidence.objects.count(), PublishedResult.objects.count(), Round.objects.count(), User.objects.count())  # noqa: E731
    before = counts()

    call_command("seed_demo", stdout=StringIO())

    assert counts() == before


def test_the_2025_round_has_a_unit_in_every_state_with_evidence_and_a_provisional_ranking():
    rnd = live_round()

    assert {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.SIGNED_OFF} <= set(rnd.submissions.values_list("status", flat=True))
    assert rnd.submissions.filter(status=S.DRAFT, values__self_points__isnull=False).exists()  # some drafting
    assert Evidence.objects.filter(value__submission__round=rnd).exists()
    assert RankingSnapshot.objects.filter(round=rnd, is_current=True, unit_count=8).exists()


def test_every_demo_evidence_file_is_the_one_page_pdf_of_its_unit_and_indicator():
    # The files themselves sit in the seeding's media folder, not the test's: they are known by
    # their hash. That the PDF opens (a page tree, text) is tests/seeds/test_demo_pdf.py.
    rows = Evidence.objects.filter(value__submission__round=live_round()).select_related("value__submission__unit", "value__indicator")
    assert rows.exists()
    assert all(
        ev.sha256 == hashlib.sha256(_pdf(f"{ev.value.submission.unit.code} {ev.value.indicator.code}")).hexdigest() for ev in rows
    )


def test_the_frameworks_and_the_published_history_2020_to_2024_are_loaded():
    assert set(Framework.objects.values_list("code", flat=True)) >= {"922-tinh", "922-bo", "1726-tinh", "405-tinh"}
    assert set(PublishedResult.objects.values_list("year", flat=True)) >= {2020, 2021, 2022, 2023, 2024}


def test_seeding_again_keeps_a_framework_that_the_round_uses_although_its_file_changed():
    """A demo database seeded before a framework file changed: the round keeps its framework."""
    used = live_round().framework
    FrameworkSource.objects.filter(framework=used).update(text="# loaded from an older file")

    call_command("seed_demo", stdout=StringIO())

    assert FrameworkSource.objects.get(framework=used).text == "# loaded from an older file"
    assert live_round().framework_id == used.pk


def test_every_unit_of_the_live_round_has_an_officer_account():
    units = Unit.objects.filter(ranking_group=LIVE_GROUP)

    assert units.count() == 34
    assert not units.exclude(users__role=Role.OFFICER).exists()


def test_every_seeded_account_signs_in_with_the_demo_password():
    usernames = list(User.objects.values_list("username", flat=True))

    assert len(usernames) > len(DEMO_USERS)  # the named ones and one officer per province
    for username in usernames:
        signed_in(username)


def test_the_demo_province_has_illustrative_departments_and_communes_each_with_a_contributor():
    from accounts import access, hierarchy

    province = Unit.objects.get(code=DEMO_PROVINCE)
    below = hierarchy.subtree(province)
    contributors = User.objects.filter(role=Role.CONTRIBUTOR).select_related("unit")

    assert province.name == "Tuyên Quang" and province.ranking_group == LIVE_GROUP
    assert sum(u.kind == UnitKind.DEPARTMENT for u in below) == 8
    assert sum(u.kind == UnitKind.COMMUNE for u in below) == 10
    assert all(u.illustrative and u.valid_from == province.valid_from and not u.ranking_group for u in below)
    assert sorted(c.unit.code for c in contributors) == sorted(u.code for u in below)
    assert all(access.is_contributor_of(c, province) for c in contributors)


def test_the_demo_province_has_a_leader():
    from accounts import access

    (leader,) = User.objects.filter(role=Role.PROVINCE_LEADER, unit__code=DEMO_PROVINCE)
    assert access.is_province_leader(leader, Unit.objects.get(code=DEMO_PROVINCE))


def test_the_demo_units_under_a_province_are_audited_as_imported():
    from accounts.models import AuditEntry, Interface

    entries = AuditEntry.objects.filter(action="accounts.add_unit", interface=Interface.IMPORT)
    assert entries.count() == len(DEMO_PROVINCE_UNITS)


# --- demo_logins --------------------------------------------------------------------------


def test_demo_logins_prints_every_named_account_with_its_role_in_words():
    text = printed()

    assert printed_usernames(text) == [d.username for d in DEMO_USERS] + [u.username for u in provincial.USERS] + [provincial.DUAL_REVIEWER]
    for d in DEMO_USERS:
        line = next(line for line in text.splitlines() if line.split()[:1] == [d.username])
        assert str(Role(d.role).label) in line
        assert d.role not in line.split()  # not the code: "lead_reviewer", "admin"…


def test_demo_logins_prints_the_contributor_pattern_with_a_seeded_example():
    text = printed()

    line = next(line for line in text.splitlines() if line.startswith("  tq-<đơn vị>"))
    assert "Cán bộ đơn vị đóng góp số liệu" in line
    example = line.split()[-1]
    assert User.objects.filter(username=example, role=Role.CONTRIBUTOR).exists()


def test_demo_logins_prints_the_port_served():
    text = printed("--host", "127.0.0.1", "--port", "8123")

    assert "http://127.0.0.1:8123/tai-khoan/dang-nhap/" in text
    assert "http://127.0.0.1:8123/quan-tri/" in text
    assert ":8000" not in text


def test_make_demo_prints_the_logins_for_the_port_it_serves():
    """`make -n` lists the recipe without running it: demo_logins gets the PORT runserver gets."""
    recipe = subprocess.run(
        ["make", "-n", "--no-print-directory", "demo", "HOST=127.0.0.1", "PORT=8123"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout.splitlines()

    assert any(line.endswith("manage.py demo_logins --host 127.0.0.1 --port 8123") for line in recipe)
    assert recipe[-1].endswith("manage.py runserver --insecure 127.0.0.1:8123")


def test_demo_logins_for_a_server_listening_everywhere_prints_an_address_a_browser_opens():
    text = printed("--host", "0.0.0.0", "--port", "8001")

    assert "http://127.0.0.1:8001/" in text
    assert "0.0.0.0" not in text


def test_demo_logins_refuses_a_port_out_of_range():
    with pytest.raises(CommandError, match="Cổng 70000 không hợp lệ"):
        printed("--port", "70000")


def test_every_printed_login_signs_in_and_lands_on_its_home():
    for username in printed_usernames(printed()):
        response = signed_in(username).get(reverse("home"))

        assert response.status_code == 200, username
        assert response.context["user"].username == username


def test_the_printed_logins_cover_each_step_of_the_season():
    by_name = {u.username: u for u in User.objects.filter(username__in=printed_usernames(printed())).select_related("unit")}
    statuses = {
        name: live_round().submissions.get(unit=user.unit).status
        for name, user in by_name.items()
        if user.role == Role.OFFICER and user.unit is not None  # the province-run rounds' officers: below
    }

    assert S.RETURNED in statuses.values()
    assert any(
        status == S.DRAFT and not IndicatorValue.objects.filter(submission__round__year=LIVE_YEAR, submission__unit=by_name[name].unit, self_points__isnull=False).exists()
        for name, status in statuses.items()
    )
    assert {u.role for u in by_name.values()} == set(Role) - {Role.SYSTEM}


# --- each printed login lands on work to do -----------------------------------------------


def test_the_fresh_draft_officer_reaches_an_empty_editable_entry_page():
    client = signed_in("tuyenquang")
    home = client.get(reverse("home")).text
    (overview_url,) = links(home, r"/tu-danh-gia/ho-so/\d+/")
    overview = client.get(overview_url).text
    entry_url = links(overview, r"/tu-danh-gia/ho-so/\d+/chi-so/\d+/")[0]

    entry = client.get(entry_url)

    assert entry.status_code == 200
    assert "Nháp" in overview
    assert re.search(r'<input type="text"[^>]*name="v\d+-\w+"[^>]*value=""', entry.text)
    assert "Lưu bản nháp" in entry.text


def test_the_returned_officer_finds_the_two_returned_items_on_the_entry_pages():
    client = signed_in("laocai")
    home = client.get(reverse("home")).text
    (overview_url,) = links(home, r"/tu-danh-gia/ho-so/\d+/")
    overview = client.get(overview_url).text

    badges = sum(client.get(url).text.count("Được yêu cầu bổ sung") for url in links(overview, r"/tu-danh-gia/ho-so/\d+/chi-so/\d+/"))

    assert "Yêu cầu bổ sung/giải trình" in home
    assert badges == 2


def test_the_returned_officer_opens_the_reviewers_question_from_the_notification():
    client = signed_in("laocai")
    notifications = client.get(reverse("accounts:notifications")).text
    opened = [client.post(url, follow=True) for url in re.findall(r'action="(/tai-khoan/thong-bao/\d+/doc/)"', notifications)]

    assert any("Đề nghị bổ sung văn bản có chữ ký, đóng dấu" in page.text for page in opened)


@pytest.mark.parametrize("username", ["thamdinh1", "thamdinh2"])
def test_each_reviewers_home_counts_submissions_assigned_to_them(username):
    home = signed_in(username).get(reverse("home")).text

    mine = re.search(r'Hồ sơ của tôi cần thẩm định</div><div class="display-6"[^>]*>(\d+)<', home)

    assert mine is not None
    assert int(mine.group(1)) > 0


def test_the_lead_reviewer_can_sign_off_the_fully_appraised_submissions_under_review():
    client = signed_in("truongnhom")
    under_review = live_round().submissions.filter(status=S.UNDER_REVIEW)

    pages = [client.get(reverse("review:submission", args=[sub.pk])).text for sub in under_review]

    assert len(pages) == 3
    for page in pages:
        assert "Ký duyệt kết quả thẩm định" in page
        assert 'id="signoff-help"' not in page  # every value appraised: no "n/m appraised" warning


def test_the_admin_lands_on_the_rounds_with_the_live_one():
    client = signed_in("quantri")
    home = client.get(reverse("home")).text

    rounds = client.get(reverse("assessments:round_list")).text

    assert reverse("assessments:round_list") in home
    assert str(live_round()) in rounds


def test_the_contributor_lands_on_their_handed_in_assignment():
    home = signed_in("tq-noivu").get(reverse("home")).text

    assert "Sở Nội vụ tỉnh Tuyên Quang" in home
    assert "dữ liệu minh họa" in home
    assert 'id="assignment-list"' in home and str(AssignmentStatus.HANDED_IN.label) in home


def test_the_demo_province_s_officer_has_one_hand_in_to_review_and_one_pending_assignment():
    from assessments.models import Assignment

    states = dict(Assignment.objects.filter(submission__unit__code="2025-08").values_list("contributor__username", "status"))
    assert states == {"tq-noivu": AssignmentStatus.HANDED_IN, "tq-hcc": AssignmentStatus.ASSIGNED}
    board = signed_in("tuyenquang").get(
        reverse("assessments:contributions", args=[Assignment.objects.first().submission_id])
    ).text
    assert 'data-contributor="tq-noivu"' in board and 'data-contributor="tq-hcc"' in board


def test_the_pending_contributor_lands_on_their_assignment():
    home = signed_in("tq-hcc").get(reverse("home")).text

    assert 'id="assignment-list"' in home and str(AssignmentStatus.ASSIGNED.label) in home


def test_the_leader_lands_on_the_approvals_page_with_the_province_s_units():
    home = signed_in("lanhdao-tq").get(reverse("home")).text

    assert "Chưa có hồ sơ nào chờ lãnh đạo tỉnh phê duyệt." in home
    assert home.count('data-depth="1"') == len(DEMO_PROVINCE_UNITS)


def test_the_second_leader_lands_on_the_draft_awaiting_their_approval():
    home = signed_in("lanhdao-nb").get(reverse("home")).text
    sub = live_round().submissions.get(unit__code="2025-37")

    assert sub.status == S.AWAITING_APPROVAL
    assert reverse("assessments:approval", args=[sub.pk]) in home
    assert "Chưa có hồ sơ nào chờ lãnh đạo tỉnh phê duyệt." not in home


# --- the landing page of each printed login shows that persona's work ---------------------


def landing(username: str) -> str:
    """The page a printed login lands on after signing in (the login redirects home)."""
    return signed_in(username).get(reverse("home")).text


def officer_item(html: str, status: SubmissionStatus) -> re.Match | None:
    """The home's 2025 item: a link to the submission's overview carrying the status badge."""
    return re.search(
        rf'href="/tu-danh-gia/ho-so/\d+/">\s*<div>\s*<div class="fw-semibold">DTI {LIVE_YEAR}[^<]*</div>(?:(?!</a>).)*'
        rf'<span class="badge[^"]*">{re.escape(str(status.label))}</span>',
        html,
        re.S,
    )


LANDINGS = {
    "tuyenquang": "a fresh draft to fill",
    "laocai": "a returned submission",
    "hue": "a submission under review",
    "danang": "a signed-off submission",
    "danang2": "a signed-off submission",
    "hanoi": "a signed-off submission",
    "tq-noivu": "the contributor's assignments",
    "lanhdao-tq": "the leader's approvals",
    "lanhdao-nb": "a submission awaiting the leader's approval",
    "thamdinh1": "assigned submissions",
    "thamdinh2": "assigned submissions",
    "truongnhom": "the sign-off queue",
    "quantri": "the rounds to administer",
    # Tuyên Quang's own rounds (issue 18)
    "canbo-tq-hcc": "a fresh draft of the departments' round",
    "canbo-tq-congthuong": "a returned department",
    "canbo-tq-gddt": "a submitted department",
    "canbo-tq-tuphap": "a department under review",
    "canbo-tq-taichinh": "a signed-off department",
    "canbo-tq-minhxuan": "a commune of the published round",
    "thamdinh-tq": "the province's submissions assigned to them",
    "truongnhom-tq": "the province's sign-off queue",
    "quantri-tq": "the province's rounds to administer",
    "tq-khcn": "the province's submissions assigned to them (a national contributor too)",
}


def test_every_printed_login_has_its_landing_checked_below():
    assert printed_usernames(printed()) == list(LANDINGS)


@pytest.mark.parametrize(("username", "status"), [
    ("laocai", S.RETURNED), ("hue", S.UNDER_REVIEW), ("danang", S.SIGNED_OFF), ("danang2", S.SIGNED_OFF), ("hanoi", S.SIGNED_OFF),
])
def test_an_officer_lands_on_their_2025_submission_in_its_state(username, status):
    assert officer_item(landing(username), status) is not None


def test_the_fresh_draft_officer_lands_on_an_open_draft_with_time_left():
    home = landing("tuyenquang")

    assert officer_item(home, S.DRAFT) is not None
    assert "còn " in home and "đã quá hạn" not in home


def test_an_officer_of_any_other_province_lands_on_their_draft():
    assert officer_item(landing("canbo-2025-19"), S.DRAFT) is not None


@pytest.mark.parametrize("username", ["thamdinh1", "thamdinh2"])
def test_a_reviewer_lands_on_links_to_their_own_queue(username):
    home = landing(username)

    assert f'href="{reverse("review:queue", args=[live_round().pk])}?reviewer=me"' in home
    assert int(re.search(r'id="my-todo">(\d+)<', home).group(1)) > 0


def test_the_lead_reviewer_lands_on_the_sign_off_queue():
    ready = live_round().submissions.filter(status=S.UNDER_REVIEW)

    queue = re.search(r'id="sign-off-queue".*?</div></div>', landing("truongnhom"), re.S).group()

    assert "3 hồ sơ đã thẩm định xong, chờ ký duyệt" in queue
    assert sorted(re.findall(r'href="/tham-dinh/ho-so/(\d+)/"', queue)) == sorted(str(s.pk) for s in ready)


def test_a_reviewer_who_cannot_sign_off_sees_no_sign_off_queue():
    assert 'id="sign-off-queue"' not in landing("thamdinh1")


def test_the_admin_lands_on_the_live_round_linked_to_its_administration():
    home = landing("quantri")

    assert re.search(rf'<a href="{reverse("assessments:round_detail", args=[live_round().pk])}">{re.escape(str(live_round()))}</a>', home)


# --- the province-run rounds (issue 18) ---------------------------------------------------


def test_tuyen_quang_runs_its_own_authority():
    authority = Authority.objects.get(code=provincial.AUTHORITY["code"])

    assert (authority.unit.code, authority.is_national, authority.name) == (
        DEMO_PROVINCE, False, "Sở Khoa học và Công nghệ tỉnh Tuyên Quang"
    )


def test_the_province_owns_the_two_illustrative_frameworks_and_the_nation_the_others():
    province = Authority.objects.get(code=provincial.AUTHORITY["code"])
    owners = dict(Framework.objects.values_list("code", "authority_id"))

    assert {code for code, owner in owners.items() if owner == province.pk} == set(provincial.FRAMEWORKS)
    assert {code for code, owner in owners.items() if owner != province.pk} >= {"922-tinh", "922-bo", "1726-tinh", "405-tinh"}
    assert all(Framework.objects.get(code=code).illustrative for code in provincial.FRAMEWORKS)


def test_the_province_runs_a_departments_and_a_communes_round_next_to_the_national_one():
    rounds = Round.objects.filter(year=LIVE_YEAR).values_list("authority__code", "ranking_group", "framework__code")

    assert sorted(rounds) == [
        ("quoc-gia", LIVE_GROUP, "405-tinh"),
        ("tuyen-quang", RankingGroup.DEPARTMENTS, "so-nganh-minh-hoa"),
        ("tuyen-quang", RankingGroup.COMMUNES, "xa-minh-hoa"),
    ]


def test_the_departments_round_has_its_eight_departments_in_every_state_of_the_season():
    statuses = dict(province_round(RankingGroup.DEPARTMENTS).submissions.values_list("unit__code", "status"))

    assert statuses == {
        f"{DEMO_PROVINCE}-{slug}": status
        for slugs, status in [
            (["hcc", "noivu"], S.DRAFT), (provincial.SUBMITTED, S.SUBMITTED), (provincial.UNDER_REVIEW, S.UNDER_REVIEW),
            (provincial.RETURNED, S.RETURNED), (provincial.SIGNED_OFF, S.SIGNED_OFF),
        ]
        for slug in slugs
    }


def test_one_department_s_draft_is_partly_filled_and_the_other_untouched():
    def filled(slug):
        return province_submission(slug).values.filter(self_points__isnull=False).count()

    assert filled("hcc") == 0
    assert 0 < filled("noivu") < province_submission("noivu").values.count()


def test_the_department_under_review_is_fully_appraised_for_the_lead_reviewer():
    under_review = province_submission("tuphap")

    assert under_review.status == S.UNDER_REVIEW
    assert not under_review.values.filter(reviewed_points__isnull=True).exists()


def test_the_returned_department_has_two_questions_to_answer():
    assert province_submission("congthuong").values.filter(awaiting_clarification=True).count() == 2


def test_the_communes_round_is_published_with_a_ranking_of_its_ten_communes():
    rnd = province_round(RankingGroup.COMMUNES)
    publication = Publication.objects.get(round=rnd, is_active=True)

    assert set(rnd.submissions.values_list("status", flat=True)) == {S.PUBLISHED}
    assert publication.snapshot.unit_count == rnd.submissions.count() == 10
    assert publication.snapshot.is_current


def test_the_departments_round_has_a_provisional_ranking_of_its_signed_off_departments():
    snapshot = RankingSnapshot.objects.get(round=province_round(RankingGroup.DEPARTMENTS), is_current=True)

    assert snapshot.unit_count == len(provincial.SIGNED_OFF)


def test_every_department_and_commune_has_an_officer_in_the_province_s_rounds():
    from accounts import access

    for slug, _name, _kind in DEMO_PROVINCE_UNITS:
        officer = User.objects.get(username=provincial.OFFICER_LOGIN.format(slug=slug))
        assert access.is_unit_officer(officer, province_submission(slug).unit), slug


def test_the_province_s_own_accounts_hold_no_national_role():
    from accounts import access

    for username in [u.username for u in provincial.USERS] + [provincial.OFFICER_LOGIN.format(slug="noivu")]:
        user = User.objects.get(username=username)
        assert (access.is_officer(user), access.is_reviewer(user), access.is_admin(user)) == (False, False, False), username


def test_the_province_s_reviewers_lead_and_admin_hold_their_roles_in_its_authority_only():
    from accounts import access

    province = Authority.objects.get(code=provincial.AUTHORITY["code"])
    reviewer, lead, admin = (User.objects.get(username=n) for n in ("thamdinh-tq", "truongnhom-tq", "quantri-tq"))

    assert access.authorities_reviewed_by(reviewer) == {province.pk}
    assert access.authorities_led_by(lead) == {province.pk}
    assert access.authorities_administered_by(admin) == {province.pk}


def test_one_login_is_a_national_contributor_and_a_reviewer_of_the_province_s_round():
    from accounts import access

    province = Authority.objects.get(code=provincial.AUTHORITY["code"])
    dual = User.objects.get(username=provincial.DUAL_REVIEWER)

    assert access.is_contributor_of(dual, province.unit)
    assert access.is_reviewer_of(dual, province) and not access.is_reviewer(dual)
    assert province_round(RankingGroup.DEPARTMENTS).submissions.filter(assigned_reviewer=dual).exists()
    assert not province_round(RankingGroup.DEPARTMENTS).submissions.filter(assigned_reviewer=dual, unit=dual.unit).exists()


def test_demo_logins_prints_the_province_s_logins_under_its_authority():
    text = printed()
    heading = next(line for line in text.splitlines() if line.startswith("Tỉnh Tuyên Quang tự đánh giá"))
    below = text.split(heading, 1)[1]

    assert provincial.AUTHORITY["name"] in heading
    assert printed_usernames(below) == [u.username for u in provincial.USERS] + [provincial.DUAL_REVIEWER]
    assert "Cán bộ đơn vị đóng góp số liệu và chuyên viên thẩm định" in below


def test_demo_logins_prints_the_province_officer_pattern_with_a_seeded_example():
    line = next(line for line in printed().splitlines() if line.startswith("  canbo-tq-<đơn vị>"))

    assert User.objects.filter(username=line.split()[-1]).exists()


@pytest.mark.parametrize(("username", "status"), [
    ("canbo-tq-hcc", S.DRAFT), ("canbo-tq-congthuong", S.RETURNED), ("canbo-tq-gddt", S.SUBMITTED),
    ("canbo-tq-tuphap", S.UNDER_REVIEW), ("canbo-tq-taichinh", S.SIGNED_OFF), ("canbo-tq-minhxuan", S.PUBLISHED),
])
def test_a_province_round_s_officer_lands_on_their_unit_s_submission_in_its_state(username, status):
    sub = province_submission(username.removeprefix("canbo-tq-"))
    client = signed_in(username)
    home = client.get(reverse("home")).text

    assert sub.status == status
    item = re.search(rf'href="/tu-danh-gia/ho-so/{sub.pk}/">(?:(?!</a>).)*</a>', home, re.S)
    assert item is not None and str(status.label) in item.group()
    assert client.get(f"/tu-danh-gia/ho-so/{sub.pk}/").status_code == 200


@pytest.mark.parametrize("username", ["thamdinh-tq", provincial.DUAL_REVIEWER])
def test_a_province_reviewer_lands_on_their_queue_of_the_province_s_round(username):
    home = landing(username)
    departments = province_round(RankingGroup.DEPARTMENTS)

    assert f'href="{reverse("review:queue", args=[departments.pk])}?reviewer=me"' in home
    assert int(re.search(r'id="my-todo">(\d+)<', home).group(1)) > 0
    assert reverse("review:queue", args=[live_round().pk]) not in home


def test_the_province_s_lead_reviewer_lands_on_its_sign_off_queue():
    queue = re.search(r'id="sign-off-queue".*?</div></div>', landing("truongnhom-tq"), re.S).group()

    assert "1 hồ sơ đã thẩm định xong, chờ ký duyệt" in queue
    assert re.findall(r'href="/tham-dinh/ho-so/(\d+)/"', queue) == [str(province_submission("tuphap").pk)]


def test_the_province_s_admin_lands_on_its_two_rounds_and_not_the_national_one():
    home = landing("quantri-tq")

    for group in (RankingGroup.DEPARTMENTS, RankingGroup.COMMUNES):
        assert reverse("assessments:round_detail", args=[province_round(group).pk]) in home
    assert reverse("assessments:round_detail", args=[live_round().pk]) not in home


def test_the_national_lead_reviewer_does_not_see_the_province_s_submissions():
    queue = re.search(r'id="sign-off-queue".*?</div></div>', landing("truongnhom"), re.S).group()

    assert str(province_submission("tuphap").pk) not in re.findall(r'href="/tham-dinh/ho-so/(\d+)/"', queue)
    assert reverse("review:queue", args=[province_round(RankingGroup.DEPARTMENTS).pk]) not in landing("truongnhom")
