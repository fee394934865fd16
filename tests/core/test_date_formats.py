"""One house format for a date and time per language (core.formatting.moment): Vietnamese
writes the time first ("14:30 01/03/2026", as deadlines are written: "17 giờ 00 ngày 30/6"),
English the date first ("01/03/2026 14:30"); every page, message and file goes through it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core import formatting
from core import jinja as jinja_env
from tests import factories

ROOT = Path(settings.BASE_DIR)
# 01:30 UTC on 1 March 2026 is 08:30 in Vietnam.
MOMENT = dt.datetime(2026, 3, 1, 1, 30, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(("language", "expected"), [("vi", "08:30 01/03/2026"), ("en", "01/03/2026 08:30")])
def test_a_moment_is_written_in_the_house_format_of_each_language(language, expected):
    with translation.override(language):
        assert formatting.moment(MOMENT) == expected


@pytest.mark.parametrize(("language", "expected"), [("vi", "08:30:05 01/03/2026"), ("en", "01/03/2026 08:30:05")])
def test_a_moment_with_seconds_keeps_the_order_of_its_language(language, expected):
    with translation.override(language):
        assert formatting.moment(MOMENT, seconds=True) == expected


def test_a_missing_moment_is_empty():
    assert formatting.moment(None) == ""


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_moment_in_a_file_is_iso_like_in_every_language(language):
    with translation.override(language):
        assert formatting.plain_moment(MOMENT) == "2026-03-01 08:30"


@pytest.mark.parametrize(("language", "expected"), [("vi", "08:30 01/03/2026 · 08:30:05 01/03/2026"), ("en", "01/03/2026 08:30 · 01/03/2026 08:30:05")])
def test_every_django_template_has_the_moment_filters_without_loading_them(language, expected):
    with translation.override(language):
        assert Template("{{ t|moment }} · {{ t|moment_seconds }}").render(Context({"t": MOMENT})) == expected


def test_the_jinja2_partials_write_a_moment_the_same_way():
    env = jinja_env.environment(loader=None)
    with translation.override("vi"):
        assert env.from_string("{{ t|moment }}").render(t=MOMENT) == "08:30 01/03/2026"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("vi", "Hạn nộp: 17:00 30/06/2026"), ("en", "Deadline: 30/06/2026 17:00")])
def test_the_officers_home_writes_the_deadline_in_the_house_format(client, officer_a, province_a, language, expected):
    factories.make_round(units=[province_a], closes_at=dt.datetime(2026, 6, 30, 10, 0, tzinfo=dt.UTC))
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("home")).text

    assert expected in re.sub(r"<[^>]+>|\s+", lambda m: " " if m.group().isspace() else "", page)


# A date-time pattern (PHP-style "H:i" or strftime "%H") anywhere but in the house format's home.
PATTERN = re.compile(r"H:i|%H|strftime")
HOMES = {ROOT / "core" / "formatting.py", *(ROOT / "dtiportal" / "formats").rglob("formats.py")}
SOURCES = ["accounts", "api", "assessments", "core", "dtiportal", "results", "review", "seeds", "templates"]


def test_no_page_module_or_message_writes_a_date_time_pattern_of_its_own():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in SOURCES
        for path in sorted((ROOT / folder).rglob("*"))
        if path.suffix in {".py", ".html", ".txt"} and path not in HOMES and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PATTERN.search(line)
    ]

    assert found == []
