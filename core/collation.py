"""Vietnamese alphabetical order of names, in the database and in Python: the one home of it.

The order is the Vietnamese alphabet, letter by letter — a ă â b c d đ e ê g h i k l m n o ô ơ
p q r s t u ư v x y (f j w z where Latin puts them) —, the tone secondary: two names that
differ only by tones sort by the tone of the first letter that differs, in the dictionary order
ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ); case comes last, lower case first. So
"Hà Nội" < "Hải Phòng" < "Hồ Chí Minh" < "Huế", "Đà Nẵng" comes after "Cà Mau" and before
"Gia Lai", and "Thái Nguyên" before "Thanh Hóa". Code points (what a plain ORDER BY compares)
put every letter with a diacritic after z.

Where the order is computed:
- PostgreSQL: the ICU collation "vi_vn" (provider icu, locale vi-VN, deterministic), created
  by accounts/migrations/0007_vietnamese_collation_and_field_names.py. `by_name("unit__name")` orders by
  `… COLLATE "vi_vn"`. The column keeps its default collation: equality, UNIQUE constraints
  and LIKE/ILIKE lookups behave exactly as before (a deterministic collation would allow LIKE
  too, but a column collation would also change `=` for the embedded database, see below).
- SQLite (the embedded `make demo` database): the same name "vi_vn" is registered on every
  connection (`register_sqlite`, from CoreConfig.ready) as a Python collation calling
  `sort_key`, so the same ORM expression works on both. It is a connection-level function: a
  plain `sqlite3` shell on db.sqlite3 does not know it, which is why no column is declared
  with it (the table would be unreadable there).
- Python (rows sorted after the query, e.g. a ranking's ties): `sorted(…, key=sort_key)`.

`sort_key` agrees with ICU on every unit name of the seeds and on tones, case, spaces,
hyphens and digits (tests/core/test_collation.py compares both on PostgreSQL); for
punctuation and symbols outside ASCII it is close to ICU's root order, not identical.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db.models import OrderBy
from django.db.models.functions import Collate

COLLATION = "vi_vn"

# Letters in order; the marks that make ă â ê ô ơ ư are part of the letter (primary).
ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
            "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
_LETTER = {letter: i for i, letter in enumerate(ALPHABET)}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)
# Tones, secondary: none (0), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# ICU's root order of ASCII punctuation and symbols (asked of PostgreSQL's ICU, then fixed here).
_PUNCTUATION = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$"
_PUNCT = {c: i for i, c in enumerate(_PUNCTUATION)}

# Primary classes: spaces < punctuation and symbols < digits < letters < anything else.
_SPACE, _PUNCT_CLASS, _DIGIT, _LATIN, _OTHER = 0, 1, 2, 3, 4


def _primary(base: str) -> tuple[int, int]:
    if base.isspace():
        return (_SPACE, 0)
    if base in _LETTER:
        return (_LATIN, _LETTER[base])
    if base in _PUNCT:
        return (_PUNCT_CLASS, _PUNCT[base])
    if base.isdigit():
        return (_DIGIT, unicodedata.digit(base, 0))
    if unicodedata.category(base)[0] in "PS":
        return (_PUNCT_CLASS, len(_PUNCTUATION) + ord(base))
    return (_OTHER, ord(base))


def _clusters(text: str):
    """(letter, marks) per base character of the decomposed text: "Ệ" → ("E", "\u0302\u0323")."""
    base, marks = None, ""
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and base is not None:
            marks += ch
            continue
        if base is not None:
            yield base, marks
        base, marks = ch, ""
    if base is not None:
        yield base, marks


@lru_cache(maxsize=8192)
def sort_key(text: str | None) -> tuple:
    """The key that sorts `text` in Vietnamese order: (letters, tones, case, the text itself)."""
    text = text or ""
    primary, secondary, tertiary = [], [], []
    for base, marks in _clusters(text):
        lower = base.lower() if len(base.lower()) == 1 else base
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter in _LETTER and letter != lower:  # ă â ê ô ơ ư: their mark is the letter's
            marks = "".join(m for m in marks if m not in _LETTER_MARKS)
        else:  # no mark, or one that is not Vietnamese (ü, ç): the base letter, marks secondary
            letter = lower
        primary.append(_primary(letter))
        secondary.append(tuple(_TONES.get(m, 10 + ord(m)) for m in marks))
        tertiary.append(int(base != lower))
    # The text last: two names equal for the collation still sort the same way every time
    # (PostgreSQL's deterministic collations break such ties by the bytes, as this does).
    return (tuple(primary), tuple(secondary), tuple(tertiary), text)


def compare(a: str | None, b: str | None) -> int:
    """-1, 0 or 1, as SQLite's collation callback answers."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def by_name(field="name", *, descending: bool = False) -> OrderBy:
    """`order_by(by_name("unit__name"))`: the column (or text expression) in Vietnamese order,
    on either database."""
    collated = Collate(field, COLLATION)
    return collated.desc() if descending else collated.asc()


def register_sqlite(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver: teach a new SQLite connection the "vi_vn" collation."""
    if connection is not None and connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
