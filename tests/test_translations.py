"""The interface language: complete catalogues, no English leaking into Vietnamese pages,
Vietnamese dates and numbers.

Vietnamese is the source language (every msgid is the Vietnamese text). The English catalogue
must translate every msgid; the Vietnamese catalogue stays untranslated on purpose (gettext
returns the msgid), see locale/README.md. Refresh both with `make messages`.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

from results import services as results_services
from tests import factories
from tests.results.conftest import sign_off
from tests.review.conftest import fill, send

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]*\}")


def parse_po(path: Path) -> list[dict]:
    """A small .po reader (entries with flags, msgid, msgid_plural, msgstr / msgstr[n])."""
    entries, current, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, key = None, None
            continue
        if current is None:
            current = {"flags": set(), "line": raw}
        if line.startswith("#,"):
            current["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        else:
            key, value = line.split(" ", 1)
            current[key] = ast.literal_eval(value)
    return [e for e in entries if "msgid" in e]


def translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [v for k, v in sorted(entry.items()) if k.startswith("msgstr[")]
    return [entry.get("msgstr", "")]


EN = parse_po(LOCALE / "en" / "LC_MESSAGES" / "django.po")
VI = parse_po(LOCALE / "vi" / "LC_MESSAGES" / "django.po")


# --- The catalogues -------------------------------------------------------------------------


def test_the_english_catalogue_translates_every_msgid():
    untranslated = [e["msgid"] for e in EN if e["msgid"] and not all(t.strip() for t in translations(e))]
    assert not untranslated, f"{len(untranslated)} untranslated (run `make messages`, then translate): {untranslated[:20]}"
    assert len(EN) > 500


def test_no_catalogue_has_fuzzy_entries():
    fuzzy = [e["msgid"] for e in EN + VI if "fuzzy" in e["flags"]]
    assert not fuzzy, fuzzy[:20]


def test_english_translations_keep_every_placeholder():
    wrong = []
    for e in EN:
        if not e["msgid"]:
            continue
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for text in filter(None, translations(e)):  # an empty one fails the test above
            # A plural's singular form may drop the count (English "one row"), never add one.
            got = sorted(PLACEHOLDER.findall(text))
            if got != expected and not ("msgid_plural" in e and set(got) <= set(expected)):
                wrong.append((e["msgid"], text))
    assert not wrong, wrong[:10]


def test_the_vietnamese_catalogue_lists_the_same_msgids_as_the_english_one():
    assert {e["msgid"] for e in VI} == {e["msgid"] for e in EN}


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_committed_mo_file_matches_its_po_file(lang):
    """.mo files are committed (msgfmt is not on every machine): they must not be stale."""
    po = EN if lang == "en" else VI
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    for e in po:
        if not e["msgid"] or "fuzzy" in e["flags"]:
            continue
        if "msgid_plural" in e:
            got = catalog.get((e["msgid"], 0))
            want = e["msgstr[0]"] or None
        else:
            got = catalog.get(e["msgid"])
            want = e["msgstr"] or None
        assert got == want, f"{lang}: {e['msgid']!r} is stale in django.mo (run `make messages`)"


def test_english_is_served_when_chosen():
    with translation.override("en"):
        assert translation.gettext("Lưu bản nháp") == "Save draft"
        assert translation.ngettext("%(n)s dòng", "%(n)s dòng", 3) % {"n": 3} == "3 rows"


# --- Vietnamese formats ---------------------------------------------------------------------


def test_vietnamese_dates_numbers_and_decimals():
    with translation.override("vi"):
        assert formats.date_format(dt.date(2025, 3, 15), "SHORT_DATE_FORMAT") == "15/03/2025"
        assert formats.number_format(Decimal("1234.5"), 2, use_l10n=True) == "1234,50"
        assert formats.number_format(Decimal("1234567.5"), 1, use_l10n=True, force_grouping=True) == "1.234.567,5"
        assert Template("{{ x }}").render(Context({"x": Decimal("12.5")})) == "12,5"
        assert formats.sanitize_separators("12,5") == "12.5"
        from django import forms

        assert forms.DateField().clean("15/03/2025") == dt.date(2025, 3, 15)
    with translation.override("en"):
        assert Template("{{ x }}").render(Context({"x": Decimal("12.5")})) == "12.5"


# --- No English on Vietnamese pages ---------------------------------------------------------

# English words Django, crispy-forms or a forgotten template would show if a string escaped
# translation. Matched as whole words in the visible text, attributes that people read
# (placeholder, title, aria-label, alt, value of buttons) included.
ENGLISH_UI = [
    "This field is required", "Enter a valid", "Ensure this value", "Select a valid choice", "Submit", "Save",
    "Cancel", "Delete", "Search", "Username", "Password", "Log in", "Log out", "Sign in", "Sign out", "Required",
    "required", "Optional", "Choose", "Select", "Next", "Previous", "Home", "Upload", "Download", "Currently",
    "Change", "Clear", "Back", "Edit", "View", "Filter", "Status", "Actions", "Total", "Rank", "Loading",
    "No file chosen", "Browse", "Notifications", "Language", "Close", "Show", "Hide", "Page", "of", "and", "the",
]
ALLOWED = {"DTI", "Portal", "CSV", "Excel", "PDF", "Word", "GSO", "API", "English", "HTMX"}


class _Visible(HTMLParser):
    READ_ATTRS = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.chunks, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        for name in self.READ_ATTRS & attrs.keys():
            self.chunks.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.chunks.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def english_words(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    # The language switcher names English in English, on purpose.
    text = " ".join(parser.chunks).replace("English", "")
    return [w for w in ENGLISH_UI if w not in ALLOWED and re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]


@pytest.fixture
def scene(db, province_a, province_b, officer_a, officer_b, reviewer, lead_reviewer, admin_user):
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
    nts = framework.main_indices.get(code="NTS")
    value = draft.values.select_related("indicator").get(indicator__code="1.3")
    return {
        None: ["/", "/tai-khoan/dang-nhap/", "/ket-qua/2024/tinh-63/", "/ket-qua/2024/tinh-63/48/"],
        "officer": [
            "/", "/tu-danh-gia/", f"/tu-danh-gia/ho-so/{draft.pk}/", f"/tu-danh-gia/ho-so/{draft.pk}/chi-so/{nts.pk}/",
            f"/tu-danh-gia/ho-so/{draft.pk}/thong-tin-chung/", f"/tu-danh-gia/ho-so/{draft.pk}/gui/",
            f"/tu-danh-gia/gia-tri/{value.pk}/tai-lieu/", f"/tu-danh-gia/gia-tri/{value.pk}/lich-su/",
            "/ket-qua/don-vi-cua-toi/", "/tai-khoan/thong-bao/", "/tai-khoan/doi-mat-khau/",
        ],
        "reviewer": [
            "/", "/tham-dinh/", f"/tham-dinh/dot/{current.pk}/", f"/tham-dinh/ho-so/{submitted.pk}/",
            f"/tham-dinh/ho-so/{submitted.pk}/chi-so-chinh/{nts.pk}/", f"/tham-dinh/ho-so/{submitted.pk}/yeu-cau-bo-sung/",
            f"/ket-qua/dot/{current.pk}/",
        ],
        "admin": ["/", "/tu-danh-gia/quan-tri/dot/", "/tu-danh-gia/quan-tri/dot/mo/", f"/tu-danh-gia/quan-tri/dot/{current.pk}/"],
    }


def test_pages_people_see_in_vietnamese_have_no_english_ui_words(scene, client, officer_a_client, reviewer_client, admin_client_):
    clients = {None: client, "officer": officer_a_client, "reviewer": reviewer_client, "admin": admin_client_}
    leaks = {}
    for who, urls in scene.items():
        for url in urls:
            response = clients[who].get(url, HTTP_ACCEPT_LANGUAGE="vi")
            assert response.status_code == 200, (who, url, response.status_code)
            found = english_words(response.content.decode())
            if found:
                leaks[f"{who} {url}"] = found
    assert not leaks, leaks


def test_an_invalid_form_shows_vietnamese_errors(admin_client_):
    response = admin_client_.post("/tu-danh-gia/quan-tri/dot/mo/", {"year": "", "opens_at": "31/02/2025 08:00"})
    assert response.status_code == 200
    assert not english_words(response.content.decode())
    assert "bắt buộc" in response.content.decode()


def test_the_same_pages_switch_to_english(scene, client, reviewer_client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/ket-qua/2024/tinh-63/").content.decode()
    assert "Detailed table" in body and "Bảng chi tiết" not in body
    reviewer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = reviewer_client.get(scene["reviewer"][2]).content.decode()
    assert "Self-assessments to review" in body and "Hồ sơ cần thẩm định" not in body


def test_the_english_word_check_sees_text_and_read_attributes():
    assert english_words("<button>Save</button>") == ["Save"]
    assert english_words('<input placeholder="Search">') == ["Search"]
    assert english_words("<p>Lưu bản nháp</p><script>var Save = 1</script>") == []
