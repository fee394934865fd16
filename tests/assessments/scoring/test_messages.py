"""What the engine says: Vietnamese as written, translatable by whoever shows it. No database."""

from __future__ import annotations

from decimal import Decimal

from assessments import scoring
from assessments.scoring import Message

ENGLISH = {
    "Chưa nhập giá trị.": "No value yet.",
    "Số quá dài: tối đa %(limit)s ký tự.": "Too long: at most %(limit)s characters.",
    "mức thứ %(n)s": "level %(n)s",
    "%(where)s: thiếu mã 'code'": "%(where)s: no 'code'",
}


def english(msgid: str) -> str:
    return ENGLISH.get(msgid, msgid)


def test_a_message_is_its_vietnamese_text():
    assert Message("Số quá dài: tối đa %(limit)s ký tự.", limit=40) == "Số quá dài: tối đa 40 ký tự."


def test_a_message_keeps_its_msgid_and_parameters():
    message = Message("Số quá dài: tối đa %(limit)s ký tự.", limit=40)
    assert (message.msgid, dict(message.params)) == ("Số quá dài: tối đa %(limit)s ký tự.", {"limit": 40})


def test_a_message_without_parameters_is_not_formatted():
    assert Message("100%") == "100%"


def test_a_message_is_translated_before_it_is_formatted():
    assert Message("Số quá dài: tối đa %(limit)s ký tự.", limit=40).translated(english) == "Too long: at most 40 characters."


def test_a_message_without_parameters_is_translated_whole():
    assert Message(scoring.MSG_MISSING).translated(english) == "No value yet."


def test_messages_inside_messages_are_translated_too():
    where = Message("mức thứ %(n)s", n=2)
    assert Message("%(where)s: thiếu mã 'code'", where=where).translated(english) == "level 2: no 'code'"


def test_translated_leaves_a_callers_own_text_alone():
    assert (scoring.translated("đã dịch", english), scoring.translated(None, english)) == ("đã dịch", None)


def test_translated_translates_an_engine_message():
    assert scoring.translated(Message(scoring.MSG_MISSING), english) == "No value yet."


def test_gettext_noop_only_marks():
    assert scoring.gettext_noop("Chưa nhập giá trị.") == "Chưa nhập giá trị."


def test_the_errors_of_cleaning_are_translatable_messages():
    _cleaned, errors = scoring.clean_inputs(scoring.Rule("yes_no"), {})
    assert errors["answer"].translated(english) == "No value yet."


def test_the_default_wording_keeps_msgids_and_prints_numbers_plainly():
    w = scoring.Wording()
    assert (w.text("a %(n)s", n=1), w.text("100%"), w.points("2.505"), w.points("x"), w.number(None)) == (
        "a 1",
        "100%",
        "2.51",
        "—",
        "",
    )


def test_the_default_wording_prints_decimals_without_exponent():
    assert scoring.Wording().number(Decimal("1E+2")) == "100"


def test_a_message_with_a_percent_sign_and_no_parameters_translates_unformatted():
    assert Message("100%").translated(english) == "100%"


def test_the_default_wording_prints_a_typed_number_as_is():
    assert scoring.Wording().number("12.5") == "12.5"


# -- parameters worded per language --------------------------------------------------------------

SPOKEN = "%(n)s (%(words)s)"


def test_a_by_language_parameter_is_formatted_in_vietnamese():
    assert Message(SPOKEN, n="9,5", words=scoring.ByLanguage("chín phẩy năm", "nine point five")) == "9,5 (chín phẩy năm)"


def test_a_by_language_parameter_speaks_english_when_its_message_is_shown_in_english():
    message = Message(SPOKEN, n=scoring.ByLanguage("9,5", "9.5"), words=scoring.ByLanguage("chín phẩy năm", "nine point five"))
    assert message.translated({SPOKEN: "%(n)s, read %(words)s"}.get) == "9.5, read nine point five"


def test_a_by_language_parameter_stays_vietnamese_when_the_catalogue_returns_the_msgid():
    message = Message(SPOKEN, n="9,5", words=scoring.ByLanguage("chín phẩy năm", "nine point five"))
    assert message.translated(lambda msgid: msgid) == "9,5 (chín phẩy năm)"
