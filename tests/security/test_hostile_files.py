"""Hostile files through the upload pages: the administrator's framework upload and the
officer's Excel import. Each file is real and built here; each case asserts the page answers
200 with a clear Vietnamese message, promptly, with the server's memory bounded, and that
nothing was saved.

Memory is measured with tracemalloc around the request only: the multipart body is encoded
BEFORE measuring, so the figure is what the server allocated to answer (a parsed 1 GB sheet or
an expanded alias bomb would need gigabytes; a refused file needs well under a megabyte).
"""

from __future__ import annotations

import io
import re
import time
import tracemalloc
import zipfile
from dataclasses import dataclass

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from openpyxl import load_workbook

from accounts.models import AuditEntry
from assessments import excel, excel_guard
from assessments.framework_files import MAX_DEPTH
from assessments.models import Framework, IndicatorValue
from tests import factories

pytestmark = pytest.mark.django_db

FRAMEWORK_UPLOAD = "/quan-tri/assessments/framework/nap-tep/"
MB = 1024 * 1024
PROMPT_SECONDS = 5  # every refusal below takes milliseconds; the margin is for a loaded CI machine
BOUNDED_BYTES = 8 * MB


@pytest.fixture
def draft(province_a, province_b):
    return factories.make_round(units=[province_a, province_b]).submissions.get(unit=province_a)


@dataclass
class Answer:
    status: int
    body: str
    seconds: float
    peak_bytes: int
    context: object


def post_file(client, url: str, name: str, content: bytes) -> Answer:
    """POST one file as a browser would, measuring only the server's work. A small refused
    file goes first, so the page's one-off costs (imports, compiled templates) are not
    counted as the hostile file's."""
    client.generic("POST", url, encode_multipart(BOUNDARY, {"file": _NamedBytes(name, b"x")}), content_type=MULTIPART_CONTENT)
    body = encode_multipart(BOUNDARY, {"file": _NamedBytes(name, content)})
    tracemalloc.start()
    started = time.monotonic()
    try:
        r = client.generic("POST", url, body, content_type=MULTIPART_CONTENT)
        seconds = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return Answer(r.status_code, r.content.decode(), seconds, peak, r.context)


class _NamedBytes(io.BytesIO):
    def __init__(self, name: str, content: bytes) -> None:
        super().__init__(content)
        self.name = name


def assert_refused_promptly_and_bounded(answer: Answer, message: str) -> None:
    assert answer.status == 200
    assert message in answer.body
    assert answer.seconds < PROMPT_SECONDS
    assert answer.peak_bytes < BOUNDED_BYTES


# --- Framework YAML through the admin ----------------------------------------------------------


def billion_laughs() -> bytes:
    """Nine levels of nine aliases: 9^9 (387 million) strings once expanded, in 700 bytes."""
    lines = ['l0: &l0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, 10):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def test_the_billion_laughs_is_refused_on_its_first_anchor(admin_client_):
    bomb = billion_laughs()
    assert len(bomb) < 1024
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "cuoi.yaml", bomb)
    assert_refused_promptly_and_bounded(answer, "dòng 1: tệp bộ chỉ số không được dùng anchor (&amp;…) hay alias (*…)")
    assert "Tệp có lỗi; chưa nạp gì" in answer.body
    assert not Framework.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["[\n" * 10_000 + "]\n" * 10_000, "{a:\n" * 10_000 + "1\n" + "}\n" * 10_000],
    ids=["lists", "mappings"],
)
def test_ten_thousand_deep_nesting_is_refused_at_the_level_past_the_limit(admin_client_, text):
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "sau.yaml", text.encode())
    assert_refused_promptly_and_bounded(answer, f"dòng {MAX_DEPTH + 1}: cấu trúc lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)")
    assert not Framework.objects.exists()


@pytest.mark.parametrize(
    "text",
    ["[" * 10_000 + "]" * 10_000, "{a: " * 10_000 + "1" + "}" * 10_000],
    ids=["lists", "mappings"],
)
def test_ten_thousand_deep_nesting_on_one_line_is_refused_before_parsing(admin_client_, text):
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "sau.yaml", text.encode())
    assert_refused_promptly_and_bounded(answer, f"dòng 1: dòng dài {len(text):,} ký tự; tối đa 5.200".replace(",", "."))
    assert not Framework.objects.exists()


def test_deep_block_nesting_names_the_line_where_it_passes_the_limit(admin_client_):
    text = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v: 1\n"
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "sau.yaml", text.encode())
    assert_refused_promptly_and_bounded(answer, f"dòng {MAX_DEPTH + 1}: cấu trúc lồng nhau quá sâu")


def test_a_ten_megabyte_file_is_refused_unread(admin_client_):
    big = b"format: dtiportal-framework/1\n" + b"# " + b"x" * (10 * MB)
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "lon.yaml", big)
    assert answer.status == 200
    assert "dòng 1: tệp quá lớn (10240 KB); tối đa 512 KB" in answer.body
    assert answer.seconds < PROMPT_SECONDS
    # The test client's fake socket holds one copy of the body; Django spools an upload over
    # 2.5 MB to a temporary file in 64 KB chunks, and the view refuses on the size unread.
    assert answer.peak_bytes < len(big) + BOUNDED_BYTES
    assert not Framework.objects.exists()


def test_a_huge_single_value_is_refused_on_its_line(admin_client_):
    text = 'format: dtiportal-framework/1\ncode: "x"\nnote_vi: "' + "ệ" * 150_000 + '"\n'
    answer = post_file(admin_client_, FRAMEWORK_UPLOAD, "dai.yaml", text.encode())
    assert_refused_promptly_and_bounded(answer, "dòng 3: dòng dài 150.011 ký tự; tối đa 5.200")
    assert not Framework.objects.exists()


def test_a_confirmed_text_goes_through_the_same_reader(admin_client_):
    r = admin_client_.post(FRAMEWORK_UPLOAD, {"confirm": "1", "text": billion_laughs().decode()})
    assert r.status_code == 200
    assert "dòng 1: tệp bộ chỉ số không được dùng anchor" in r.content.decode()
    assert not Framework.objects.exists()


def test_load_framework_refuses_the_same_files(tmp_path):
    from django.core.management import CommandError, call_command

    bomb = tmp_path / "cuoi.yaml"
    bomb.write_bytes(billion_laughs())
    with pytest.raises(CommandError, match="dòng 1: tệp bộ chỉ số không được dùng anchor"):
        call_command("load_framework", str(bomb))
    deep = tmp_path / "sau.yaml"
    deep.write_text("[\n" * 10_000 + "]\n" * 10_000)
    with pytest.raises(CommandError, match="cấu trúc lồng nhau quá sâu"):
        call_command("load_framework", str(deep))
    huge = tmp_path / "lon.yaml"
    with huge.open("wb") as f:
        f.truncate(1024 * MB)  # a sparse gigabyte: only MAX_BYTES + 1 bytes are ever read
    with pytest.raises(CommandError, match="tệp quá lớn"):
        call_command("load_framework", str(huge))
    assert not Framework.objects.exists()


# --- Spreadsheets through the officer's Excel import ---------------------------------------------


def excel_url(sub) -> str:
    return f"/tu-danh-gia/ho-so/{sub.pk}/excel/nhap/"


def template_bytes(client, sub) -> bytes:
    r = client.get(f"/tu-danh-gia/ho-so/{sub.pk}/excel/mau/")
    assert r.status_code == 200
    return r.content


def rewrite(xlsx: bytes, replace: dict[str, bytes] | None = None, add: int = 0) -> bytes:
    """The workbook with some parts replaced and `add` tiny extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = (replace or {}).get(info.filename, src.read(info.filename))
            dst.writestr(info.filename, data)
        for i in range(add):
            dst.writestr(f"customXml/item{i}.xml", b"<a/>")
    return out.getvalue()


SHEET_PART = "xl/worksheets/sheet1.xml"
SHEET_OPEN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_CLOSE = b"</sheetData></worksheet>"


def with_inflating_sheet(xlsx: bytes) -> bytes:
    """The template whose sheet is 1 GB of XML, mostly the whitespace XML allows between rows,
    which deflate shrinks about a thousand times. Written streaming, so the test never holds
    the gigabyte."""
    out = io.BytesIO()
    row = b'<row><c t="n"><v>1</v></c></row>' + b" " * (MB - 34)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != SHEET_PART:
                dst.writestr(info.filename, src.read(info.filename))
        with dst.open(SHEET_PART, "w", force_zip64=True) as member:
            member.write(SHEET_OPEN)
            for _ in range(1024):
                member.write(row)
            member.write(SHEET_CLOSE)
    return out.getvalue()


def assert_nothing_changed(sub) -> None:
    assert not IndicatorValue.objects.filter(submission=sub).exclude(inputs={}).exists()
    assert not AuditEntry.objects.filter(action="value.update").exists()


def test_a_small_workbook_inflating_to_a_gigabyte_is_refused_uninflated(officer_a_client, draft):
    bomb = with_inflating_sheet(template_bytes(officer_a_client, draft))
    assert 1 * MB < len(bomb) < 2 * MB
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:
        assert zf.getinfo(SHEET_PART).file_size > 1000 * MB
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", bomb)
    assert_refused_promptly_and_bounded(answer, "Nội dung tệp khi giải nén quá lớn (tối đa 20 MB; mỗi trang 10 MB, mỗi phần khác 2 MB).")
    assert answer.context["preview"] is None
    assert_nothing_changed(draft)


def declaring(xlsx: bytes, name: str, size: int) -> bytes:
    """The archive with part `name` claiming to inflate to `size` bytes, in its local header
    (offset 22) and its central-directory entry (offset 24), which is what zipfile trusts."""
    data = bytearray(xlsx)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        info = zf.getinfo(name)
    data[info.header_offset + 22 : info.header_offset + 26] = size.to_bytes(4, "little")
    for at in (m.start() for m in re.finditer(rb"PK\x01\x02", bytes(data))):
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + name_len]) == name.encode():
            data[at + 24 : at + 28] = size.to_bytes(4, "little")
    return bytes(data)


def test_a_part_lying_about_its_size_is_inflated_no_further_than_it_claims(officer_a_client, draft):
    # 100 MB of sheet XML that claims 2 KB: the directory checks pass, and zipfile stops
    # inflating at the claimed size (the checksum then fails), so openpyxl never holds more.
    sheet = SHEET_OPEN + b'<row><c t="n"><v>1</v></c></row>' + b" " * (100 * MB) + SHEET_CLOSE
    xlsx = declaring(rewrite(template_bytes(officer_a_client, draft), {SHEET_PART: sheet}), SHEET_PART, 2048)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        assert zf.getinfo(SHEET_PART).file_size == 2048
    del sheet
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert_refused_promptly_and_bounded(answer, "Tệp không phải tệp Excel (.xlsx) hợp lệ.")
    assert_nothing_changed(draft)


def test_a_part_inflating_far_more_than_a_sheet_does_is_refused(officer_a_client, draft):
    # 8 MB of one repeated row, within the size limits, inflates about 400 times: no real sheet does.
    sheet = SHEET_OPEN + b'<row><c t="n"><v>1</v></c></row>' * (8 * MB // 34) + SHEET_CLOSE
    xlsx = rewrite(template_bytes(officer_a_client, draft), {SHEET_PART: sheet})
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert_refused_promptly_and_bounded(answer, "Tệp được nén bất thường (tỷ lệ nén quá cao) nên không được đọc.")
    assert_nothing_changed(draft)


def test_a_sheet_declaring_a_million_rows_is_refused_before_reading_them(officer_a_client, draft):
    wb = load_workbook(io.BytesIO(template_bytes(officer_a_client, draft)))
    wb[excel.SHEET].cell(row=1_048_576, column=1, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", buf.getvalue())
    assert_refused_promptly_and_bounded(answer, "có 1048576 dòng × 12 cột; tối đa 5000 dòng và 100 cột.")
    assert_nothing_changed(draft)


def test_a_sheet_hiding_a_million_rows_behind_a_false_dimension_stops_at_the_row_limit(officer_a_client, draft):
    wb = load_workbook(io.BytesIO(template_bytes(officer_a_client, draft)))
    wb[excel.SHEET].cell(row=1_048_576, column=1, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        sheet = zf.read(SHEET_PART)
    lying = re.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:L14"/>', sheet)
    assert lying != sheet
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", rewrite(buf.getvalue(), {SHEET_PART: lying}))
    assert_refused_promptly_and_bounded(answer, "Tệp có quá nhiều dòng.")
    assert_nothing_changed(draft)


def test_a_sheet_sixteen_thousand_columns_wide_is_refused(officer_a_client, draft):
    wb = load_workbook(io.BytesIO(template_bytes(officer_a_client, draft)))
    wb[excel.SHEET].cell(row=5, column=16_000, value=1)
    buf = io.BytesIO()
    wb.save(buf)
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", buf.getvalue())
    assert_refused_promptly_and_bounded(answer, "× 16000 cột; tối đa 5000 dòng và 100 cột.")
    assert_nothing_changed(draft)


def test_a_zip_of_ten_thousand_parts_is_refused(officer_a_client, draft):
    template = template_bytes(officer_a_client, draft)
    xlsx = rewrite(template, add=10_000)
    assert len(xlsx) < excel.MAX_BYTES
    parts = len(zipfile.ZipFile(io.BytesIO(template)).infolist()) + 10_000
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert_refused_promptly_and_bounded(answer, f"Tệp có quá nhiều thành phần ({parts}; tối đa 100).")
    assert_nothing_changed(draft)


def test_a_password_protected_workbook_is_refused_with_a_way_out(officer_a_client, draft):
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096  # the container Office uses for encrypted files
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", ole)
    assert_refused_promptly_and_bounded(answer, "Tệp được đặt mật khẩu hoặc là tệp Excel cũ (.xls)")
    assert_nothing_changed(draft)


def test_an_encrypted_zip_part_is_refused(officer_a_client, draft):
    xlsx = bytearray(rewrite(template_bytes(officer_a_client, draft)))
    # Set the "encrypted" flag of every central-directory entry (signature PK\x01\x02).
    for match in re.finditer(rb"PK\x01\x02", bytes(xlsx)):
        xlsx[match.start() + 8] |= 0x1
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", bytes(xlsx))
    assert_refused_promptly_and_bounded(answer, "Tệp được đặt mật khẩu")
    assert_nothing_changed(draft)


PLACEHOLDER = 987654321


def with_new_value(xlsx: bytes, code: str, value, *, raw_digits: int = 0) -> tuple[bytes, int]:
    """(the workbook with `value` as indicator `code`'s new value, that row's number). With
    raw_digits, the cell's XML holds a number of that many digits, which openpyxl cannot write."""
    wb = load_workbook(io.BytesIO(xlsx))
    row = next(r for r in wb[excel.SHEET].iter_rows(min_row=excel.FIRST_ROW) if r[excel.COL["code"] - 1].value == code)
    row[excel.COL["new"] - 1].value = PLACEHOLDER if raw_digits else value
    buf = io.BytesIO()
    wb.save(buf)
    if not raw_digits:
        return buf.getvalue(), row[0].row
    with zipfile.ZipFile(buf) as zf:
        sheet = zf.read(SHEET_PART)
    sheet = sheet.replace(f"<v>{PLACEHOLDER}</v>".encode(), b"<v>" + b"9" * raw_digits + b"</v>")
    return rewrite(buf.getvalue(), {SHEET_PART: sheet}), row[0].row


@pytest.mark.parametrize(
    "value,raw_digits,message",
    [
        ("9" * 300, 0, "ô dài quá 200 ký tự"),
        (None, 4000, "số quá lớn"),
        (1e300, 0, "số quá lớn"),
    ],
    ids=["300-digit-text", "4000-digit-number", "1e300"],
)
def test_an_absurd_number_in_a_cell_is_a_row_error_and_nothing_is_applied(officer_a_client, draft, value, raw_digits, message):
    xlsx, row = with_new_value(template_bytes(officer_a_client, draft), "1.4", value, raw_digits=raw_digits)
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert answer.status == 200 and answer.seconds < PROMPT_SECONDS
    assert answer.context["preview"].file_errors == [f"Dòng {row}: {message}."]
    r = officer_a_client.post(f"/tu-danh-gia/ho-so/{draft.pk}/excel/xac-nhan/", follow=True)
    assert "chưa áp dụng thay đổi nào" in r.content.decode()
    assert_nothing_changed(draft)


def test_a_number_too_long_for_python_to_read_makes_the_file_unreadable_not_a_server_error(officer_a_client, draft):
    xlsx, _row = with_new_value(template_bytes(officer_a_client, draft), "1.4", None, raw_digits=5000)
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert_refused_promptly_and_bounded(answer, "Tệp không phải tệp Excel (.xlsx) hợp lệ.")
    assert answer.context["preview"] is None
    assert_nothing_changed(draft)


def test_the_limits_leave_room_for_the_largest_real_template(officer_a_client, draft):
    xlsx = template_bytes(officer_a_client, draft)
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        members = zf.infolist()
    assert len(members) * 10 < excel_guard.MAX_MEMBERS
    assert all(m.file_size * 10 < excel_guard.MAX_PART_BYTES for m in members)
    answer = post_file(officer_a_client, excel_url(draft), "so-lieu.xlsx", xlsx)
    assert answer.status == 200
    assert answer.context["preview"] is not None and not answer.context["preview"].has_errors


# --- Evidence: stored, never inflated, and a zip bomb is not taken as a document ---------------


def test_a_word_document_that_is_a_zip_bomb_is_refused_as_evidence(officer_a_client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from assessments.models import Evidence

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(200):
                member.write(b"\0" * MB)
    assert len(buf.getvalue()) < MB
    value = IndicatorValue.objects.get(submission=draft, indicator__code="1.2")
    citation = {"doc_number": "12/KH-UBND", "doc_date": "01/03/2025", "issuing_body": "UBND tỉnh", "summary": "Kế hoạch"}
    started = time.monotonic()
    r = officer_a_client.post(
        reverse("assessments:evidence", args=[value.pk]),
        {**citation, "file": SimpleUploadedFile("ke-hoach.docx", buf.getvalue())},
    )
    assert time.monotonic() - started < PROMPT_SECONDS
    assert r.status_code == 200
    assert "Tệp được nén bất thường (tỷ lệ nén quá cao) nên không được nhận." in r.content.decode()
    assert not Evidence.objects.exists()
