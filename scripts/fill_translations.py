"""Fill the empty English entries of the catalogue from JSON files of translations.

    .venv/bin/python scripts/fill_translations.py /work/wt/i18n/*.json
    make messages   # re-wraps the .po the gettext way and compiles the .mo files

Each file maps a Vietnamese msgid to its English text: {"Lưu bản nháp": "Save draft"}; a
plural entry is keyed by its singular msgid and takes both English forms:
{"%(n)s dòng": ["%(n)s row", "%(n)s rows"]}.

Only an entry without English is filled: an empty msgstr (for a plural, any empty form) or a
fuzzy one (a guess, which gettext ignores at run time; its flag is removed). A translation
already in the catalogue is never changed, so running the script twice changes nothing.

A translation is refused, and reported, when it would break the page or hide a decision:
a placeholder of the msgid lost or added (the same rule as tests/test_translations.py), the
wrong shape (text for a plural entry, a list for a singular one), or two files giving one
msgid different English (someone has to choose). The exit status is 1 when anything was
refused, 0 otherwise; the msgids still without English are listed either way.

polib reads and writes the catalogue (it keeps comments, references, flags and the header);
it wraps long lines a little differently from msgmerge, hence `make messages` afterwards.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]*\}")  # as in tests/test_translations.py
MAX_FILE_BYTES = 2 * 1024 * 1024  # a helper's file holds tens of strings, not megabytes
MAX_TEXT_CHARS = 5000


@dataclass
class Report:
    filled: list[tuple[str, str | list[str]]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (msgid or file, why)
    unknown: list[str] = field(default_factory=list)  # in a file, not in the catalogue
    kept: list[tuple[str, str | list[str]]] = field(default_factory=list)  # translated already, differently
    still_empty: list[str] = field(default_factory=list)


def load_translations(paths: list[Path], report: Report) -> dict[str, str | list[str]]:
    """Every file's entries merged; a msgid two files translate differently is left out."""
    merged: dict[str, str | list[str]] = {}
    conflicting: set[str] = set()
    for path in paths:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                report.refused.append((str(path), f"larger than {MAX_FILE_BYTES // 1024} KB"))
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            report.refused.append((str(path), f"not readable as UTF-8 JSON: {exc}"))
            continue
        if not isinstance(data, dict):
            report.refused.append((str(path), "not a JSON object {msgid: English}"))
            continue
        for msgid, english in data.items():
            problem = _shape_problem(english)
            if problem:
                report.refused.append((msgid, f"{path.name}: {problem}"))
            elif msgid in merged and merged[msgid] != english:
                conflicting.add(msgid)
                report.refused.append((msgid, f"{path.name} says {english!r}, another file {merged[msgid]!r}"))
            else:
                merged[msgid] = english
    for msgid in conflicting:
        merged.pop(msgid, None)
    return merged


def _shape_problem(english: object) -> str | None:
    texts = english if isinstance(english, list) else [english]
    if isinstance(english, list) and len(english) != 2:
        return "a plural needs exactly two English forms [one, other]"
    if not all(isinstance(t, str) for t in texts):
        return "the English must be text, or a list of two texts for a plural"
    if not all(t.strip() for t in texts):
        return "empty English"
    if any(len(t) > MAX_TEXT_CHARS for t in texts):
        return f"longer than {MAX_TEXT_CHARS} characters"
    return None


def untranslated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return True
    if entry.msgid_plural:
        return not entry.msgstr_plural or not all(s.strip() for s in entry.msgstr_plural.values())
    return not entry.msgstr.strip()


def placeholder_problem(entry: polib.POEntry, english: str | list[str]) -> str | None:
    expected = sorted(PLACEHOLDER.findall(entry.msgid))
    if entry.msgid_plural:
        if not isinstance(english, list):
            return "the catalogue entry is a plural: give [one, other]"
        one, other = english
        if not set(PLACEHOLDER.findall(one)) <= set(expected):  # English "one row" may drop the count
            return f"the singular adds a placeholder (the msgid has {expected})"
        if sorted(PLACEHOLDER.findall(other)) != expected:
            return f"the plural must keep the placeholders {expected}"
        return None
    if isinstance(english, list):
        return "the catalogue entry is not a plural: give one text"
    if sorted(PLACEHOLDER.findall(english)) != expected:
        return f"the placeholders {sorted(PLACEHOLDER.findall(english))} differ from the msgid's {expected}"
    return None


def fill(catalogue: polib.POFile, translations: dict[str, str | list[str]], report: Report) -> None:
    entries = {e.msgid: e for e in catalogue if not e.obsolete}
    report.unknown = sorted(set(translations) - entries.keys())
    for msgid, english in translations.items():
        entry = entries.get(msgid)
        if entry is None:
            continue
        if not untranslated(entry):
            current = [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)] if entry.msgid_plural else entry.msgstr
            if current != english:
                report.kept.append((msgid, current))
            continue
        problem = placeholder_problem(entry, english)
        if problem:
            report.refused.append((msgid, problem))
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: english[0], 1: english[1]}
        else:
            entry.msgstr = english
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        report.filled.append((msgid, english))
    report.still_empty = [e.msgid for e in catalogue if not e.obsolete and e.msgid and untranslated(e)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help='JSON files {"msgid": "English"}')
    parser.add_argument("--po", type=Path, default=CATALOGUE, help="the English catalogue (default: %(default)s)")
    parser.add_argument("--dry-run", action="store_true", help="report only; leave the catalogue as it is")
    args = parser.parse_args(argv)

    report = Report()
    translations = load_translations(args.files, report)
    catalogue = polib.pofile(str(args.po), wrapwidth=79)
    fill(catalogue, translations, report)
    if report.filled and not args.dry_run:
        catalogue.save(str(args.po))

    verb = "would fill" if args.dry_run else "filled"
    print(f"{verb} {len(report.filled)}:")
    for msgid, english in report.filled:
        print(f"  {msgid!r} -> {english!r}")
    if report.unknown:
        print(f"not in the catalogue ({len(report.unknown)}; run `make messages` first?):")
        for msgid in report.unknown:
            print(f"  {msgid!r}")
    if report.kept:
        print(f"kept the catalogue's English, which differs from the file's ({len(report.kept)}):")
        for msgid, current in report.kept:
            print(f"  {msgid!r} stays {current!r}")
    if report.refused:
        print(f"refused ({len(report.refused)}):")
        for what, why in report.refused:
            print(f"  {what!r}: {why}")
    print(f"still without English ({len(report.still_empty)}):")
    for msgid in report.still_empty:
        print(f"  {msgid!r}")
    if report.filled and not args.dry_run:
        print("now run `make messages` to re-wrap the catalogue and compile the .mo files")
    return 1 if report.refused else 0


if __name__ == "__main__":
    sys.exit(main())
