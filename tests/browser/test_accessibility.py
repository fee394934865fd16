"""Accessibility basics on the key pages, checked by axe-core in headless Chromium.

axe-core is vendored (static/vendor/axe-core, see static/vendor/README.md) and injected from
the portal's own static files, so the audit needs no network. A page passes when axe finds no *serious* or *critical* violation
(unlabelled inputs, insufficient contrast, buttons without text, broken ARIA…). The keyboard
test walks the officer's entry form with Tab alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from results import services as results_services
from review import services as review_services
from tests import factories
from tests.results.conftest import sign_off
from tests.review.conftest import fill, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
BLOCKING = {"serious", "critical"}


def audit(page) -> list[dict]:
    """Run axe on the page as it is now; return the serious and critical violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Served by the portal itself from the vendored copy: the pages' Content Security
        # Policy (script-src 'self') refuses inline scripts, so add_script_tag(path=...) —
        # which inlines the file — would be blocked; a same-origin URL is allowed.
        assert AXE.exists(), AXE
        page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']}: {v['id']} — {v['help']}: " + "; ".join(n["target"][0] for n in v["nodes"][:5]) for v in violations
    )


@pytest.fixture
def scene(province_a, province_b, officer_a, officer_b, reviewer, lead_reviewer, admin_user):
    """A published 2024 round (ranking, profile), and a 2025 round: A drafting, B submitted."""
    framework = factories.make_framework(years=(2024, 2025))
    published = factories.make_round(year=2024, framework=framework, units=[province_a, province_b])
    for sub, share in zip(published.submissions.order_by("unit__code"), ("0.8", "0.6"), strict=True):
        sign_off(sub, lead_reviewer, share, recompute=False)
    results_services.request_recompute(round_id=published.pk, reason="test")
    results_services.recompute_round(round_id=published.pk)
    results_services.publish_round(round_id=published.pk, actor=admin_user, note="")

    current = factories.make_round(year=2025, framework=framework, units=[province_a, province_b])
    draft = current.submissions.get(unit=province_a)
    submitted = current.submissions.get(unit=province_b)
    fill(submitted)
    submitted = send(submitted, officer_b)
    review_services.start_review(submission=submitted, actor=reviewer)
    return {"published": published, "current": current, "draft": draft, "submitted": submitted, "framework": framework}


def _pages(scene):
    nts = scene["framework"].main_indices.get(code="NTS")
    return {
        "public ranking": (None, "/ket-qua/2024/tinh-63/"),
        "province profile": (None, "/ket-qua/2024/tinh-63/48/"),
        "login": (None, "/tai-khoan/dang-nhap/"),
        "officer overview": ("officer_a", f"/tu-danh-gia/ho-so/{scene['draft'].pk}/"),
        "officer entry": ("officer_a", f"/tu-danh-gia/ho-so/{scene['draft'].pk}/chi-so/{nts.pk}/"),
        "reviewer queue": ("reviewer", f"/tham-dinh/dot/{scene['current'].pk}/"),
        "reviewer appraisal": ("reviewer", f"/tham-dinh/ho-so/{scene['submitted'].pk}/chi-so-chinh/{nts.pk}/"),
    }


def test_key_pages_have_no_serious_or_critical_axe_violation(page, login, scene, screenshot):
    failures = {}
    who_now = None
    for name, (who, url) in _pages(scene).items():
        if who != who_now:
            page.context.clear_cookies()
            if who:
                login(who)
            who_now = who
        response = page.goto(url)
        assert response.status == 200, (name, response.status)
        page.wait_for_load_state("networkidle")
        violations = audit(page)
        if violations:
            failures[name] = describe(violations)
            screenshot(f"a11y-{name.replace(' ', '-')}")
    assert not failures, "\n\n".join(f"[{k}]\n{v}" for k, v in failures.items())


def test_the_audit_catches_an_unlabelled_input(page):
    """The checker itself works: an input with no label is a critical violation."""
    page.goto("/tai-khoan/dang-nhap/")
    page.evaluate("document.querySelector('main, body').insertAdjacentHTML('beforeend', '<input type=text name=x>')")
    assert "label" in {v["id"] for v in audit(page)}


def test_the_officer_fills_a_main_index_with_the_keyboard_alone(page, login, scene):
    draft = scene["draft"]
    nts = scene["framework"].main_indices.get(code="NTS")
    login("officer_a")
    page.goto(f"/tu-danh-gia/ho-so/{draft.pk}/chi-so/{nts.pk}/")
    values = {v.indicator.code: v for v in draft.values.select_related("indicator")}
    ratio = values["1.3"]
    # Tab from the top of the page until the numerator of 1.3 has the focus.
    target = f"id_v{ratio.pk}-numerator"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == target:
            break
    else:
        pytest.fail("the numerator of 1.3 cannot be reached with Tab")
    page.keyboard.type("75")
    page.keyboard.press("Tab")
    page.keyboard.type("100")
    # The visible focus ring: Bootstrap draws a box-shadow on the focused field.
    assert page.evaluate("getComputedStyle(document.activeElement).boxShadow") != "none"
    page.locator(f"#points-{ratio.pk} [data-points]").wait_for()
    # Tab on to the save button and press Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.textContent.includes('Lưu bản nháp')"):
            break
    else:
        pytest.fail("the save button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.locator(".alert-success").wait_for()
    ratio.refresh_from_db()
    assert ratio.inputs == {"numerator": "75", "denominator": "100"}
