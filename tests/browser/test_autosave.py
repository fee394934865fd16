"""Rows that save themselves, in headless Chromium: the officer types a good count and tabs
away (saved: a reload shows it), types a ratio that breaks its rule and tabs away (the row
shows the error, nothing of it saved), and the good row stays saved; leaving the page with the
refused typing still on it asks first. Screenshots: test-artifacts/screenshots/autosave-*.png."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import AuditEntry
from assessments.models import IndicatorValue, MainIndex
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_good_row_saves_itself_and_stays_saved_beside_a_bad_one(page, login, screenshot, province_a, officer_a):
    sub = factories.make_round(units=[province_a]).submissions.get()
    nts = MainIndex.objects.get(framework=sub.round.framework, code="NTS")
    values = {v.indicator.code: v for v in IndicatorValue.objects.filter(submission=sub).select_related("indicator")}
    count, ratio = values["1.4"], values["1.3"]
    url = f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{nts.pk}/"
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))

    login("officer_a")
    page.goto(url)
    page.fill(f"#id_v{count.pk}-count", "6")
    page.keyboard.press("Tab")  # on to the row's links: the row's fields are left
    expect(page.locator(f"#value-{count.pk} [data-row-saved]")).to_be_visible()
    expect(page.locator(f"#points-{count.pk} [data-points]")).to_have_text("10,00")
    expect(page.locator(f"#evidence-link-{count.pk}")).to_be_focused()  # the swap gave the focus back
    screenshot("autosave-row-saved")
    assert IndicatorValue.objects.get(pk=count.pk).self_points == Decimal("10.00")

    page.reload()
    assert dialogs == []  # everything typed was saved: leaving asks nothing
    expect(page.locator(f"#id_v{count.pk}-count")).to_have_value("6")

    # A ratio whose numerator exceeds its denominator: moving from one field to the other does
    # not save the half-typed row; leaving it does, and the row answers with the error.
    page.fill(f"#id_v{ratio.pk}-numerator", "150")
    page.keyboard.press("Tab")
    expect(page.locator(f"#id_v{ratio.pk}-denominator")).to_be_focused()
    page.keyboard.type("100")
    page.keyboard.press("Tab")
    error = page.locator(f"#id_v{ratio.pk}-numerator-error")
    expect(error).to_contain_text("không được lớn hơn mẫu số")
    expect(page.locator(f"#id_v{ratio.pk}-numerator")).to_have_value("150")  # the typing stays
    expect(page.locator(f"#points-{ratio.pk}")).to_contain_text("không được lớn hơn mẫu số")
    expect(page.locator(f"#value-{count.pk} [data-row-saved]")).to_have_count(0)  # the good row was not touched
    screenshot("autosave-row-error")
    ratio.refresh_from_db()
    assert (ratio.inputs, ratio.self_points) == ({}, None)
    assert AuditEntry.objects.filter(action="value.update").count() == 1  # the count's save, once

    page.reload()  # the refused typing is not saved: leaving the page asks first
    assert dialogs == ["beforeunload"]
    expect(page.locator(f"#id_v{count.pk}-count")).to_have_value("6")
    expect(page.locator(f"#id_v{ratio.pk}-numerator")).to_have_value("")
    assert IndicatorValue.objects.get(pk=count.pk).self_points == Decimal("10.00")
