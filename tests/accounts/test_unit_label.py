"""A unit's label (issue 16.6): its name with its group and validity, so that two units of
the same name — "An Giang" of the 63 until 30 June 2025 and of the 34 from 1 July 2025 — are
told apart in every picker: the admin's selects, filters and autocomplete, form choices, the
account menu and the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms

from accounts import audit
from accounts.models import Interface, RankingGroup, Unit, UnitKind
from tests import factories

pytestmark = pytest.mark.django_db

OLD_LABEL = "An Giang (63 tỉnh, đến 30/06/2025)"
NEW_LABEL = "An Giang (34 tỉnh, từ 01/07/2025)"


@pytest.fixture
def an_giang_old():
    return factories.UnitFactory(
        code="89", name="An Giang", ranking_group=RankingGroup.PROVINCES_63, valid_from=None, valid_to=dt.date(2025, 6, 30)
    )


@pytest.fixture
def an_giang_new():
    return factories.UnitFactory(
        code="2025-89", name="An Giang", ranking_group=RankingGroup.PROVINCES_34, valid_from=dt.date(2025, 7, 1)
    )


def test_an_old_unit_is_labelled_with_its_group_and_last_day(an_giang_old):
    assert an_giang_old.label == OLD_LABEL


def test_a_merged_unit_is_labelled_with_its_group_and_first_day(an_giang_new):
    assert an_giang_new.label == NEW_LABEL


def test_a_unit_with_both_dates_shows_its_span():
    unit = factories.UnitFactory(code="X", name="Hà Tây", valid_from=dt.date(1991, 8, 12), valid_to=dt.date(2008, 7, 31))
    assert unit.label == "Hà Tây (63 tỉnh, 12/08/1991 đến 31/07/2008)"


def test_a_ministry_without_dates_shows_its_group_only():
    unit = factories.UnitFactory(
        code="BO-TC", name="Bộ Tài chính", kind=UnitKind.MINISTRY, ranking_group=RankingGroup.MINISTRIES_SERVICE, valid_from=None
    )
    assert unit.label == "Bộ Tài chính (bộ, ngành có dịch vụ công)"


def test_a_unit_prints_as_its_label(an_giang_old):
    assert str(an_giang_old) == OLD_LABEL


def test_a_form_picker_tells_the_two_an_giang_apart(an_giang_old, an_giang_new):
    field = forms.ModelChoiceField(queryset=Unit.objects.filter(name="An Giang"))
    assert [label for _value, label in field.choices][1:] == [NEW_LABEL, OLD_LABEL]


def test_the_user_pages_unit_autocomplete_shows_labels(admin_client_, an_giang_old, an_giang_new):
    response = admin_client_.get(
        "/quan-tri/autocomplete/", {"app_label": "accounts", "model_name": "user", "field_name": "unit", "term": "An Giang"}
    )
    assert [r["text"] for r in response.json()["results"]] == [NEW_LABEL, OLD_LABEL]


def test_the_user_list_shows_each_users_unit_label(admin_client_, an_giang_old, an_giang_new):
    factories.UserFactory(username="cu", unit=an_giang_old)
    factories.UserFactory(username="moi", unit=an_giang_new)
    html = admin_client_.get("/quan-tri/accounts/user/").content.decode()
    cells = dict(re.findall(r'<a href="/quan-tri/accounts/user/\d+/change/">(\w+)</a>.*?<td class="field-unit[^"]*">([^<]*)</td>', html, re.S))
    assert (cells["cu"], cells["moi"]) == (OLD_LABEL, NEW_LABEL)


def test_the_audit_trails_unit_filter_tells_the_two_apart(admin_client_, admin_user, an_giang_old, an_giang_new):
    for unit in (an_giang_old, an_giang_new):
        audit.record(action="test.touch", actor=admin_user, target=unit, unit=unit, interface=Interface.ADMIN)
    html = admin_client_.get("/quan-tri/accounts/auditentry/").content.decode()
    assert re.findall(r'<a href="\?unit__id__exact=\d+"[^>]*>([^<]*)</a>', html) == [NEW_LABEL, OLD_LABEL]


def test_the_user_change_form_selects_the_unit_by_its_label(admin_client_, an_giang_new):
    user = factories.UserFactory(username="moi", unit=an_giang_new)
    html = admin_client_.get(f"/quan-tri/accounts/user/{user.pk}/change/").content.decode()
    assert re.search(rf'<option value="{an_giang_new.pk}" selected>{re.escape(NEW_LABEL)}</option>', html)


def test_the_account_menu_shows_the_officers_unit_label(client, an_giang_new):
    officer = factories.UserFactory(username="canbo", unit=an_giang_new)
    client.force_login(officer)
    assert f"Cán bộ tỉnh · {NEW_LABEL}" in client.get("/").content.decode()


def test_the_api_gives_each_unit_its_label_beside_its_name(client, an_giang_old, an_giang_new):
    rows = client.get("/api/units/", {"ranking_group": RankingGroup.PROVINCES_34}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [(r["name"], r["label"]) for r in rows] == [("An Giang", NEW_LABEL)]
