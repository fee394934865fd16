"""The admin's unit and user pages with the tree (issue 17 item 1): parent and kind shown, the
units below a province listed, the tree's rules refused in Vietnamese and nothing saved."""

import pytest
from django.urls import reverse

from accounts.models import AuditEntry, Role, Unit, UnitKind, User
from tests.factories import SubUnitFactory
from tests.security.test_admin_guard import admin_url, change_form, form_errors

pytestmark = pytest.mark.django_db


def test_the_unit_list_shows_each_unit_s_kind_and_parent(admin_client_, department_a):
    body = admin_client_.get(reverse("admin:accounts_unit_changelist"), {"kind__exact": "so_nganh"}).content.decode()

    assert "Đơn vị cấp trên" in body
    assert "Sở Nội vụ thành phố Đà Nẵng" in body and "Sở, ban, ngành" in body
    assert ">Đà Nẵng (" in body  # the parent's column, by its label (group and validity)


def test_a_province_s_page_lists_the_units_under_it_as_a_tree(admin_client_, department_a, province_a):
    district = SubUnitFactory(name="Huyện Hòa Vang", kind=UnitKind.DISTRICT, parent=province_a)
    SubUnitFactory(name="Xã Hòa Phú", kind=UnitKind.COMMUNE, parent=district)

    body = admin_client_.get(admin_url(province_a)).content.decode()

    tree = body[body.index('class="unit-tree"'):]
    assert tree.index("Huyện Hòa Vang") < tree.index("Xã Hòa Phú") < tree.index("Sở Nội vụ thành phố Đà Nẵng")
    commune_url = admin_url(Unit.objects.get(name="Xã Hòa Phú"))
    assert f'style="margin-left:1.25rem"><a href="{commune_url}">Xã Hòa Phú' in tree


def add_unit(client, *, parent, **fields):
    """Post the admin's add form as a browser would, with an unranked unit under `parent`."""
    data = change_form(client, reverse("admin:accounts_unit_add"))
    data.update(parent=str(parent.pk), ranking_group="", valid_from="01/08/2008", **fields)
    return client.post(reverse("admin:accounts_unit_add"), data)


def test_adding_a_department_under_a_department_is_refused_in_vietnamese(admin_client_, department_a):
    response = add_unit(admin_client_, parent=department_a, code="48-phong", name="Phòng thử", kind=UnitKind.DEPARTMENT)

    assert response.status_code == 200
    assert any("phải trực thuộc một tỉnh hoặc thành phố trực thuộc Trung ương" in e for e in form_errors(response))
    assert not Unit.objects.filter(code="48-phong").exists()
    assert not AuditEntry.objects.exists()


def change(client, obj, **fields):
    """Post the object's admin change form as shown, with `fields` changed (ids as text)."""
    data = change_form(client, admin_url(obj))
    data.update({k: str(v) for k, v in fields.items()})
    return client.post(admin_url(obj), data)


def test_making_a_province_sit_under_its_own_department_is_refused(admin_client_, department_a, province_a):
    response = change(admin_client_, province_a, parent=department_a.pk)

    assert response.status_code == 200
    assert any("Một đơn vị không thể trực thuộc chính nó hay một đơn vị trực thuộc nó." in e for e in form_errors(response))
    province_a.refresh_from_db()
    assert province_a.parent_id is None


def test_adding_a_commune_under_a_province_is_audited_with_its_parent(admin_client_, province_a):
    response = add_unit(admin_client_, parent=province_a, code="48-haichau", name="Phường Hải Châu", kind=UnitKind.COMMUNE)

    assert response.status_code == 302, form_errors(response)
    unit = Unit.objects.get(code="48-haichau")
    assert unit.parent == province_a
    assert AuditEntry.objects.get(action="admin.unit.add").new["parent"] == province_a.pk


def test_a_contributor_account_in_a_province_is_refused_in_the_user_form(admin_client_, contributor_a, province_a):
    response = change(admin_client_, contributor_a, unit=province_a.pk)

    assert response.status_code == 200
    assert any("Cán bộ đơn vị đóng góp số liệu phải thuộc một đơn vị trực thuộc" in e for e in form_errors(response))
    assert User.objects.get(pk=contributor_a.pk).unit_id == contributor_a.unit_id


def test_a_leader_account_is_created_for_a_province(admin_client_, province_a):
    data = change_form(admin_client_, reverse("admin:accounts_user_add"))
    data.update(username="lanhdao", password1="Chuyen-doi-so-2027", password2="Chuyen-doi-so-2027",
                role=Role.PROVINCE_LEADER, unit=str(province_a.pk), usable_password="true")

    response = admin_client_.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302, form_errors(response)
    assert User.objects.get(username="lanhdao").unit == province_a
