"""The Django admin cannot write around the domain.

What the services wrote (values, evidence, submissions, clarifications, snapshots, publications,
audit rows) is view-only there; a framework a round uses cannot be edited in place; every
change that remains (users, units, rounds, unused frameworks) writes one audit row with the
changed fields old → new, and the database refuses to update or delete an audit row.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from accounts.models import AuditEntry, Interface, Role, Unit, User
from assessments.models import Evidence, Framework, Indicator, IndicatorValue, Round, Submission
from results.models import Publication, PublishedResult, RankingSnapshot
from review.models import Clarification
from tests import factories

pytestmark = pytest.mark.django_db


class _FormReader(HTMLParser):
    """The values a browser would post from the admin's change form (id="<model>_form")."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self.inside = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self.inside = True
        if not self.inside or "name" not in a and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            self.data.setdefault(a["name"], []).append(a.get("value", "on" if checkable else ""))
        elif tag == "select":
            self._select = a["name"]
            self.data.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[self._textarea] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            # As a browser does: the newline right after <textarea> is not part of the value.
            self.data[self._textarea][0] = self.data[self._textarea][0].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self.inside = False


def change_form(client, url) -> dict:
    page = client.get(url)
    assert page.status_code == 200
    reader = _FormReader()
    reader.feed(page.content.decode())
    return {k: v if len(v) != 1 else v[0] for k, v in reader.data.items()}


def form_errors(response) -> list[str]:
    """The admin's error lists, for a failing assertion's message."""
    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode(), re.S)


def admin_url(obj, view="change") -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def admin_entries(action=None):
    rows = AuditEntry.objects.filter(interface=Interface.ADMIN)
    return rows.filter(action=action) if action else rows


@pytest.fixture
def submitted(province_a, officer_a, reviewer):
    """A submitted value with inputs and points, evidence, a clarification and a publication."""
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    value = IndicatorValue.objects.get(submission=sub, indicator__code="1.2")
    IndicatorValue.objects.filter(pk=value.pk).update(inputs={"value": True}, self_points=Decimal("10"))
    Submission.objects.filter(pk=sub.pk).update(status="submitted", submitted_at=timezone.now())
    evidence = Evidence.objects.create(
        value=value, original_name="ke-hoach.pdf", content_type="application/pdf", size=10, sha256="0" * 64,
        doc_number="12/KH", doc_date=dt.date(2025, 3, 1), issuing_body="UBND", summary="Kế hoạch", uploaded_by=officer_a,
    )
    clarification = Clarification.objects.create(value=value, submission=sub, question="Vì sao?", asked_by=reviewer)
    snapshot = RankingSnapshot.objects.create(round=rnd, unit_count=1)
    publication = Publication.objects.create(round=rnd, snapshot=snapshot, version=1, published_by=reviewer)
    result = PublishedResult.objects.create(
        year=2024, framework_decision="922/QĐ-BTTTT", ranking_group=province_a.ranking_group, unit=province_a,
        rank=1, dti=Decimal("0.6"),
    )
    entry = audit.record(action="value.update", actor=officer_a, target=value, unit=province_a, old={}, new={"x": 1})
    value.refresh_from_db()
    return {
        "value": value, "submission": Submission.objects.get(pk=sub.pk), "evidence": evidence,
        "clarification": clarification, "snapshot": snapshot, "publication": publication, "result": result,
        "audit": entry,
    }


# --- What the services wrote is view-only --------------------------------------------------

DOMAIN_ROWS = ["value", "submission", "evidence", "clarification", "snapshot", "publication", "result", "audit"]


@pytest.mark.parametrize("name", DOMAIN_ROWS)
def test_domain_rows_are_shown_without_a_save_button(admin_client_, submitted, name):
    page = admin_client_.get(admin_url(submitted[name]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' not in body
    assert 'name="_continue"' not in body


@pytest.mark.parametrize("name", DOMAIN_ROWS)
def test_domain_rows_cannot_be_added_or_deleted_in_the_admin(admin_client_, submitted, name):
    obj = submitted[name]
    meta = obj._meta
    before = type(obj).objects.count()
    assert admin_client_.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    assert admin_client_.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert type(obj).objects.count() == before


def test_posting_a_submitted_values_change_form_changes_nothing(admin_client_, submitted):
    value = submitted["value"]
    response = admin_client_.post(
        admin_url(value), {"inputs": '{"value": false}', "self_points": "0", "final_points": "99", "version": "7"}
    )
    assert response.status_code == 403
    stored = IndicatorValue.objects.get(pk=value.pk)
    assert (stored.inputs, stored.self_points, stored.final_points, stored.version) == (
        value.inputs, value.self_points, value.final_points, value.version,
    )
    assert not admin_entries().exists()


def test_posting_a_submissions_change_form_leaves_its_status(admin_client_, submitted):
    sub = submitted["submission"]
    response = admin_client_.post(admin_url(sub), {"status": "signed_off", "assigned_reviewer": ""})
    assert response.status_code == 403
    assert Submission.objects.get(pk=sub.pk).status == "submitted"


def test_an_audit_row_cannot_be_edited_in_the_admin(admin_client_, submitted):
    entry = submitted["audit"]
    response = admin_client_.post(admin_url(entry), {"action": "nothing", "note": "sửa"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == "value.update"


def test_the_delete_action_is_not_offered_for_domain_rows(admin_client_, submitted):
    page = admin_client_.get(reverse("admin:assessments_indicatorvalue_changelist")).content.decode()
    assert "delete_selected" not in page


# --- A framework in use is never edited in place -----------------------------------------


@pytest.fixture
def used_framework(province_a):
    rnd = factories.make_round(units=[province_a])
    return rnd.framework


def test_an_in_use_frameworks_page_says_to_load_a_new_version(admin_client_, used_framework):
    page = admin_client_.get(admin_url(used_framework))
    body = page.content.decode()
    assert "hãy nạp tệp của một phiên bản mới" in body
    assert 'name="_save"' not in body
    assert 'name="pillars-0-weight"' not in body and 'name="main_indices-0-max_points"' not in body


def test_posting_an_in_use_framework_changes_nothing(admin_client_, used_framework):
    response = admin_client_.post(admin_url(used_framework), {"code": used_framework.code, "total_points": "1000"})
    assert response.status_code == 403
    assert Framework.objects.get(pk=used_framework.pk).total_points == used_framework.total_points
    assert not admin_entries().exists()


def test_an_indicator_of_an_in_use_framework_keeps_its_max_points(admin_client_, used_framework):
    indicator = used_framework.indicators.get(code="1.2")
    page = admin_client_.get(admin_url(indicator)).content.decode()
    assert "hãy nạp tệp của một phiên bản mới" in page and 'name="_save"' not in page
    response = admin_client_.post(admin_url(indicator), {"max_points": "500", "code": "1.2"})
    assert response.status_code == 403
    assert Indicator.objects.get(pk=indicator.pk).max_points == indicator.max_points
    assert admin_client_.post(admin_url(indicator, "delete"), {"post": "yes"}).status_code == 403


def test_an_in_use_framework_cannot_be_deleted(admin_client_, used_framework):
    assert admin_client_.post(admin_url(used_framework, "delete"), {"post": "yes"}).status_code == 403
    assert Framework.objects.filter(pk=used_framework.pk).exists()


def test_indicators_are_never_added_one_by_one(admin_client_, used_framework):
    assert admin_client_.get(reverse("admin:assessments_indicator_add")).status_code == 403


def test_the_framework_upload_stays_available(admin_client_, used_framework):
    assert admin_client_.get(reverse("admin:assessments_framework_upload")).status_code == 200


def test_an_unused_frameworks_change_is_audited_old_to_new(admin_client_, db):
    framework = factories.make_framework(code="chua-dung")
    data = change_form(admin_client_, admin_url(framework))
    data["title_vi"] = "Bộ chỉ số đã sửa"
    response = admin_client_.post(admin_url(framework), data)
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries("admin.framework.change").get()
    assert entry.old == {"title_vi": framework.title_vi}
    assert entry.new == {"title_vi": "Bộ chỉ số đã sửa"}
    assert entry.target == framework


def test_an_unused_frameworks_pillar_change_is_in_the_same_row(admin_client_, db):
    framework = factories.make_framework(code="chua-dung")
    pillar = framework.pillars.order_by("pk").first()
    data = change_form(admin_client_, admin_url(framework))
    index = next(k for k, v in data.items() if k.startswith("pillars-") and k.endswith("-id") and v == str(pillar.pk))
    prefix = index.removesuffix("-id")
    data[f"{prefix}-name_vi"] = "Trụ cột đổi tên"
    response = admin_client_.post(admin_url(framework), data)
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries("admin.framework.change").get()
    assert entry.old == {f"pillars:{pillar.pk}": {"name_vi": pillar.name_vi}}
    assert entry.new == {f"pillars:{pillar.pk}": {"name_vi": "Trụ cột đổi tên"}}


# --- Every remaining admin change writes one audit row -----------------------------------


def test_changing_a_users_role_and_unit_writes_one_row_old_to_new(admin_client_, officer_a, province_b):
    data = change_form(admin_client_, admin_url(officer_a))
    data.update(role=Role.REVIEWER, unit=str(province_b.pk))
    response = admin_client_.post(admin_url(officer_a), data)
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries().get()
    assert entry.action == "admin.user.change"
    assert entry.old == {"role": "officer", "unit": officer_a.unit_id}
    assert entry.new == {"role": "reviewer", "unit": province_b.pk}
    assert entry.actor.username == "admin"
    assert entry.target == officer_a


def test_a_form_saved_unchanged_writes_no_row(admin_client_, officer_a):
    data = change_form(admin_client_, admin_url(officer_a))
    assert admin_client_.post(admin_url(officer_a), data).status_code == 302
    assert not admin_entries().exists()


def test_adding_a_user_is_audited_without_the_password(admin_client_, province_a):
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {"username": "can_bo_moi", "password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026",
         "usable_password": "true", "full_name": "Trần Thị B", "role": Role.OFFICER, "unit": str(province_a.pk)},
    )
    assert response.status_code == 302, form_errors(response)
    user = User.objects.get(username="can_bo_moi")
    entry = admin_entries("admin.user.add").get()
    assert entry.old is None
    assert entry.new["username"] == "can_bo_moi" and entry.new["role"] == "officer" and entry.new["unit"] == province_a.pk
    assert "password" not in entry.new
    assert user.password not in str(entry.new) and "Mat-khau-moi-2026" not in str(entry.new) + entry.note


def test_a_password_set_in_the_admin_is_audited_without_the_password(admin_client_, officer_a):
    url = reverse("admin:auth_user_password_change", args=[officer_a.pk])
    response = admin_client_.post(url, {"password1": "Mat-khau-khac-2026", "password2": "Mat-khau-khac-2026"})
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries("admin.user.change").get()
    officer_a.refresh_from_db()
    assert officer_a.check_password("Mat-khau-khac-2026")
    assert entry.target == officer_a
    assert officer_a.password not in str(entry.new) + str(entry.old) + entry.note


def test_changing_a_unit_with_its_lineage_is_one_row(admin_client_, province_a, province_b):
    data = change_form(admin_client_, admin_url(province_a))
    data.update({"name": "TP Đà Nẵng", "lineage_as_successor-0-predecessor": str(province_b.pk),
                 "lineage_as_successor-0-effective_date": "01/07/2025"})
    data["lineage_as_successor-TOTAL_FORMS"] = "1"
    response = admin_client_.post(admin_url(province_a), data)
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries("admin.unit.change").get()
    assert entry.old == {"name": "Đà Nẵng"}
    assert entry.new["name"] == "TP Đà Nẵng"
    lineage = province_a.lineage_as_successor.get()
    assert entry.new[f"lineage_as_successor:{lineage.pk}"]["predecessor"] == province_b.pk
    assert entry.unit == province_a


def test_deleting_a_unit_nobody_used_is_audited(admin_client_, db):
    unit = factories.UnitFactory(code="99", name="Tỉnh nhập nhầm")
    response = admin_client_.post(admin_url(unit, "delete"), {"post": "yes"})
    assert response.status_code == 302, form_errors(response)
    assert not Unit.objects.filter(code="99").exists()
    entry = admin_entries("admin.unit.delete").get()
    assert entry.old["name"] == "Tỉnh nhập nhầm" and entry.new is None
    assert entry.target_id == str(unit.pk)


def test_a_unit_or_user_named_by_the_trail_cannot_be_deleted(admin_client_, officer_a, province_a):
    audit.record(action="value.update", actor=officer_a, unit=province_a)
    assert admin_client_.post(admin_url(officer_a, "delete"), {"post": "yes"}).status_code == 403
    assert admin_client_.post(admin_url(province_a, "delete"), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=officer_a.pk).exists() and Unit.objects.filter(pk=province_a.pk).exists()


def test_a_user_without_a_trail_is_deleted_with_an_audit_row(admin_client_, db):
    user = factories.UserFactory(username="tam_thoi")
    assert admin_client_.post(admin_url(user, "delete"), {"post": "yes"}).status_code == 302
    entry = admin_entries("admin.user.delete").get()
    assert entry.old["username"] == "tam_thoi" and "password" not in entry.old


def _round_not_yet_open() -> Round:
    """A round without submissions whose window has not begun: the one the admin may change."""
    now = timezone.now()
    return Round.objects.create(year=2026, framework=factories.make_framework(), ranking_group="tinh-63",
                                opens_at=now + dt.timedelta(days=5), closes_at=now + dt.timedelta(days=30))


def test_changing_a_round_not_yet_open_is_audited_old_to_new(admin_client_, db):
    rnd = _round_not_yet_open()
    data = change_form(admin_client_, admin_url(rnd))
    data["closes_at_0"] = "31/12/2026"
    data["closes_at_1"] = "17:00:00"
    response = admin_client_.post(admin_url(rnd), data)
    assert response.status_code == 302, form_errors(response)
    entry = admin_entries("admin.round.change").get()
    assert set(entry.old) == {"closes_at"} and entry.old["closes_at"] == rnd.closes_at.isoformat()
    assert entry.new["closes_at"].startswith("2026-12-31T")


def test_a_live_round_s_admin_page_shows_it_without_a_field_to_change(admin_client_, province_a):
    rnd = factories.make_round(units=[province_a])
    html = admin_client_.get(admin_url(rnd)).content.decode()
    assert 'name="closes_at_0"' not in html and 'name="opens_at_0"' not in html and 'name="framework"' not in html
    assert 'name="_save"' not in html


def test_a_live_round_s_admin_page_sends_the_admin_to_the_portal_s_round_page_in_vietnamese(admin_client_, province_a):
    rnd = factories.make_round(units=[province_a])
    html = admin_client_.get(admin_url(rnd)).content.decode()
    assert "Đợt đánh giá đã mở chỉ xem được ở đây." in html
    assert f'href="/tu-danh-gia/quan-tri/dot/{rnd.pk}/"' in html


def test_a_live_round_s_deadline_posted_to_the_admin_is_refused_and_unchanged(admin_client_, province_a):
    rnd = factories.make_round(units=[province_a])
    response = admin_client_.post(admin_url(rnd), {"closes_at_0": "31/12/2025", "closes_at_1": "17:00:00"})
    assert response.status_code == 403
    assert Round.objects.get(pk=rnd.pk).closes_at == rnd.closes_at
    assert not admin_entries().exists()


def test_a_round_whose_window_began_is_read_only_even_without_submissions(admin_client_, db):
    now = timezone.now()
    rnd = Round.objects.create(year=2026, framework=factories.make_framework(), ranking_group="tinh-63",
                               opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30))
    response = admin_client_.post(admin_url(rnd), {"closes_at_0": "31/12/2026", "closes_at_1": "17:00:00"})
    assert response.status_code == 403
    assert Round.objects.get(pk=rnd.pk).closes_at == rnd.closes_at


def test_an_open_rounds_framework_cannot_be_changed(admin_client_, province_a):
    rnd = factories.make_round(units=[province_a])
    other = factories.make_framework(code="khac")
    data = change_form(admin_client_, admin_url(rnd))
    assert "framework" not in data  # shown as text, not a field
    data["framework"] = str(other.pk)
    admin_client_.post(admin_url(rnd), data)
    assert Round.objects.get(pk=rnd.pk).framework_id == rnd.framework_id


def test_a_round_not_yet_open_may_change_framework_audited(admin_client_, db):
    rnd = _round_not_yet_open()
    other = factories.make_framework(code="khac")
    data = change_form(admin_client_, admin_url(rnd))
    data["framework"] = str(other.pk)
    assert admin_client_.post(admin_url(rnd), data).status_code == 302
    entry = admin_entries("admin.round.change").get()
    assert (entry.old, entry.new) == ({"framework": rnd.framework_id}, {"framework": other.pk})


def test_rounds_cannot_be_added_or_deleted_in_the_admin(admin_client_, province_a):
    rnd = factories.make_round(units=[province_a])
    assert admin_client_.get(reverse("admin:assessments_round_add")).status_code == 403
    assert admin_client_.post(admin_url(rnd, "delete"), {"post": "yes"}).status_code == 403
    assert Round.objects.filter(pk=rnd.pk).exists()


# --- The database keeps the trail append-only ---------------------------------------------


@pytest.mark.postgres
def test_the_database_refuses_to_update_an_audit_row(require_postgres, officer_a):
    entry = audit.record(action="value.update", actor=officer_a, new={"points": "10"})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditentry SET new = '{}'::jsonb WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).new == {"points": "10"}


@pytest.mark.postgres
def test_the_database_refuses_to_delete_an_audit_row(require_postgres, officer_a):
    entry = audit.record(action="value.update", actor=officer_a)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.postgres
def test_the_database_still_takes_new_audit_rows(require_postgres, officer_a):
    audit.record_many([{"action": "value.update", "actor": officer_a}, {"action": "value.update", "actor": officer_a}])
    assert AuditEntry.objects.filter(action="value.update").count() == 2


# --- Filters that Django's admin does not bound itself --------------------------------------


@pytest.mark.parametrize("query", [{"created_at__year": "99999999999"}, {"created_at__year": "2025", "created_at__month": "9" * 30},
                                   {"created_at__year": "2025", "created_at__month": "1", "created_at__day": "x"}])
def test_an_out_of_range_date_filter_is_a_400(admin_client_, query):
    response = admin_client_.get(reverse("admin:accounts_auditentry_changelist"), query)
    assert response.status_code == 400
    assert "Bộ lọc ngày không hợp lệ" in response.content.decode()


def test_a_date_filter_in_range_lists_the_rows(admin_client_, officer_a):
    audit.record(action="value.update", actor=officer_a)
    year = str(timezone.localtime().year)
    response = admin_client_.get(reverse("admin:accounts_auditentry_changelist"), {"created_at__year": year})
    assert response.status_code == 200
    assert "value.update" in response.content.decode()


# --- No admin escapes the guard -------------------------------------------------------------

PROJECT_APPS = {"accounts", "assessments", "review", "results", "auth"}


def test_every_project_admin_is_audited_or_view_only():
    from django.contrib import admin

    from accounts.admin_guard import AuditedAdmin, ViewOnlyAdmin

    unguarded = [
        model._meta.label for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in PROJECT_APPS and not isinstance(model_admin, AuditedAdmin | ViewOnlyAdmin)
    ]
    assert unguarded == []


def test_a_group_change_is_audited(admin_client_, db):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Nhóm cũ")
    data = change_form(admin_client_, reverse("admin:auth_group_change", args=[group.pk]))
    data["name"] = "Nhóm mới"
    assert admin_client_.post(reverse("admin:auth_group_change", args=[group.pk]), data).status_code == 302
    entry = admin_entries("admin.group.change").get()
    assert (entry.old, entry.new) == ({"name": "Nhóm cũ"}, {"name": "Nhóm mới"})


@pytest.mark.parametrize("changelist", ["admin:accounts_user_changelist", "admin:accounts_unit_changelist",
                                        "admin:assessments_framework_changelist", "admin:assessments_indicator_changelist"])
def test_bulk_delete_is_not_offered_where_deletion_depends_on_the_row(admin_client_, used_framework, changelist):
    page = admin_client_.get(reverse(changelist)).content.decode()
    assert "delete_selected" not in page


def test_the_users_own_actions_are_still_offered(admin_client_, officer_a):
    page = admin_client_.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "deactivate_and_sign_out" in page
