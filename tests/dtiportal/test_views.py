"""The home page (dtiportal/views.py): each person lands on what they have to do."""

import pytest

pytestmark = pytest.mark.django_db


def test_officer_home_shows_their_province(officer_a_client):
    response = officer_a_client.get("/")
    assert "Đà Nẵng" in response.content.decode()


def test_reviewer_home_lists_rounds(reviewer_client):
    response = reviewer_client.get("/")
    assert "Các đợt cần thẩm định" in response.content.decode()


def test_admin_home_links_to_administration(admin_client_):
    response = admin_client_.get("/")
    body = response.content.decode()
    assert "/tu-danh-gia/quan-tri/dot/" in body
    assert "/quan-tri/accounts/user/" in body


def test_anonymous_home_offers_login(client):
    assert "/tai-khoan/dang-nhap/" in client.get("/").content.decode()


def test_an_officer_lands_on_the_officer_home(officer_a_client):
    assert "accounts/home_officer.html" in [t.name for t in officer_a_client.get("/").templates]


def test_a_lead_reviewer_lands_on_the_reviewer_home(client, lead_reviewer):
    client.force_login(lead_reviewer)
    assert "accounts/home_reviewer.html" in [t.name for t in client.get("/").templates]


def test_an_anonymous_visitor_lands_on_the_public_home(client):
    assert "accounts/home_public.html" in [t.name for t in client.get("/").templates]


# --- Contributors and leaders (issue 17): their landing pages ------------------------------


def test_a_contributor_lands_on_an_empty_assignments_page_naming_their_unit_and_province(client, contributor_a):
    client.force_login(contributor_a)

    response = client.get("/")

    assert response.status_code == 200
    assert "accounts/home_contributor.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Sở, ban, ngành trực thuộc Đà Nẵng" in body
    assert "Chưa có chỉ số nào được giao cho bạn." in body
    assert "việc được giao sẽ hiện ở đây cùng hạn hoàn thành" in body


def test_a_contributor_s_home_shows_no_submission_link(client, contributor_a, province_a):
    from tests import factories

    factories.make_round(units=[province_a])
    client.force_login(contributor_a)

    assert "/tu-danh-gia/ho-so/" not in client.get("/").content.decode()


def test_a_leader_lands_on_an_empty_approvals_page_with_the_province_s_units(client, leader_a, department_a):
    from accounts.models import UnitKind
    from tests.factories import SubUnitFactory

    SubUnitFactory(name="Phường Hải Châu", kind=UnitKind.COMMUNE, parent=leader_a.unit, illustrative=True)
    client.force_login(leader_a)

    response = client.get("/")

    assert "accounts/home_leader.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert "Chưa có hồ sơ nào chờ lãnh đạo tỉnh phê duyệt." in body
    tree = body[body.index('id="unit-tree"'):]
    assert tree.index("Phường Hải Châu") < tree.index("Sở Nội vụ thành phố Đà Nẵng")
    assert "dữ liệu minh họa" in tree


def test_a_leader_of_a_province_without_units_is_told_so(client, leader_a):
    client.force_login(leader_a)

    assert "Chưa có đơn vị trực thuộc nào được khai báo." in client.get("/").content.decode()


def test_the_leader_s_home_with_twenty_units_stays_within_eight_queries(client, leader_a, django_assert_max_num_queries):
    from tests.factories import SubUnitFactory

    client.force_login(leader_a)
    for _ in range(20):
        SubUnitFactory(parent=leader_a.unit)

    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200
