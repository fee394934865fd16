"""The Excel import's bounds, one at a time, on archives built here (no database, no page:
the pages are proven in tests/security/test_hostile_files.py)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from openpyxl import Workbook

from assessments import excel_guard
from assessments.excel_guard import WorkbookRefused, cell_problem, check_archive, open_sheet


def archive(parts: dict[str, bytes], *, comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        zf.comment = comment
    return buf.getvalue()


def workbook(rows: int = 3, columns: int = 3, sheet: str = "So lieu") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in range(1, rows + 1):
        for c in range(1, columns + 1):
            ws.cell(row=r, column=c, value=r * c)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(WorkbookRefused) as exc:
        check_archive(data)
    return str(exc.value)


def test_a_plain_workbook_passes_every_check():
    assert check_archive(workbook()) is None
    wb, ws = open_sheet(workbook(), "So lieu", max_rows=10)
    assert (ws.max_row, ws.max_column) == (3, 3)
    wb.close()


def test_bytes_that_are_not_a_zip_are_not_a_workbook():
    assert refusal(b"hello").startswith("Tệp không phải tệp Excel (.xlsx) hợp lệ.")


def test_the_part_count_is_read_from_the_end_record_before_the_directory():
    data = archive({f"p{i}.xml": b"<a/>" for i in range(excel_guard.MAX_MEMBERS + 1)})
    assert refusal(data) == "Tệp có quá nhiều thành phần (101; tối đa 100). Hãy dùng mẫu tải từ cổng."


def test_the_part_count_at_the_limit_is_accepted():
    data = archive({f"p{i}.xml": b"<a/>" for i in range(excel_guard.MAX_MEMBERS)})
    assert excel_guard.directory_size(data)[0] == excel_guard.MAX_MEMBERS
    assert check_archive(data) is None


def test_a_directory_too_large_for_its_count_is_refused():
    # Few entries with very long names: the directory itself is the cost.
    data = archive({f"{i}-" + "n" * 60_000: b"" for i in range(2)})
    assert excel_guard.directory_size(data)[1] > excel_guard.MAX_DIRECTORY_BYTES
    assert refusal(data) == "Tệp không phải tệp Excel (.xlsx) hợp lệ. Hãy dùng mẫu tải từ cổng."


def test_an_archive_comment_does_not_hide_the_end_record():
    data = archive({"a.xml": b"<a/>"}, comment=b"PK" * 30_000)
    assert excel_guard.directory_size(data)[0] == 1


TOO_LARGE = "Nội dung tệp khi giải nén quá lớn (tối đa 20 MB; mỗi trang 10 MB, mỗi phần khác 2 MB)."


def varied(size: int) -> bytes:
    """Bytes deflate cannot shrink, so only the size limits apply (not the ratio)."""
    return random.Random(size).randbytes(size)



def test_a_sheet_inflating_past_the_sheet_limit_is_refused():
    data = archive({"xl/worksheets/sheet1.xml": varied(excel_guard.MAX_SHEET_BYTES + 1)})
    assert refusal(data).startswith(TOO_LARGE)


def test_a_sheet_at_the_sheet_limit_is_accepted():
    assert check_archive(archive({"xl/worksheets/sheet1.xml": varied(excel_guard.MAX_SHEET_BYTES)})) is None


def test_shared_strings_past_the_part_limit_are_refused_because_openpyxl_loads_them_whole():
    data = archive({"xl/sharedStrings.xml": varied(excel_guard.MAX_PART_BYTES + 1)})
    assert refusal(data).startswith(TOO_LARGE)


def test_parts_inflating_past_the_total_limit_together_are_refused():
    five_mb = varied(5 * excel_guard.MB)
    data = archive({f"xl/worksheets/sheet{i}.xml": five_mb for i in range(5)})
    assert refusal(data).startswith(TOO_LARGE)


def test_a_big_part_compressed_more_than_the_ratio_is_refused():
    data = archive({"flat.xml": b"<r/>" * (2 * excel_guard.MB // 4)})
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert info.file_size > excel_guard.MAX_RATIO * info.compress_size
    assert refusal(data).startswith("Tệp được nén bất thường")


def test_a_small_part_may_compress_well():
    data = archive({"flat.xml": b"<r/>" * 200_000})  # 800 KB, under the ratio floor
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert info.file_size > excel_guard.MAX_RATIO * info.compress_size
    assert check_archive(data) is None


def test_an_old_or_password_protected_file_is_named_as_such():
    assert refusal(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512).startswith("Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls)")


def test_declared_rows_and_columns_are_checked_before_reading():
    with pytest.raises(WorkbookRefused) as exc:
        open_sheet(workbook(rows=11), "So lieu", max_rows=10)
    assert str(exc.value).startswith("Trang “So lieu” có 11 dòng × 3 cột; tối đa 10 dòng và 100 cột.")
    with pytest.raises(WorkbookRefused):
        open_sheet(workbook(columns=excel_guard.MAX_COLUMNS + 1), "So lieu", max_rows=10)


def test_a_workbook_without_the_data_sheet_is_refused():
    with pytest.raises(WorkbookRefused) as exc:
        open_sheet(workbook(sheet="Khac"), "So lieu", max_rows=10)
    assert str(exc.value) == "Không thấy trang “So lieu” trong tệp. Hãy dùng mẫu tải từ cổng."


@pytest.mark.parametrize(
    "value,problem",
    [
        ("x" * 201, "ô dài quá 200 ký tự"),
        (10**15, "số quá lớn"),
        (-(10**15), "số quá lớn"),
        (float("inf"), "số quá lớn"),
        (float("nan"), "số quá lớn"),
        (1e16, "số quá lớn"),
    ],
)
def test_cells_the_import_reads_are_bounded(value, problem):
    assert cell_problem(value) == problem


@pytest.mark.parametrize("value", ["x" * 200, 10**15 - 1, 12.5, True, None, "Có"])
def test_ordinary_cells_pass(value):
    assert cell_problem(value) is None
