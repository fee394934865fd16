"""The Jinja2 row partials (templates/jinja2/) behave like the Django templates around them:
the active language, Vietnamese numbers and times, escaping, the CSRF token, and strings the
catalogue knows."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import IndicatorValue
from tests import factories
from tests.assessments.conftest import FULL_NTS, entry_post, entry_url, value
from tests.test_translations import EN

JINJA = Path(settings.BASE_DIR) / "templates" / "jinja2"
MESSAGE = re.compile(r"""_\((?:"([^"]*)"|'([^']*)')\)""")


def test_every_string_of_the_jinja_partials_has_an_english_translation():
    english = {e["msgid"]: e.get("msgstr") for e in EN}
    found = {a or b for path in JINJA.rglob("*.html") for a, b in MESSAGE.findall(path.read_text(encoding="utf-8"))}
    assert len(found) > 40  # the rows, tabs and threads are all in there
    missing = sorted(m for m in found if not english.get(m))
    assert not missing, f"not in locale/en (run `make messages`): {missing}"


@pytest.mark.django_db
def test_entry_rows_show_numbers_the_vietnamese_way_and_english_when_chosen(officer_a_client, sub_a, nts):
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    ratio = value(sub_a, "1.3")
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert 'value="1.234"' in page
    assert f'<div class="text-end" id="points-{ratio.pk}"' in page
    assert "10,00</span>" in page and "Tài liệu kiểm chứng" in page and "Lịch sử" in page

    officer_a_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "Evidence" in english and "History" in english
    assert "Tài liệu kiểm chứng" not in english and "Lịch sử" not in english


@pytest.mark.django_db
def test_entry_rows_escape_what_the_framework_says(officer_a_client, sub_a, nts):
    ratio = value(sub_a, "1.3").indicator
    ratio.name_vi = '<script>alert("x")</script> Tỷ lệ'
    ratio.save(update_fields=["name_vi"])
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;/script&gt; Tỷ lệ" in page


@pytest.mark.django_db
def test_automatic_measures_show_their_time_in_vietnam(officer_a_client, sub_a, nts):
    automatic = IndicatorValue.objects.filter(submission=sub_a, indicator__main_index=nts).first()
    automatic.indicator.automatic = True
    automatic.indicator.save(update_fields=["automatic"])
    automatic.measured_at = dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội
    automatic.source = "Cổng dịch vụ công"
    automatic.save(update_fields=["measured_at", "source"])
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    assert "Cổng dịch vụ công · 08:30 01/03/2026" in page


@pytest.mark.django_db
def test_a_row_shown_again_shows_the_points_of_what_was_typed(officer_a_client, sub_a, nts):
    yes_no = value(sub_a, "1.2")
    IndicatorValue.objects.filter(pk=yes_no.pk).update(inputs={"answer": False}, self_points=0, version=1)  # someone else: "no"
    typed = entry_post(sub_a, nts, {"1.2": {"answer": "yes"}}, versions={"1.2": 0})  # typed "yes" on the page they read
    page = officer_a_client.post(entry_url(sub_a, nts), typed).content.decode()
    assert value(sub_a, "1.2").self_points == 0  # not saved: a conflict
    points = re.search(rf'id="points-{yes_no.pk}"[^>]*>\s*(.*?)</div>', page, re.S).group(1)
    assert "10,00</span>" in points


@pytest.mark.django_db
def test_a_ratio_shows_its_denominator_from_general_information(officer_a_client, sub_a, hts):
    from assessments.models import GeneralInfoValue

    ratio = value(sub_a, "2.1").indicator
    ratio.rule_params = {**ratio.rule_params, "denominator_from": "TT.1"}
    ratio.save(update_fields=["rule_params"])
    GeneralInfoValue.objects.filter(submission=sub_a, item__code="TT.1").update(value="1234567.5")
    page = officer_a_client.get(entry_url(sub_a, hts)).content.decode()
    assert "Dân số</span>" in page and "1.234.567,5" in page
    gv = GeneralInfoValue.objects.get(submission=sub_a, item__code="TT.1")
    assert f'href="{reverse("assessments:general_info", args=[sub_a.pk])}#gi-{gv.pk}">(thông tin chung)</a>' in page


def _row_points(page: str, value_pk: int) -> str:
    return " ".join(re.search(rf'id="points-{value_pk}"[^>]*>\s*(.*?)\s*</div>', page, re.S).group(1).split())


@pytest.mark.django_db
def test_the_points_fragment_draws_what_the_row_draws_for_saved_points(officer_a_client, sub_a, nts):
    # The htmx fragment is a Django template, the row's points a Jinja macro: one look.
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, FULL_NTS))
    ratio = value(sub_a, "1.3")
    row = _row_points(officer_a_client.get(entry_url(sub_a, nts)).content.decode(), ratio.pk)
    typed = {f"v{ratio.pk}-numerator": "1.234", f"v{ratio.pk}-denominator": "2.468"}
    fragment = officer_a_client.get(reverse("assessments:points", args=[ratio.pk]), typed).content.decode()
    assert " ".join(fragment.split()) == row


@pytest.mark.django_db
def test_the_points_fragment_draws_what_the_row_draws_for_an_empty_value(officer_a_client, sub_a, nts):
    ratio = value(sub_a, "1.3")
    row = _row_points(officer_a_client.get(entry_url(sub_a, nts)).content.decode(), ratio.pk)
    fragment = officer_a_client.get(reverse("assessments:points", args=[ratio.pk])).content.decode()
    assert " ".join(fragment.split()) == row


@pytest.mark.django_db
def test_the_points_fragment_follows_the_chosen_language(officer_a_client, sub_a):
    ratio = value(sub_a, "1.3")
    officer_a_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    typed = {f"v{ratio.pk}-numerator": "75", f"v{ratio.pk}-denominator": "100"}
    fragment = officer_a_client.get(reverse("assessments:points", args=[ratio.pk]), typed).content.decode()
    assert ">15.00</span>" in fragment


@pytest.mark.django_db
def test_a_saved_number_with_three_decimals_is_shown_so_that_saving_it_again_keeps_it(officer_a_client, sub_a, nts):
    # In a decimal field "1,234" would be asked about (a thousand or one?); the page writes "1,2340".
    factories.declare_decimal(sub_a.round.framework, indicator="1.3")
    officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {**FULL_NTS, "1.3": {"numerator": "1,2340", "denominator": "2469"}}))
    ratio = value(sub_a, "1.3")
    assert ratio.inputs["numerator"] == "1.234"
    page = officer_a_client.get(entry_url(sub_a, nts)).content.decode()
    shown = re.search(rf'name="v{ratio.pk}-numerator"[^>]*value="([^"]*)"', page).group(1)
    assert shown == "1,2340"
    again = officer_a_client.post(entry_url(sub_a, nts), entry_post(sub_a, nts, {**FULL_NTS, "1.3": {"numerator": shown, "denominator": "2469"}}))
    assert again.status_code == 302  # saved: a refused save shows the page again
