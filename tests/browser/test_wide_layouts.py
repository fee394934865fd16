"""At 1280 px (a common office screen): the submission's tab bar shows every tab (it wraps), and
the provisional results table fits the page, or, for a framework wider than the screen, scrolls
sideways under a visible hint. Screenshots in test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from assessments.framework_loader import load_framework_file
from results.services import recompute_round, request_recompute
from tests import factories
from tests.results.conftest import sign_off

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAMEWORKS = Path(settings.BASE_DIR) / "seeds" / "frameworks"
WIDTH = 1280


def framework(name: str):
    return load_framework_file(FRAMEWORKS / f"{name}.yaml")[0]


def tab_boxes(page) -> list[dict]:
    return page.eval_on_selector_all(
        "ul.nav-tabs a.nav-link",
        "links => links.map(a => { const r = a.getBoundingClientRect(); return {text: a.innerText.trim(), left: r.left, right: r.right, width: r.width}; })",
    )


@pytest.mark.parametrize("name", ["922-tinh", "1726-tinh"])  # 9 and 21 main indices
def test_at_1280_px_every_tab_of_the_submission_is_on_screen(page, login, screenshot, officer_a, province_a, name):
    fw = framework(name)
    sub = factories.make_round(framework=fw, units=[province_a]).submissions.get()
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login("officer_a")

    page.goto(f"/tu-danh-gia/ho-so/{sub.pk}/")
    screenshot(f"tabs-1280-{name}")

    boxes = tab_boxes(page)
    # overview, general information, Excel, the contributions (a draft), submit
    assert len(boxes) == fw.main_indices.count() + 5
    assert [b["text"] for b in boxes if b["width"] == 0 or b["left"] < 0 or b["right"] > WIDTH] == []
    assert page.eval_on_selector("ul.nav-tabs", "u => u.scrollWidth <= u.clientWidth")


def signed_round(lead, name: str, n_units: int = 5):
    names = ["Thành phố Hồ Chí Minh", "Thành phố Đà Nẵng", "Quảng Ninh", "Thái Nguyên", "Cần Thơ"][:n_units]
    units = [factories.UnitFactory(code=f"W{i}", name=unit) for i, unit in enumerate(names)]
    rnd = factories.make_round(framework=framework(name), units=units)
    for sub, share in zip(rnd.submissions.order_by("unit__code"), ["0.9", "0.8", "0.7", "0.6", "0.5"], strict=False):
        sign_off(sub, lead, share, recompute=False)
    request_recompute(round_id=rnd.pk, reason="test")
    recompute_round(round_id=rnd.pk)
    return rnd


def provisional(page, login, rnd):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login("lead")
    page.goto(f"/ket-qua/dot/{rnd.pk}/")
    page.locator("#provisional-table tbody tr").first.wait_for()


def test_at_1280_px_the_provisional_table_of_eight_main_indices_fits_the_page(page, login, screenshot, lead_reviewer):
    provisional(page, login, signed_round(lead_reviewer, "405-tinh"))
    screenshot("provisional-1280-405-tinh")

    box = page.eval_on_selector("#provisional-scroll", "b => ({scroll: b.scrollWidth, client: b.clientWidth, right: b.getBoundingClientRect().right})")
    last = page.locator("#provisional-table thead th").last.bounding_box()

    assert box["scroll"] <= box["client"] and box["right"] <= WIDTH
    assert last["x"] + last["width"] <= WIDTH
    assert page.locator("[data-scroll-hint]").is_hidden()


def test_at_1280_px_a_wider_provisional_table_scrolls_sideways_under_a_visible_hint(page, login, screenshot, lead_reviewer):
    provisional(page, login, signed_round(lead_reviewer, "1726-tinh"))  # 21 main indices
    hint = page.locator("[data-scroll-hint]")
    screenshot("provisional-1280-1726-tinh")

    assert hint.is_visible()
    assert "kéo ngang" in hint.inner_text()
    page.eval_on_selector("#provisional-scroll", "b => { b.scrollLeft = b.scrollWidth; }")
    last = page.locator("#provisional-table thead th").last.bounding_box()
    assert last["x"] >= 0 and last["x"] + last["width"] <= WIDTH
