"""A province that runs its own index (issue 18) opens and runs a round over its own
departments, through the same pages and services as the national Authority."""

import pytest

from accounts.models import Authority, Notification, RankingGroup, Role
from assessments.models import Round, Submission
from assessments.workflow import Action, transition
from review import services as review_services
from tests import factories
from tests.review.conftest import fill, send

pytestmark = pytest.mark.django_db

OPEN = "/tu-danh-gia/quan-tri/dot/mo/"


def _form(framework, group=RankingGroup.DEPARTMENTS):
    return {"year": "2026", "framework": str(framework.pk), "ranking_group": group,
            "opens_at": "01/03/2026 08:00", "closes_at": "30/04/2026"}


@pytest.fixture
def authority(province_a):
    return factories.AuthorityFactory(unit=province_a)


@pytest.fixture
def departments(province_a, department_a):
    return [department_a, factories.SubUnitFactory(code="48-tc", name="Sở Tài chính", parent=province_a)]


@pytest.fixture
def a_admin(client, authority):
    role = factories.AuthorityRoleFactory(user=factories.UserFactory(username="a_admin"), authority=authority, role=Role.ADMIN)
    client.force_login(role.user)
    return client


def test_a_province_s_admin_opens_a_round_over_its_departments_only(a_admin, authority, departments, province_b):
    factories.SubUnitFactory(code="48-xa", name="Xã Hòa Vang", kind="xa", parent=departments[0].parent)
    factories.SubUnitFactory(code="49-tc", name="Sở Tài chính Quảng Nam", parent=province_b)
    framework = factories.make_framework("tinh-a-2026", authority=authority)
    response = a_admin.post(OPEN, _form(framework))
    assert response.status_code == 302
    rnd = Round.objects.get()
    assert (rnd.authority, sorted(rnd.submissions.values_list("unit__code", flat=True))) == (authority, ["48-noivu", "48-tc"])


def test_a_province_s_admin_is_offered_its_own_frameworks_only(a_admin, authority, departments):
    factories.make_framework("tinh-a-2026", authority=authority)
    national = factories.make_framework()
    response = a_admin.post(OPEN, _form(national))
    assert response.status_code == 200
    assert "framework" in response.context["form"].errors
    assert not Round.objects.exists()


def test_a_province_s_round_cannot_rank_provinces(a_admin, authority, departments):
    framework = factories.make_framework("tinh-a-2026", authority=authority)
    response = a_admin.post(OPEN, _form(framework, group=RankingGroup.PROVINCES_34))
    assert "Một tỉnh chỉ đánh giá các sở, ban, ngành hoặc các xã, phường của mình." in response.content.decode()
    assert not Round.objects.exists()


def test_the_national_admin_cannot_open_a_departments_round(admin_client_, province_a):
    framework = factories.make_framework()
    response = admin_client_.post(OPEN, _form(framework))
    assert "chỉ dùng cho đợt đánh giá do một tỉnh tự tổ chức" in response.content.decode()
    assert not Round.objects.exists()


def test_a_department_s_officer_finds_the_provincial_submission_among_theirs(client, authority, department_a, contributor_a):
    rnd = factories.make_provincial_round(authority, units=[department_a])
    factories.AuthorityRoleFactory(user=contributor_a, authority=authority, role=Role.OFFICER, unit=department_a)
    client.force_login(contributor_a)
    response = client.get("/tu-danh-gia/")
    assert [s.pk for s in response.context["submissions"]] == [rnd.submissions.get().pk]


def test_a_sent_provincial_submission_is_announced_to_the_province_s_reviewers_only(
    authority, department_a, contributor_a, reviewer
):
    rnd = factories.make_provincial_round(authority, units=[department_a])
    factories.AuthorityRoleFactory(user=contributor_a, authority=authority, role=Role.OFFICER, unit=department_a)
    a_reviewer = factories.AuthorityRoleFactory(authority=authority, role=Role.REVIEWER).user
    sub = rnd.submissions.get()
    fill(sub)
    send(sub, contributor_a)
    told = set(Notification.objects.filter(kind="submission_arrived").values_list("recipient__username", flat=True))
    assert told == {a_reviewer.username}


def test_a_department_s_officer_who_sends_is_told_the_province_appraises_it(client, authority, department_a, contributor_a):
    rnd = factories.make_provincial_round(authority, units=[department_a])
    factories.AuthorityRoleFactory(user=contributor_a, authority=authority, role=Role.OFFICER, unit=department_a)
    sub = rnd.submissions.get()
    fill(sub)
    client.force_login(contributor_a)
    response = client.post(f"/tu-danh-gia/ho-so/{sub.pk}/gui/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [f"Đã gửi hồ sơ đến {authority.name} để thẩm định."]


def test_a_province_s_lead_signs_off_its_round_and_the_national_lead_may_not(authority, department_a, contributor_a, lead_reviewer):
    rnd = factories.make_provincial_round(authority, units=[department_a])
    factories.AuthorityRoleFactory(user=contributor_a, authority=authority, role=Role.OFFICER, unit=department_a)
    a_lead = factories.AuthorityRoleFactory(authority=authority, role=Role.LEAD_REVIEWER).user
    sub = rnd.submissions.get()
    fill(sub)
    sub = transition(send(sub, contributor_a), Action.START_REVIEW, actor=a_lead)
    for value in sub.values.select_related("indicator", "submission__round"):
        review_services.appraise(value=value, actor=a_lead, points=value.self_points)
    with pytest.raises(review_services.ReviewError):
        review_services.sign_off(submission=Submission.objects.get(pk=sub.pk), actor=lead_reviewer)
    review_services.sign_off(submission=Submission.objects.get(pk=sub.pk), actor=a_lead)
    assert Submission.objects.get(pk=sub.pk).status == "signed_off"


def test_the_national_authority_runs_the_rounds_it_always_ran():
    assert factories.make_round().authority == Authority.national()


def test_an_officer_of_a_department_only_reads_the_department_s_results_page(client, authority, department_a):
    """An account made for the province's round alone (no national unit) is its unit's officer."""
    rnd = factories.make_provincial_round(authority, units=[department_a])
    officer = factories.UserFactory(username="so-noi-vu", role=Role.OFFICER, unit=None)
    factories.AuthorityRoleFactory(user=officer, authority=authority, role=Role.OFFICER, unit=department_a)
    client.force_login(officer)
    response = client.get("/ket-qua/don-vi-cua-toi/")
    assert (response.status_code, response.context["unit"]) == (200, department_a)
    assert [i["submission"].pk for i in response.context["items"]] == [rnd.submissions.get().pk]


def test_a_department_past_its_deadline_is_told_to_ask_the_province_s_authority_for_time(
    client, authority, department_a, contributor_a
):
    import datetime as dt

    from django.utils import timezone

    rnd = factories.make_provincial_round(authority, units=[department_a])
    Round.objects.filter(pk=rnd.pk).update(closes_at=timezone.now() - dt.timedelta(seconds=1))
    factories.AuthorityRoleFactory(user=contributor_a, authority=authority, role=Role.OFFICER, unit=department_a)
    client.force_login(contributor_a)
    html = client.get(f"/tu-danh-gia/ho-so/{rnd.submissions.get().pk}/gui/").content.decode()
    assert f"hãy đề nghị {authority.name} gia hạn." in html
    assert "Cục Chuyển đổi số quốc gia gia hạn" not in html
