"""core.formatting.sheet_title: worksheet names as Excel takes them, diacritics kept (any
Unicode but []:*?/\\, at most 31 characters, no apostrophe at either end)."""

import unicodedata

from core import formatting


def test_a_sheet_title_keeps_its_diacritics():
    assert formatting.sheet_title("Tổng hợp") == "Tổng hợp"


def test_a_sheet_title_loses_the_characters_excel_refuses():
    assert formatting.sheet_title("Hạng [2025]: a/b\\c*d?") == "Hạng 2025 a b c d"


def test_a_sheet_title_is_cut_at_31_composed_characters():
    decomposed = unicodedata.normalize("NFD", "Xếp hạng chỉ số chuyển đổi số cấp tỉnh")  # 38 letters, more code points

    assert formatting.sheet_title(decomposed) == "Xếp hạng chỉ số chuyển đổi số c"


def test_a_sheet_title_neither_starts_nor_ends_with_an_apostrophe():
    assert formatting.sheet_title("'Tổng hợp'") == "Tổng hợp"


def test_an_empty_sheet_title_gets_excels_default():
    assert formatting.sheet_title(" ? ") == "Sheet1"
