"""English chosen with the navigation bar's switcher, in a real browser: the officer's entry page
names the framework in English and the live points use a decimal point; a public profile's
chart formats its numbers in the page's language, not the browser's (Vietnamese here)."""

from __future__ import annotations

import pytest

from results import services
from tests import factories
from tests.results.conftest import sign_off

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_english(page):
    page.select_option("#lang-select", "en")
    page.wait_for_selector("html[lang=en]")


def test_the_officer_enters_a_ratio_in_english_and_reads_english_names_and_points(page, login, screenshot, officer_a, province_a):
    rnd = factories.make_round(units=[province_a])
    sub = rnd.submissions.get()
    nts = rnd.framework.main_indices.get(code="NTS")
    ratio = sub.values.get(indicator__code="1.3")
    login("officer_a")
    choose_english(page)
    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/chi-so/{nts.pk}/")
    assert page.locator("h2.h5").first.inner_text() == "1. Digital awareness"
    assert "Share of applications handled fully online" in page.locator(f"#title-{ratio.pk}").inner_text()
    page.fill(f"#id_v{ratio.pk}-numerator", "75")
    page.fill(f"#id_v{ratio.pk}-denominator", "100")
    points = page.locator(f"#points-{ratio.pk} [data-points]")
    points.wait_for()
    assert points.inner_text() == "15.00"
    screenshot("english-officer-entry")


def test_a_profile_chart_in_english_formats_numbers_the_english_way_in_a_vietnamese_browser(page, screenshot, lead_reviewer, admin_user):
    units = [factories.UnitFactory(code=f"{10 + i}", gso_code=f"{10 + i}", name=n) for i, n in enumerate(["Đà Nẵng", "Cần Thơ", "Huế"])]
    rnd = factories.make_round(year=2025, units=units)
    for sub, share in zip(rnd.submissions.order_by("unit__code"), ["0.6", "0.9", "0.7"], strict=True):
        sign_off(sub, lead_reviewer, share, recompute=False)
    services.request_recompute(round_id=rnd.pk, reason="test")
    services.recompute_round(round_id=rnd.pk)
    services.publish_round(round_id=rnd.pk, actor=admin_user, note="")
    page.goto(f"/ket-qua/2025/{rnd.ranking_group}/10/")
    choose_english(page)
    page.wait_for_function("document.getElementById('radar-chart') && document.getElementById('radar-chart').chart")
    chart = page.evaluate("(() => { const c = document.getElementById('radar-chart').chart;"
                          " return {locale: c.options.locale, labels: c.data.labels}; })()")
    assert chart == {"locale": "en", "labels": ["Digital awareness", "Digital infrastructure"]}
    screenshot("english-public-profile")
