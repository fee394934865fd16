"""The admin pages people reach, in Vietnamese (issue 16.6).

Three sources of English were found on them: fields of the project's models without a
Vietnamese name (Django falls back to the attribute name: "Unit", "Assigned reviewer"),
strings of Django 5.2, DRF and django-axes that their Vietnamese catalogues lack ("Skip to
main content", "Password-based authentication", "Auth Token", "Access attempts"), and the
default permissions, whose names Django writes into the table once, in English ("Can add …").
The first are named in the models, the second translated by locale_vendor/, the third
relabelled by accounts.admin.permission_label.
"""

from __future__ import annotations

import re
from pathlib import Path

import axes
import django
import polib
import pytest
import rest_framework
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.utils import timezone

from accounts.models import Interface
from accounts.services import deactivate_user
from api import authentication as tokens
from tests import factories
from tests.results.conftest import published_round
from tests.test_translations import PLACEHOLDER, _Visible

pytestmark = pytest.mark.django_db

VENDOR = Path(settings.BASE_DIR) / "locale_vendor" / "vi" / "LC_MESSAGES"
PROJECT_APPS = {"accounts", "assessments", "review", "results", "api"}

# What the admin showed in English before (found by reading every page below), and the
# words Django prints when a string escapes translation.
ENGLISH = [
    "Skip to main content", "Toggle theme", "Model name", "Add link", "Change or view list link", "Show counts",
    "Hide counts", "Breadcrumbs", "Sidebar", "Toggle navigation", "Filter navigation items", "Select all objects",
    "Raw passwords", "Reset password", "Set password", "Password-based authentication", "Enabled", "Disabled",
    "After you", "If disabled", "Auth Token", "Tokens", "Key", "Created", "User", "Username", "Axes",
    "Access attempts", "Access failures", "Access logs", "access attempts", "Attempt Time", "Path", "Logout Time",
    "Locked Out", "Failed Logins", "Can add", "Can change", "Can delete", "Can view", "Predecessor", "Successor",
    "Unit", "Round", "Submission", "Indicator", "Framework", "Main index", "Assigned reviewer", "Status changed at",
    "Reviewed by", "Reviewed at", "Measured at", "Version", "Updated at", "Updated by", "Created at", "Created by",
    "Order", "Group", "Actor", "Target", "Snapshot", "Requested at", "Processed at", "Published by", "Imported at",
    "Content hash", "Search", "Save", "Delete", "Cancel", "Change", "History", "Filter", "Add", "View", "Select",
    "Home", "Log out", "Password",
]  # (no bare "the"/"and": framework rows carry English names, label_en, as data)


def visible_text(html: str) -> str:
    """The text people read, with the read attributes (title, aria-label, placeholder, button
    values) — but `alt`: the admin's search icon carries alt="Search" written into Django's
    template (not a translatable string), beside the translated search button."""
    parser = _Visible()
    parser.READ_ATTRS = _Visible.READ_ATTRS - {"alt"}
    parser.feed(html)
    return " ".join(parser.chunks)


def english_on(html: str) -> list[str]:
    text = visible_text(html)
    return [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


@pytest.fixture
def scene(province_a, province_b, officer_a, lead_reviewer, admin_user):
    published = published_round([province_a, province_b], lead=lead_reviewer, admin=admin_user)
    tokens.issue(user=officer_a)
    now = timezone.now()
    AccessAttempt.objects.create(user_agent="x", ip_address="10.0.0.1", username="sai", http_accept="*/*",
                                 path_info="/tai-khoan/dang-nhap/", get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(user_agent="x", ip_address="10.0.0.1", username="admin", http_accept="*/*",
                             path_info="/tai-khoan/dang-nhap/", logout_time=now)
    AccessFailureLog.objects.create(user_agent="x", ip_address="10.0.0.1", username="sai", http_accept="*/*",
                                    path_info="/tai-khoan/dang-nhap/")
    other = factories.UserFactory(username="nghi_viec")
    deactivate_user(user=other, actor=admin_user, interface=Interface.ADMIN)
    sub = published.submissions.order_by("unit__code").first()
    return {"round": published, "submission": sub, "value": sub.values.first(), "officer": officer_a}


def admin_urls(scene) -> list[str]:
    sub, value, officer, rnd = scene["submission"], scene["value"], scene["officer"], scene["round"]
    return [
        "/quan-tri/", "/quan-tri/accounts/", "/quan-tri/accounts/user/", f"/quan-tri/accounts/user/{officer.pk}/change/",
        "/quan-tri/accounts/user/add/", f"/quan-tri/accounts/user/{officer.pk}/password/", "/quan-tri/accounts/unit/",
        f"/quan-tri/accounts/unit/{sub.unit_id}/change/", "/quan-tri/accounts/unit/add/", "/quan-tri/accounts/auditentry/",
        "/quan-tri/accounts/outgoingemail/", "/quan-tri/auth/group/add/", "/quan-tri/authtoken/tokenproxy/",
        "/quan-tri/authtoken/tokenproxy/add/", "/quan-tri/assessments/submission/",
        f"/quan-tri/assessments/submission/{sub.pk}/change/", "/quan-tri/assessments/indicatorvalue/",
        f"/quan-tri/assessments/indicatorvalue/{value.pk}/change/", "/quan-tri/assessments/round/",
        f"/quan-tri/assessments/framework/{rnd.framework_id}/change/", "/quan-tri/assessments/indicator/",
        f"/quan-tri/assessments/indicator/{value.indicator_id}/change/", "/quan-tri/results/rankingsnapshot/",
        "/quan-tri/results/recomputerequest/", "/quan-tri/results/publication/", "/quan-tri/results/publishedresult/",
        "/quan-tri/axes/accessattempt/", "/quan-tri/axes/accesslog/", "/quan-tri/axes/accessfailurelog/",
        "/quan-tri/password_change/",
    ]


def test_the_admin_pages_people_reach_show_no_english(scene, admin_client_):
    leaks = {}
    for url in admin_urls(scene):
        response = admin_client_.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, url
        found = english_on(response.content.decode())
        if found:
            leaks[url] = found
    assert not leaks, leaks


def test_the_english_check_sees_what_the_admin_used_to_show():
    assert english_on('<a class="skip-to-content-link" href="#main">Skip to main content</a>') == ["Skip to main content"]
    assert english_on('<th scope="col">Assigned reviewer</th><nav aria-label="Breadcrumbs"></nav>') == [
        "Breadcrumbs", "Assigned reviewer"
    ]
    assert english_on('<img alt="Search"><th>Người thẩm định được phân công</th>') == []


def test_in_english_the_admin_keeps_djangos_own_english(scene, admin_client_):
    admin_client_.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = admin_client_.get("/quan-tri/accounts/user/").content.decode()
    assert "Skip to main content" in body and "Đến nội dung chính" not in body


def test_every_field_the_admin_shows_has_a_vietnamese_name():
    """Django names a field without verbose_name after its attribute ("assigned reviewer")."""
    models = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in PROJECT_APPS:
            models |= {model, *(inline.model for inline in model_admin.inlines)}
    english = [
        f"{m._meta.label}.{f.name}"
        for m in models
        for f in [*m._meta.concrete_fields, *m._meta.many_to_many]
        if not f.primary_key and str(f.verbose_name) == f.name.replace("_", " ")
    ]
    assert not english, english


def test_permissions_are_listed_in_vietnamese(admin_client_, officer_a):
    html = admin_client_.get(f"/quan-tri/accounts/user/{officer_a.pk}/change/").content.decode()
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', html)
    assert "Tài khoản và đơn vị | Sửa đơn vị" in options and "Tự đánh giá | Xem hồ sơ tự đánh giá" in options
    assert not [o for o in options if o.startswith("Can ") or "| Can " in o]


def test_a_groups_permissions_are_listed_in_vietnamese(admin_client_):
    html = admin_client_.get("/quan-tri/auth/group/add/").content.decode()
    assert "Xác thực API | Xóa Token API" in html
    assert "Can delete" not in html


def test_the_password_page_warns_in_vietnamese(admin_client_, officer_a):
    html = admin_client_.get(f"/quan-tri/accounts/user/{officer_a.pk}/password/").content.decode()
    assert "Nếu tắt, mật khẩu hiện tại của người dùng này sẽ mất." in html
    assert "Đăng nhập bằng mật khẩu" in html and 'id="id_unusable_warning"' in html


def test_the_admins_scripts_get_vietnamese_day_names_and_picker_help(admin_client_):
    script = admin_client_.get("/quan-tri/jsi18n/").content.decode()
    assert "Th\\u1ee9 hai" in script  # "Thứ hai", Monday
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in script  # "Chọn tất cả %s"


def test_login_lockouts_are_named_in_vietnamese_on_the_index(admin_client_):
    html = admin_client_.get("/quan-tri/").content.decode()
    assert "Khóa đăng nhập sai" in html and "Lượt đăng nhập sai đang tính" in html


# --- The vendor catalogue itself ------------------------------------------------------------


def _site(package) -> Path:
    return Path(package.__file__).resolve().parent


def library_msgids() -> set[tuple[str | None, str]]:
    """(context, msgid) of every English string Django's catalogues know."""
    base = _site(django)
    ids = set()
    for po in [*base.glob("conf/locale/en/LC_MESSAGES/*.po"), *base.glob("contrib/*/locale/en/LC_MESSAGES/*.po")]:
        ids |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(po))}
    return ids


def library_sources() -> str:
    """The source of DRF's token app and django-axes, which ship no English catalogue."""
    files = [*(_site(rest_framework) / "authtoken").glob("*.py"), *_site(axes).glob("*.py")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_vendor_entry_translates_a_string_the_libraries_really_use(domain):
    known, sources = library_msgids(), library_sources()
    strays = [
        e.msgid for e in polib.pofile(str(VENDOR / f"{domain}.po"))
        if (e.msgctxt, e.msgid) not in known and f'_("{e.msgid}")' not in sources and f"_('{e.msgid}')" not in sources
    ]
    assert not strays, strays


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_vendor_entry_is_translated_with_its_placeholders(domain):
    for e in polib.pofile(str(VENDOR / f"{domain}.po")):
        translated = e.msgstr_plural[0] if e.msgid_plural else e.msgstr
        assert translated and "fuzzy" not in e.flags, e.msgid
        assert sorted(PLACEHOLDER.findall(e.msgid)) == sorted(PLACEHOLDER.findall(translated)), e.msgid
        assert translated.count("<strong>") == e.msgid.count("<strong>"), e.msgid


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_vendor_mo_file_matches_its_po_file(domain):
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(VENDOR / f"{domain}.mo"))}
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(VENDOR / f"{domain}.po"))}
    assert compiled == source, "stale .mo: run `make messages` (compilemessages)"


def test_the_vendor_catalogue_is_a_locale_path_after_the_projects_own():
    assert [Path(p).name for p in settings.LOCALE_PATHS] == ["locale", "locale_vendor"]
