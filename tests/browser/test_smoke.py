import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_with_local_bootstrap(page, screenshot):
    page.goto("/")
    # Bootstrap served locally styles the navbar: its background is not transparent.
    background = page.eval_on_selector("nav.navbar", "el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("text=Đăng nhập").first.is_visible()
    screenshot("home-public")


def test_officer_logs_in_through_the_form(page, login, officer_a):
    login("officer_a")
    assert "Đà Nẵng" in page.content()
