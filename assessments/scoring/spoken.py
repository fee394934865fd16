"""Numbers read aloud, in Vietnamese and in English: the words that tell an officer which of two
readings of what they typed we mean ("9.500": chín nghìn năm trăm, or chín phẩy năm?).

Only what that question needs: whole numbers below a million (a single group separator before
three digits reads at most 999.999) and decimals read digit by digit after the separator, as
one reads them aloud to avoid a mistake ("1,234": một phẩy hai ba bốn). Vietnamese follows the
common northern reading of the official style: "nghìn", "linh" for a missing ten ("một trăm
linh năm"), "không trăm" for a missing hundred after a thousand ("một nghìn không trăm linh
năm"), "mốt", "tư" and "lăm" after a ten ("hai mươi mốt", "hai mươi tư", "mười lăm").
"""

from __future__ import annotations

_VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# A unit after "mươi" (21, 24, 25); after "mười" only 5 changes (15: mười lăm, 11: mười một).
_VI_AFTER_TENS = {1: "mốt", 4: "tư", 5: "lăm"}
_EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _vi_hundreds(n: int, *, after_thousand: bool) -> list[str]:
    """0 < n < 1000 in words; after a thousand a missing hundred is said ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words = []
    if hundreds or after_thousand:
        words += [_VI_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:  # after a hundred without tens: "một trăm linh năm"
            words += ["linh", _VI_DIGITS[units]] if words else [_VI_DIGITS[units]]
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _VI_DIGITS[units])
    else:
        words += [_VI_DIGITS[tens], "mươi"]
        if units:
            words.append(_VI_AFTER_TENS.get(units, _VI_DIGITS[units]))
    return words


def _vi_whole(n: int) -> list[str]:
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _vi_hundreds(rest, after_thousand=False) if rest else [_VI_DIGITS[0]]
    words = [*_vi_hundreds(thousands, after_thousand=False), "nghìn"]
    return words + _vi_hundreds(rest, after_thousand=True) if rest else words


def _en_hundreds(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [_EN_DIGITS[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(f"{_EN_TENS[tens]}-{_EN_DIGITS[units]}" if units else _EN_TENS[tens])
    elif rest >= 10:
        words.append(_EN_TEENS[rest - 10])
    elif rest:
        words.append(_EN_DIGITS[rest])
    return words


def _en_whole(n: int) -> list[str]:
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _en_hundreds(rest) if rest else [_EN_DIGITS[0]]
    words = [*_en_hundreds(thousands), "thousand"]
    return words + _en_hundreds(rest) if rest else words


def vietnamese(whole: str, fraction: str = "", *, negative: bool = False) -> str:
    """'9', '5' -> "chín phẩy năm"; '1234' -> "một nghìn hai trăm ba mươi tư". `whole`: digits of a
    number below a million; `fraction`: the digits after the separator, read one by one."""
    words = (["âm"] if negative else []) + _vi_whole(int(whole))
    if fraction:
        words += ["phẩy", *(_VI_DIGITS[int(d)] for d in fraction)]
    return " ".join(words)


def english(whole: str, fraction: str = "", *, negative: bool = False) -> str:
    """'9', '5' -> "nine point five"; '1234' -> "one thousand two hundred thirty-four"."""
    words = (["minus"] if negative else []) + _en_whole(int(whole))
    if fraction:
        words += ["point", *(_EN_DIGITS[int(d)] for d in fraction)]
    return " ".join(words)
