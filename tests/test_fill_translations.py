"""scripts/fill_translations.py: English from helpers' JSON files goes into the empty entries
of the catalogue, and nowhere else. Each test runs it on a small temporary .po."""

from __future__ import annotations

import gettext
import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from scripts import fill_translations

SCRIPT = Path(fill_translations.__file__)

CATALOGUE = r'''msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\n"
"Language: en\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#: templates/api/token_list.html:17
msgid "Thu hồi"
msgstr ""

#: templates/assessments/entry.html:12
msgid "Lưu bản nháp"
msgstr "Save draft"

#: review/selectors.py:354
#, python-format
msgid "Tệp này được dùng ở %(n)d nơi khác: %(name)s."
msgstr ""

#: templates/review/file_uses.html:12
#, python-format
msgid "%(n)s dòng"
msgid_plural "%(n)s dòng"
msgstr[0] ""
msgstr[1] ""

#: review/forms.py:40
#, fuzzy
#| msgid "Hãy nhập nội dung."
msgid "Hãy nhập nội dung giải trình."
msgstr "Enter the text."

#: templates/500.html:7
msgid "Lỗi hệ thống"
msgstr ""
'''


@pytest.fixture
def po(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


@pytest.fixture
def translations(tmp_path):
    """Writes a JSON file of translations and returns its path."""
    count = iter(range(100))

    def write(data, *, raw: str | None = None) -> Path:
        path = tmp_path / f"helper{next(count)}.json"
        path.write_text(raw if raw is not None else json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def run(po: Path, *files: Path, dry_run: bool = False) -> int:
    return fill_translations.main([*map(str, files), "--po", str(po), *(["--dry-run"] if dry_run else [])])


def entry(po: Path, msgid: str) -> polib.POEntry:
    return polib.pofile(str(po)).find(msgid)


def test_an_empty_entry_gets_the_english_of_the_file_and_the_script_says_so(po, translations, capsys):
    assert run(po, translations({"Thu hồi": "Revoke"})) == 0
    assert entry(po, "Thu hồi").msgstr == "Revoke"
    assert "'Thu hồi' -> 'Revoke'" in capsys.readouterr().out


def test_a_plural_entry_gets_both_english_forms(po, translations):
    assert run(po, translations({"%(n)s dòng": ["%(n)s row", "%(n)s rows"]})) == 0
    assert entry(po, "%(n)s dòng").msgstr_plural == {0: "%(n)s row", 1: "%(n)s rows"}


def test_an_existing_translation_is_kept_and_the_difference_is_reported(po, translations, capsys):
    assert run(po, translations({"Lưu bản nháp": "Keep as draft"})) == 0
    assert entry(po, "Lưu bản nháp").msgstr == "Save draft"
    assert "'Lưu bản nháp' stays 'Save draft'" in capsys.readouterr().out


def test_a_fuzzy_guess_is_replaced_and_loses_its_flag(po, translations):
    assert run(po, translations({"Hãy nhập nội dung giải trình.": "Enter the clarification."})) == 0
    fixed = entry(po, "Hãy nhập nội dung giải trình.")
    assert fixed.msgstr == "Enter the clarification."
    assert "fuzzy" not in fixed.flags and fixed.previous_msgid is None


def test_the_msgids_still_without_english_are_listed(po, translations, capsys):
    run(po, translations({"Thu hồi": "Revoke"}))
    still = capsys.readouterr().out.split("still without English (4):\n", 1)[1].split()
    assert "'Lỗi" in still and "'Thu" not in still and "'Lưu" not in still
    assert "'%(n)s" in still and "'Hãy" in still  # the plural and the fuzzy one


def test_a_translation_losing_a_placeholder_is_refused_and_the_entry_stays_empty(po, translations, capsys):
    assert run(po, translations({"Tệp này được dùng ở %(n)d nơi khác: %(name)s.": "Used elsewhere: %(name)s."})) == 1
    assert entry(po, "Tệp này được dùng ở %(n)d nơi khác: %(name)s.").msgstr == ""
    assert "differ from the msgid's ['%(n)d', '%(name)s']" in capsys.readouterr().out


def test_a_translation_adding_a_placeholder_is_refused(po, translations):
    assert run(po, translations({"Lỗi hệ thống": "System error %(code)s"})) == 1
    assert entry(po, "Lỗi hệ thống").msgstr == ""


def test_the_english_singular_of_a_plural_may_drop_the_count_but_the_plural_may_not(po, translations):
    assert run(po, translations({"%(n)s dòng": ["one row", "rows"]})) == 1
    assert entry(po, "%(n)s dòng").msgstr_plural == {0: "", 1: ""}
    assert run(po, translations({"%(n)s dòng": ["one row", "%(n)s rows"]})) == 0
    assert entry(po, "%(n)s dòng").msgstr_plural == {0: "one row", 1: "%(n)s rows"}


def test_text_for_a_plural_entry_and_a_list_for_a_singular_one_are_refused(po, translations, capsys):
    assert run(po, translations({"%(n)s dòng": "%(n)s rows", "Thu hồi": ["Revoke", "Revoke"]})) == 1
    out = capsys.readouterr().out
    assert "the catalogue entry is a plural: give [one, other]" in out
    assert "the catalogue entry is not a plural: give one text" in out
    assert entry(po, "Thu hồi").msgstr == "" and entry(po, "%(n)s dòng").msgstr_plural[1] == ""


@pytest.mark.parametrize(
    "english, why",
    [
        ("   ", "empty English"),
        (42, "the English must be text"),
        (["Revoke"], "exactly two English forms"),
        ("x" * 5001, "longer than 5000 characters"),
    ],
)
def test_malformed_english_is_refused(po, translations, capsys, english, why):
    assert run(po, translations({"Thu hồi": english})) == 1
    assert why in capsys.readouterr().out
    assert entry(po, "Thu hồi").msgstr == ""


def test_two_files_disagreeing_on_a_msgid_fill_neither_and_the_rest_of_both_is_used(po, translations, capsys):
    first = translations({"Thu hồi": "Revoke", "Lỗi hệ thống": "System error"})
    second = translations({"Thu hồi": "Withdraw"})
    assert run(po, first, second) == 1
    assert entry(po, "Thu hồi").msgstr == ""
    assert entry(po, "Lỗi hệ thống").msgstr == "System error"
    assert "says 'Withdraw', another file 'Revoke'" in capsys.readouterr().out


def test_two_files_agreeing_on_a_msgid_are_no_conflict(po, translations):
    assert run(po, translations({"Thu hồi": "Revoke"}), translations({"Thu hồi": "Revoke"})) == 0
    assert entry(po, "Thu hồi").msgstr == "Revoke"


def test_a_msgid_missing_from_the_catalogue_is_reported(po, translations, capsys):
    assert run(po, translations({"Chuỗi chưa trích": "Not extracted yet"})) == 0
    out = capsys.readouterr().out
    assert "not in the catalogue (1; run `make messages` first?):\n  'Chuỗi chưa trích'" in out


@pytest.mark.parametrize("raw, why", [("{not json", "not readable as UTF-8 JSON"), ('["Thu hồi"]', "not a JSON object")])
def test_an_unreadable_file_is_refused_and_the_other_files_still_apply(po, translations, capsys, raw, why):
    assert run(po, translations(None, raw=raw), translations({"Thu hồi": "Revoke"})) == 1
    assert why in capsys.readouterr().out
    assert entry(po, "Thu hồi").msgstr == "Revoke"


def test_a_dry_run_reports_and_leaves_the_catalogue_as_it_is(po, translations, capsys):
    assert run(po, translations({"Thu hồi": "Revoke"}), dry_run=True) == 0
    assert po.read_text(encoding="utf-8") == CATALOGUE
    assert "would fill 1:" in capsys.readouterr().out


def test_a_second_run_changes_nothing(po, translations):
    file = translations({"Thu hồi": "Revoke", "%(n)s dòng": ["%(n)s row", "%(n)s rows"]})
    run(po, file)
    once = po.read_text(encoding="utf-8")
    assert run(po, file) == 0
    assert po.read_text(encoding="utf-8") == once


def test_references_flags_and_the_header_survive(po, translations):
    run(po, translations({"Tệp này được dùng ở %(n)d nơi khác: %(name)s.": "Used in %(n)d other places: %(name)s."}))
    text = po.read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert "#: review/selectors.py:354\n#, python-format\n" in text
    assert "#| msgid \"Hãy nhập nội dung.\"" in text  # the untouched fuzzy entry keeps its history


def test_the_filled_catalogue_compiles_and_serves_english(po, translations, tmp_path):
    run(po, translations({"Thu hồi": "Revoke", "%(n)s dòng": ["%(n)s row", "%(n)s rows"]}))
    mo = tmp_path / "django.mo"
    polib.pofile(str(po)).save_as_mofile(str(mo))
    with mo.open("rb") as fh:
        english = gettext.GNUTranslations(fh)
    assert english.gettext("Thu hồi") == "Revoke"
    assert english.ngettext("%(n)s dòng", "%(n)s dòng", 3) % {"n": 3} == "3 rows"
    assert english.ngettext("%(n)s dòng", "%(n)s dòng", 1) % {"n": 1} == "1 row"


def test_the_command_line_the_lead_runs(po, translations):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(translations({"Thu hồi": "Revoke"})), "--po", str(po)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("filled 1:\n  'Thu hồi' -> 'Revoke'\n")
    assert entry(po, "Thu hồi").msgstr == "Revoke"
