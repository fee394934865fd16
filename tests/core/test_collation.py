"""core.collation: Vietnamese alphabetical order — letters first, then tones, then case — the
same in Python (sort_key), in SQLite (the registered "vi_vn") and in PostgreSQL (ICU "vi_vn")."""

from __future__ import annotations

import csv
import random
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from accounts.models import RankingGroup, Unit
from core import collation
from core.collation import sort_key
from tests import factories

DATA = Path(__file__).resolve().parents[2] / "seeds" / "data"


def seeded_names() -> list[str]:
    names = []
    for file, column in (("provinces-63.csv", "name"), ("merger-2025.csv", "new_unit"), ("ministries.csv", "name")):
        with open(DATA / file, encoding="utf-8", newline="") as fh:
            names += [row[column] for row in csv.DictReader(fh)]
    return names


# Where a home-made key is most likely to part from ICU: tones, case, letters with two marks,
# spaces, hyphens, digits, a prefix, foreign letters.
TRICKY = [
    "a", "à", "ả", "ã", "á", "ạ", "A", "Á", "ă", "ằ", "â", "ậ", "đ", "Đ", "d", "e", "ê", "ệ", "o", "ô", "ơ", "ợ",
    "u", "ư", "ữ", "y", "ỳ", "z", "f", "w", "ab", "aB", "Ab", "AB", "a b", "a-b", "a1", "a10", "a2", "1", "",
    "Ha", "Hà", "Há", "Hạ", "Hà Nội", "Hà Nam", "Hải Dương", "Hb", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Kạn",
    "Thừa Thiên Huế", "Thủ Đức", "Zürich", "Ça", "Quy", "Quý", "Qui",
]


def test_tones_come_after_the_letters_in_dictionary_order():
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]


def test_a_tone_never_outweighs_a_letter():
    # "Hạ Long" has the heaviest tone but "l" comes before "n": the letters decide first.
    assert sorted(["Hải Phòng", "Hà Nội", "Hạ Long", "Hà Tĩnh"], key=sort_key) == ["Hạ Long", "Hà Nội", "Hà Tĩnh", "Hải Phòng"]


def test_the_letters_with_marks_are_letters_of_their_own():
    assert sorted(["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"], key=sort_key) == [
        "a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"
    ]


def test_d_with_stroke_sorts_between_d_and_e_in_either_case():
    assert sorted(["Gia Lai", "Đà Nẵng", "Điện Biên", "Dak", "eo"], key=sort_key) == ["Dak", "Đà Nẵng", "Điện Biên", "eo", "Gia Lai"]


def test_case_only_breaks_ties_lower_case_first():
    assert sorted(["AB", "Ab", "aB", "ab", "Ac"], key=sort_key) == ["ab", "aB", "Ab", "AB", "Ac"]


def test_a_space_sorts_before_any_letter():
    assert sorted(["Cao Bằng", "Cà Mau", "Ca"], key=sort_key) == ["Ca", "Cà Mau", "Cao Bằng"]


def test_names_equal_for_the_collation_keep_a_fixed_order():
    # NFC "ế" and the same letter decomposed compare equal letter by letter; the text decides.
    composed, decomposed = "Huế", "Hue\u0302\u0301"
    assert sort_key(composed) != sort_key(decomposed)
    assert sorted([decomposed, composed], key=sort_key) == sorted([composed, decomposed], key=sort_key)


def test_empty_and_missing_text_sort_first():
    assert sorted(["a", None, ""], key=lambda t: sort_key(t)) == [None, "", "a"]


def test_compare_answers_as_sqlite_asks():
    assert (collation.compare("Huế", "Hà Nội"), collation.compare("Hà Nội", "Huế"), collation.compare("x", "x")) == (1, -1, 0)


def test_a_plain_sqlite_connection_sorts_with_the_collation_function():
    db = sqlite3.connect(":memory:")
    db.create_collation(collation.COLLATION, collation.compare)
    db.execute("CREATE TABLE t (name TEXT)")
    names = seeded_names()
    db.executemany("INSERT INTO t VALUES (?)", [(n,) for n in names])
    got = [row[0] for row in db.execute('SELECT name FROM t ORDER BY name COLLATE "vi_vn"')]
    assert got == sorted(names, key=sort_key)


def _icu_order(names: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT x FROM unnest(%s::text[]) AS x ORDER BY x COLLATE "vi_vn"', [names])
        return [row[0] for row in cursor.fetchall()]


def test_postgresql_icu_sorts_every_seeded_name_as_the_sort_key_does(require_postgres):
    names = seeded_names()
    random.Random(63).shuffle(names)
    assert _icu_order(names) == sorted(names, key=sort_key)


def test_postgresql_icu_sorts_the_tricky_cases_as_the_sort_key_does(require_postgres):
    names = TRICKY[::-1]
    assert _icu_order(names) == sorted(names, key=sort_key)


def test_the_postgresql_collation_is_icu_vietnamese_and_deterministic(require_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT collprovider, collisdeterministic FROM pg_collation WHERE collname = 'vi_vn'")
        assert cursor.fetchall() == [("i", True)]
        # Deterministic: equal only when the bytes are (case and tones still tell names apart).
        cursor.execute("""SELECT 'ha' = 'Ha' COLLATE "vi_vn", 'Hà Nội' LIKE 'Hà%%' COLLATE "vi_vn\"""")
        assert cursor.fetchone() == (False, True)


def test_name_lookups_keep_their_meaning(db):
    """No column is declared with the collation: equality, iexact and icontains read as before."""
    factories.UnitFactory(code="U1", name="Đà Nẵng", ranking_group=RankingGroup.PROVINCES_34)
    factories.UnitFactory(code="U2", name="Đắk Lắk", ranking_group=RankingGroup.PROVINCES_34)
    assert list(Unit.objects.filter(name="Đà Nẵng").values_list("code", flat=True)) == ["U1"]
    # (SQLite folds the case of ASCII letters only, as it always did: "Đ" is kept here.)
    assert list(Unit.objects.filter(name__iexact="Đà nẵng").values_list("code", flat=True)) == ["U1"]
    assert list(Unit.objects.filter(name__icontains="nẵng").values_list("code", flat=True)) == ["U1"]


@pytest.mark.parametrize("field", ["name", "unit__name"])
def test_by_name_is_an_ascending_collated_ordering(field):
    order = collation.by_name(field)
    assert (order.descending, order.expression.collation) == (False, "vi_vn")
    assert collation.by_name(field, descending=True).descending is True
