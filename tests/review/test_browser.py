"""The reviewer's pages in a real browser (screenshots in test-artifacts/screenshots)."""

import pytest

from review import services
from tests.review.conftest import fill, send, value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_appraises_in_the_browser(page, login, screenshot, rnd, province_a, province_b, officer_a, officer_b, reviewer):
    a = rnd.submissions.get(unit=province_a)
    fill(a, content=b"%PDF-1.4 shared")
    a = send(a, officer_a)
    b = rnd.submissions.get(unit=province_b)
    fill(b, content=b"%PDF-1.4 shared")
    send(b, officer_b)
    login("reviewer")
    page.goto(f"/tham-dinh/dot/{rnd.pk}/")
    screenshot("review-queue")
    main = rnd.framework.main_indices.get(code="NTS")
    page.goto(f"/tham-dinh/ho-so/{a.pk}/chi-so-chinh/{main.pk}/")
    v = value(a, "1.3")
    page.fill(f"#points-{v.pk}", "12,5")
    page.fill(f"#reason-{v.pk}", "Mẫu số chưa đủ")
    page.click(f"#ind-{v.pk} button[type=submit]")
    page.wait_for_selector(f"#ind-{v.pk} .badge.text-bg-success")
    assert str(value(a, "1.3").reviewed_points) == "12.50"
    screenshot("review-appraisal")
    services.return_for_clarification(submission=a, actor=reviewer, questions={value(a, "1.1").pk: "Quyết định nào?"})
    page.goto(f"/tham-dinh/ho-so/{a.pk}/")
    screenshot("review-submission")
