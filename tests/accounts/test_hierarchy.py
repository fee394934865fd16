"""Units form a tree (issue 17): who may sit under whom, within which dates, and the tree's reads."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts import hierarchy
from accounts.models import AuditEntry, Interface, RankingGroup, Role, Unit, UnitKind, User
from accounts.services import add_units
from tests.factories import SubUnitFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
K = UnitKind


def errors_of(unit) -> dict:
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    return exc.value.message_dict


def ministry(**kw):
    return UnitFactory(code="BO-TC", name="Bộ Tài chính", kind=K.MINISTRY, ranking_group=RankingGroup.MINISTRIES_SERVICE, **kw)


# --- Validation: the model's clean (the admin's form and the services ask it) ----------------


def test_a_department_under_its_province_is_valid(department_a):
    department_a.full_clean()


def test_a_unit_cannot_be_its_own_parent(department_a):
    department_a.parent = department_a

    assert "Một đơn vị không thể trực thuộc chính nó hay một đơn vị trực thuộc nó." in errors_of(department_a)["parent"]


def test_a_unit_cannot_sit_under_one_of_its_own_descendants(province_a):
    district = SubUnitFactory(kind=K.DISTRICT, parent=province_a)
    commune = SubUnitFactory(kind=K.COMMUNE, parent=district)
    district.parent = commune

    assert "Một đơn vị không thể trực thuộc chính nó hay một đơn vị trực thuộc nó." in errors_of(district)["parent"]


def test_a_department_under_a_department_is_refused_naming_both_kinds(department_a):
    unit = SubUnitFactory.build(code="48-x", name="Phòng thử", parent=department_a)

    assert errors_of(unit)["parent"] == [
        "“Sở Nội vụ thành phố Đà Nẵng” là sở, ban, ngành: đơn vị loại “sở, ban, ngành” phải trực thuộc một "
        "tỉnh hoặc thành phố trực thuộc Trung ương."
    ]


def test_a_department_without_a_parent_is_refused(db):
    unit = SubUnitFactory.build(code="x", parent=None, valid_from=None)

    assert errors_of(unit)["parent"] == [
        "Đơn vị loại “sở, ban, ngành” phải trực thuộc một tỉnh hoặc thành phố trực thuộc Trung ương."
    ]


def test_a_province_under_another_province_is_refused(province_a, province_b):
    province_b.parent = province_a

    assert errors_of(province_b)["parent"] == ["Đơn vị loại “tỉnh” không trực thuộc đơn vị nào: hãy bỏ trống đơn vị cấp trên."]


def test_a_ministry_department_sits_under_a_ministry_and_not_a_province(province_a):
    ok = SubUnitFactory.build(code="BO-TC-1", kind=K.MINISTRY_DEPARTMENT, parent=ministry())
    wrong = SubUnitFactory.build(code="48-v", kind=K.MINISTRY_DEPARTMENT, parent=province_a)

    ok.full_clean()
    assert errors_of(wrong)["parent"] == [
        "“Đà Nẵng” là thành phố trực thuộc Trung ương: đơn vị loại “đơn vị thuộc bộ” phải trực thuộc một bộ, cơ quan ngang bộ."
    ]


def test_a_department_under_a_ministry_is_refused(db):
    unit = SubUnitFactory.build(code="x", kind=K.DEPARTMENT, parent=ministry())

    assert "phải trực thuộc một tỉnh hoặc thành phố trực thuộc Trung ương" in errors_of(unit)["parent"][0]


def test_a_commune_sits_under_a_province_or_a_district_of_earlier_data(province_a):
    district = SubUnitFactory(kind=K.DISTRICT, parent=province_a)

    SubUnitFactory.build(code="x1", kind=K.COMMUNE, parent=province_a).full_clean()
    SubUnitFactory.build(code="x2", kind=K.COMMUNE, parent=district).full_clean()


def test_a_sub_unit_is_not_ranked(department_a):
    department_a.ranking_group = RankingGroup.PROVINCES_34

    assert errors_of(department_a)["ranking_group"] == ["Đơn vị trực thuộc không được xếp hạng: hãy bỏ trống nhóm xếp hạng."]


def test_a_province_needs_a_ranking_group(province_a):
    province_a.ranking_group = ""

    assert errors_of(province_a)["ranking_group"] == ["Tỉnh, thành phố và bộ, ngành được đánh giá cần có nhóm xếp hạng."]


def test_a_commune_cannot_start_before_its_province(province_a):
    commune = SubUnitFactory.build(code="x", kind=K.COMMUNE, parent=province_a, valid_from=dt.date(2000, 1, 1))

    assert errors_of(commune)["valid_from"] == [
        "“Đà Nẵng” có hiệu lực từ 01/08/2008: đơn vị trực thuộc không thể có hiệu lực sớm hơn."
    ]


def test_a_commune_without_a_start_date_under_a_dated_province_is_refused(province_a):
    commune = SubUnitFactory.build(code="x", kind=K.COMMUNE, parent=province_a, valid_from=None)

    assert "valid_from" in errors_of(commune)


def test_a_commune_cannot_outlive_its_province(province_a):
    province_a.valid_to = dt.date(2025, 6, 30)
    province_a.save()
    forever = SubUnitFactory.build(code="x1", kind=K.COMMUNE, parent=province_a)
    later = SubUnitFactory.build(code="x2", kind=K.COMMUNE, parent=province_a, valid_to=dt.date(2025, 7, 1))
    within = SubUnitFactory.build(code="x3", kind=K.COMMUNE, parent=province_a, valid_to=dt.date(2025, 6, 30))

    message = "“Đà Nẵng” hết hiệu lực ngày 30/06/2025: đơn vị trực thuộc không thể còn hiệu lực sau ngày đó."
    assert errors_of(forever)["valid_to"] == [message]
    assert errors_of(later)["valid_to"] == [message]
    within.full_clean()


def test_a_unit_ending_before_it_starts_is_refused(province_a):
    province_a.valid_to = dt.date(2000, 1, 1)

    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in errors_of(province_a)["valid_to"]


def test_a_province_cannot_end_before_the_units_under_it(department_a):
    province = department_a.parent
    province.valid_to = dt.date(2025, 6, 30)

    assert errors_of(province)["valid_to"] == [
        "“Sở Nội vụ thành phố Đà Nẵng” trực thuộc đơn vị này có hiệu lực ngoài khoảng thời gian mới: sửa đơn vị trực thuộc trước."
    ]


def test_a_province_with_departments_cannot_become_a_department(department_a):
    province = department_a.parent
    province.kind = K.MINISTRY

    assert errors_of(province)["kind"] == [
        "“Sở Nội vụ thành phố Đà Nẵng” (sở, ban, ngành) trực thuộc đơn vị này và không thể trực thuộc một bộ, cơ quan ngang bộ."
    ]


def test_the_database_refuses_a_unit_as_its_own_parent(department_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=department_a.pk).update(parent=department_a)


def test_a_province_with_units_under_it_cannot_be_deleted(department_a):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        department_a.parent.delete()


# --- A person's role and unit ------------------------------------------------------------------


def test_a_contributor_belongs_to_a_department_or_commune(department_a, province_a):
    UserFactory.build(username="c1", role=Role.CONTRIBUTOR, unit=department_a).full_clean()

    user = UserFactory.build(username="c2", role=Role.CONTRIBUTOR, unit=province_a)
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert exc.value.message_dict["unit"] == [
        "Cán bộ đơn vị đóng góp số liệu phải thuộc một đơn vị trực thuộc tỉnh hoặc bộ (sở, ban, ngành, xã, phường…)."
    ]


def test_a_contributor_needs_a_unit(db):
    with pytest.raises(ValidationError) as exc:
        UserFactory.build(username="c", role=Role.CONTRIBUTOR, unit=None).full_clean()
    assert "unit" in exc.value.message_dict


def test_a_leader_belongs_to_a_province(department_a, province_a):
    UserFactory.build(username="l1", role=Role.PROVINCE_LEADER, unit=province_a).full_clean()

    with pytest.raises(ValidationError) as exc:
        UserFactory.build(username="l2", role=Role.PROVINCE_LEADER, unit=department_a).full_clean()
    assert exc.value.message_dict["unit"] == ["Lãnh đạo tỉnh phải thuộc một tỉnh hoặc thành phố trực thuộc Trung ương."]


def test_an_officer_of_a_department_is_refused(department_a):
    with pytest.raises(ValidationError) as exc:
        UserFactory.build(username="o", role=Role.OFFICER, unit=department_a).full_clean()
    assert "Cán bộ đơn vị đóng góp số liệu" in exc.value.message_dict["unit"][0]


# --- Tree reads ---------------------------------------------------------------------------------


@pytest.fixture
def tree(province_a, province_b):
    """Đà Nẵng: two departments, a district with two communes, a commune; Quảng Nam: one."""
    district = SubUnitFactory(name="Huyện Hòa Vang", kind=K.DISTRICT, parent=province_a)
    units = {
        "so-b": SubUnitFactory(name="Sở Tài chính", parent=province_a),
        "so-a": SubUnitFactory(name="Sở Nội vụ", parent=province_a),
        "huyen": district,
        "xa-2": SubUnitFactory(name="Xã Hòa Vang 2", kind=K.COMMUNE, parent=district),
        "xa-1": SubUnitFactory(name="Xã Hòa Vang 1", kind=K.COMMUNE, parent=district),
        "phuong": SubUnitFactory(name="Phường Hải Châu", kind=K.COMMUNE, parent=province_a),
        "other": SubUnitFactory(name="Sở Nội vụ Quảng Nam", parent=province_b),
    }
    return units


def test_the_units_under_a_province_are_its_departments_communes_and_the_communes_of_its_districts(tree, province_a):
    below = hierarchy.subtree(province_a)

    assert [(u.name, u.tree_depth) for u in below] == [
        ("Huyện Hòa Vang", 1), ("Xã Hòa Vang 1", 2), ("Xã Hòa Vang 2", 2),
        ("Phường Hải Châu", 1), ("Sở Nội vụ", 1), ("Sở Tài chính", 1),
    ]


def test_the_subtree_is_one_query_whatever_its_size(tree, province_a, django_assert_num_queries):
    with django_assert_num_queries(1):
        hierarchy.subtree(province_a)


def test_a_unit_is_within_each_of_its_ancestors_only(tree, province_a, province_b):
    assert hierarchy.is_within(tree["xa-1"], province_a)
    assert hierarchy.is_within(tree["xa-1"], tree["huyen"])
    assert not hierarchy.is_within(tree["xa-1"], tree["xa-2"])
    assert not hierarchy.is_within(tree["xa-1"], province_b)
    assert not hierarchy.is_within(province_a, province_a)
    assert not hierarchy.is_within(None, province_a)


def test_the_root_of_a_commune_is_its_province(tree, province_a):
    assert hierarchy.root_of(tree["xa-1"]) == province_a
    assert hierarchy.root_of(tree["so-a"]) == province_a
    assert hierarchy.root_of(province_a) == province_a


# --- The service -----------------------------------------------------------------------------


def rows(n, kind=K.COMMUNE, **extra):
    return [{"code": f"48-x{i}", "name": f"Xã thử {i}", "kind": kind, "valid_from": dt.date(2008, 8, 1), **extra} for i in range(n)]


def test_add_units_creates_them_under_the_parent_with_one_audit_row_each(province_a):
    created = add_units(parent=province_a, units=rows(3, illustrative=True), interface=Interface.IMPORT)

    assert sorted(u.code for u in province_a.children.all()) == ["48-x0", "48-x1", "48-x2"]
    assert all(u.illustrative for u in created)
    entries = AuditEntry.objects.filter(action="accounts.add_unit")
    assert sorted(e.unit.code for e in entries) == ["48-x0", "48-x1", "48-x2"]
    assert entries.first().new["parent_id"] == province_a.pk


def test_add_units_costs_the_same_queries_for_three_or_thirty(province_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        add_units(parent=province_a, units=rows(3))
    with django_assert_max_num_queries(6):
        add_units(parent=province_a, units=[{**r, "code": f"48-y{i}"} for i, r in enumerate(rows(30))])


def test_add_units_refuses_the_whole_list_when_one_is_wrong(province_a):
    bad = rows(3)
    bad[1]["valid_from"] = dt.date(2000, 1, 1)

    with pytest.raises(ValidationError) as exc:
        add_units(parent=province_a, units=bad)

    assert exc.value.messages == ["Xã thử 1: “Đà Nẵng” có hiệu lực từ 01/08/2008: đơn vị trực thuộc không thể có hiệu lực sớm hơn."]
    assert not province_a.children.exists()
    assert not AuditEntry.objects.exists()


def test_add_units_refuses_a_kind_that_cannot_sit_under_the_parent(department_a):
    with pytest.raises(ValidationError) as exc:
        add_units(parent=department_a, units=rows(1))
    assert "phải trực thuộc một tỉnh hoặc thành phố trực thuộc Trung ương hoặc huyện" in exc.value.messages[0]


def test_add_units_refuses_an_unknown_kind_and_a_repeated_code(province_a):
    with pytest.raises(ValidationError) as exc:
        add_units(parent=province_a, units=[*rows(1, kind="lang"), *rows(1)])
    assert any("lang" in m for m in exc.value.messages)
    assert any("Mã đơn vị xuất hiện hai lần." in m for m in exc.value.messages)
    assert not Unit.objects.filter(code="48-x0").exists()


def test_add_units_again_leaves_the_stored_ones_as_they_are(province_a):
    add_units(parent=province_a, units=rows(2))

    again = add_units(parent=province_a, units=[{**r, "name": "Đổi tên"} for r in rows(3)])

    assert [u.code for u in again] == ["48-x2"]
    assert Unit.objects.get(code="48-x0").name == "Xã thử 0"
    assert AuditEntry.objects.filter(action="accounts.add_unit").count() == 3


def test_a_contributor_may_be_created_for_a_unit_added_by_the_service(province_a):
    (unit,) = add_units(parent=province_a, units=rows(1))
    user = User(username="xa", role=Role.CONTRIBUTOR, unit=unit)
    user.set_password("Mat-khau-2026")
    user.full_clean()
