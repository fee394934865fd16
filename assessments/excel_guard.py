"""Opening an officer's uploaded workbook within bounds, before openpyxl parses anything.

An .xlsx file is a zip of XML parts; 1.5 MB of zip can inflate to gigabytes of XML, and a
sheet can declare a million rows. So, in this order, each check before the work it bounds:

1. the archive's directory (read without inflating anything): a zip at all (an Office file
   with a password, or an old .xls, is an OLE container instead), at most ``MAX_MEMBERS``
   parts (counted from the end record before zipfile reads the directory), no encrypted
   part; once inflated, each worksheet at most ``MAX_SHEET_BYTES``, each other part (openpyxl
   loads those whole) at most ``MAX_PART_BYTES``, all of them at most ``MAX_TOTAL_BYTES``, and
   no part over ``RATIO_FLOOR`` inflating more than ``MAX_RATIO`` times. The declared sizes can lie, but Python's zipfile never inflates a part
   past its declared size (it stops there and the checksum fails), so openpyxl cannot read more
   than was checked;
2. openpyxl in read-only mode (the sheet is streamed row by row, not built in memory);
3. the sheet's declared dimensions: at most ``max_rows`` rows and ``MAX_COLUMNS`` columns;
4. while iterating, the rows again (the declaration is optional and can lie) and the cells the
   import reads: text at most ``MAX_CELL_CHARS`` characters, numbers below ``MAX_CELL_NUMBER``.

Measured: the largest accepted sheet (5,000 rows × 12 columns, 6 MB of XML, 250 KB of zip) is
read in under a second; every refused file is refused in milliseconds.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MB = 1024 * 1024
MAX_MEMBERS = 100  # the portal's template has 9 parts
MAX_SHEET_BYTES = 10 * MB  # a worksheet part: the largest accepted sheet is about 6 MB of XML
# Any other part (shared strings, styles…): openpyxl loads these whole, even in read-only mode;
# 2 MB of shared strings take about 1 s and 15 MB (13 MB took 60 s and 86 MB). A template
# re-saved by Excel has a few hundred KB of them.
MAX_PART_BYTES = 2 * MB
MAX_TOTAL_BYTES = 20 * MB
MAX_RATIO = 100  # a real sheet compresses about 25 times
RATIO_FLOOR = 1 * MB  # small parts may compress well and cannot hurt
MAX_COLUMNS = 100  # the template has 12
MAX_CELL_CHARS = 200  # codes, field keys and reported values are short
MAX_CELL_NUMBER = 10**15  # a reported value is below a quadrillion (GeneralInfoValue: 16 digits)
MAX_DIRECTORY_BYTES = 64 * 1024  # 100 entries with long names; the template's is under 1 KB
_EOCD_SIGNATURE, _EOCD_SIZE = b"PK\x05\x06", 22
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = 0x1  # general-purpose flag bit 0 of a zip entry
_SHEETS = "xl/worksheets/"


class WorkbookRefused(ValueError):
    """The upload is not a workbook the import will read; the message says why, in Vietnamese."""


def _use_template() -> str:
    return _("Hãy dùng mẫu tải từ cổng.")


def check_archive(data: bytes) -> None:
    """Refuse an archive whose directory shows it is not a plain, reasonably sized workbook."""
    if data.startswith(_OLE_MAGIC):
        raise WorkbookRefused(
            _("Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls); hãy lưu thành .xlsx không đặt mật khẩu.")
        )
    # The directory's own size first: zipfile builds an object per entry (10,000 entries
    # cost 10 MB), so the end record's count and byte length are read before it does.
    entries, directory_bytes = directory_size(data)
    if entries > MAX_MEMBERS:
        raise _too_many(entries)
    if directory_bytes > MAX_DIRECTORY_BYTES:  # few entries with huge names or extra fields
        raise WorkbookRefused(_("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise WorkbookRefused(_("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng.")) from None
    if len(members) > MAX_MEMBERS:
        raise _too_many(len(members))
    if any(m.flag_bits & _ENCRYPTED for m in members):
        raise WorkbookRefused(_("Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls); hãy lưu thành .xlsx không đặt mật khẩu."))
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES or any(m.file_size > _part_limit(m.filename) for m in members):
        raise WorkbookRefused(
            _("Nội dung tệp khi giải nén quá lớn (tối đa %(total)s MB; mỗi trang %(sheet)s MB, mỗi phần khác %(part)s MB).")
            % {"total": MAX_TOTAL_BYTES // MB, "sheet": MAX_SHEET_BYTES // MB, "part": MAX_PART_BYTES // MB}
            + " " + _use_template()
        )
    if inflates_abnormally(members):
        raise WorkbookRefused(_("Tệp được nén bất thường (tỷ lệ nén quá cao) nên không được đọc.") + " " + _use_template())


def _part_limit(name: str) -> int:
    return MAX_SHEET_BYTES if name.startswith(_SHEETS) else MAX_PART_BYTES


def inflates_abnormally(members: list[zipfile.ZipInfo], *, floor: int = RATIO_FLOOR) -> bool:
    """A part over `floor` bytes inflating more than MAX_RATIO times: the shape of a zip bomb."""
    return any(m.file_size > floor and m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members)


def directory_size(data: bytes) -> tuple[int, int]:
    """(entries, bytes) of the central directory from the end record, or (0, 0) when there is
    none (zipfile then says it is not a zip). A zip64 archive records 0xFFFF entries here,
    which is over the limit: a workbook never needs zip64."""
    tail = data[-(_EOCD_SIZE + 0xFFFF) :]  # the record, then a comment of up to 64 KB
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or len(tail) - at < _EOCD_SIZE:
        return 0, 0
    return int.from_bytes(tail[at + 10 : at + 12], "little"), int.from_bytes(tail[at + 12 : at + 16], "little")


def _too_many(n: int) -> WorkbookRefused:
    return WorkbookRefused(
        _("Tệp có quá nhiều thành phần (%(n)s; tối đa %(max)s).") % {"n": n, "max": MAX_MEMBERS} + " " + _use_template()
    )


def open_sheet(data: bytes, sheet: str, *, max_rows: int, aliases: tuple[str, ...] = ()) -> tuple[Any, Any]:
    """(workbook, worksheet) in read-only mode, after the archive and the declared size checks.
    The sheet is `sheet` or else one of its `aliases` (a name an older template used); names are
    compared composed (NFC), as a Vietnamese name may have been typed decomposed. The caller
    closes the workbook."""
    check_archive(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        raise WorkbookRefused(_("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng.")) from exc
    present = {unicodedata.normalize("NFC", name): name for name in wb.sheetnames}
    found = next((present[name] for name in (sheet, *aliases) if name in present), None)
    if found is None:
        wb.close()
        raise WorkbookRefused(_("Không thấy trang “%(sheet)s” trong tệp. Hãy dùng mẫu tải từ cổng.") % {"sheet": sheet})
    try:
        ws = wb[found]
        rows, columns = ws.max_row or 0, ws.max_column or 0  # from <dimension>, when declared
    except Exception as exc:  # noqa: BLE001 - a malformed sheet part
        wb.close()
        raise WorkbookRefused(_("Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng.")) from exc
    if rows > max_rows or columns > MAX_COLUMNS:
        wb.close()
        raise WorkbookRefused(
            _("Trang “%(sheet)s” có %(rows)s dòng × %(columns)s cột; tối đa %(max_rows)s dòng và %(max_columns)s cột.")
            % {"sheet": found, "rows": rows, "columns": columns, "max_rows": max_rows, "max_columns": MAX_COLUMNS}
            + " " + _use_template()
        )
    return wb, ws


def cell_problem(value: Any) -> str | None:
    """Why a cell the import reads is refused, or None: text too long, a number too large."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return _("ô dài quá %(max)s ký tự") % {"max": MAX_CELL_CHARS}
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return _("số quá lớn")
    if isinstance(value, (int, float)) and abs(value) >= MAX_CELL_NUMBER:
        return _("số quá lớn")
    return None
