"""The province's PDF report, read back as a person would see it.

Each PDF is fetched through HTTP, read with poppler's `pdftotext -bbox` (every word with its
box on the page) and rendered with `pdftoppm` to PNG: text must stay inside the printed
area, no word may run over another (a long name overflowing its cell would), headings sit on
the page of their table, the rank axis reads whole distinct ranks, and the reconciliation
puts each figure under its column.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from accounts.models import RankingGroup
from assessments.models import IndicatorValue, Submission, SubmissionStatus
from results.charts import rank_ticks
from tests.results.conftest import SEEDS

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # points per millimetre
MARGIN_X = 16 * MM  # the report's left and right page margins (results/report/base.html)
REASON = (
    "Kế hoạch ban hành sau ngày 31/3 của năm đánh giá nên chỉ được một phần điểm theo hướng dẫn; "
    "tài liệu kiểm chứng thiếu phụ lục phân công nhiệm vụ cho các sở, ban, ngành."
)
LONG_NAME = (
    "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình trên Cổng Dịch vụ công quốc gia "
    "và Hệ thống thông tin giải quyết thủ tục hành chính cấp tỉnh"
)


@dataclass(frozen=True)
class Word:
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass
class Pdf:
    pages: list[tuple[float, float]]
    words: list[Word]

    def find(self, text: str) -> list[Word]:
        return [w for w in self.words if w.text == text]

    def phrase(self, phrase: str) -> Word:
        """The first word of the first line where the phrase's words follow one another."""
        parts = phrase.split()
        for i, w in enumerate(self.words):
            run = self.words[i : i + len(parts)]
            if [r.text for r in run] == parts and len({r.page for r in run}) == 1:
                return w
        raise AssertionError(f"“{phrase}” is not in the PDF")

    def line_of(self, word: Word) -> list[Word]:
        return sorted(
            (w for w in self.words if w.page == word.page and abs(w.y0 - word.y0) < 2), key=lambda w: w.x0
        )


def read_pdf(content: bytes, tmp_path: Path) -> Pdf:
    assert content.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    pages, words = [], []
    for number, page in enumerate(re.findall(r"<page (.*?)>(.*?)</page>", xhtml, re.S)):
        attrs, body = page
        pages.append((float(re.search(r'width="([\d.]+)"', attrs).group(1)), float(re.search(r'height="([\d.]+)"', attrs).group(1))))
        for x0, y0, x1, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', body
        ):
            words.append(Word(number, float(x0), float(y0), float(x1), float(y1), unescape(text)))
    return Pdf(pages, words)


def render_png(content: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page-*.png"))


@pytest.fixture(autouse=True)
def _poppler():
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils is installed by .ci/run"


def adjust(submission: Submission, *, name: str = LONG_NAME) -> IndicatorValue:
    """The reviewer's adjustment as sign-off leaves it: self-score at the maximum, reviewed lower."""
    value = IndicatorValue.objects.filter(submission=submission).select_related("indicator").order_by("indicator__order")[2]
    value.indicator.name_vi = name
    value.indicator.save(update_fields=["name_vi"])
    IndicatorValue.objects.filter(pk=value.pk).update(
        self_points=value.indicator.max_points, reviewed_points=value.final_points, review_reason=REASON
    )
    value.refresh_from_db()
    return value


def profile_pdf(client, rnd, code="48"):
    response = client.get(reverse("results:profile_pdf", args=[rnd.year, rnd.ranking_group, code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def officer_report(published, officer_a_client, tmp_path):
    adjust(published.submissions.get(unit__code="48"))
    content = profile_pdf(officer_a_client, published)
    return content, read_pdf(content, tmp_path)


# --- Layout ---------------------------------------------------------------------------------


def test_every_word_is_inside_the_printed_area(officer_report):
    _content, pdf = officer_report
    for w in pdf.words:
        width, height = pdf.pages[w.page]
        assert MARGIN_X - 1 <= w.x0 and w.x1 <= width - MARGIN_X + 1, w
        assert 0 < w.y0 and w.y1 < height, w


def test_no_word_runs_over_another(officer_report):
    assert_no_overlap(officer_report[1])


def assert_no_overlap(pdf: Pdf) -> None:
    by_page: dict[int, list[Word]] = {}
    for w in pdf.words:
        by_page.setdefault(w.page, []).append(w)
    for words in by_page.values():
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
                overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
                assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)


def test_each_heading_is_on_the_page_of_its_table(officer_report):
    _content, pdf = officer_report
    for heading, table_header in [
        ("III. Thứ hạng qua các năm", "Thay đổi"),
        ("V. Kết quả thẩm định từng chỉ số", "Lý do điều chỉnh"),
        ("Theo chỉ số chính", "Mất so với"),
    ]:
        h, t = pdf.phrase(heading), pdf.phrase(table_header)
        assert h.page == t.page and h.y1 < t.y0, (heading, h, t)


def test_the_rank_axis_reads_whole_distinct_ranks(published, client, tmp_path):
    # Five years of ranks 3, 1, 1, 2 and the 2025 one: the old chart read "1 1 1 1 1 2".
    from results.models import PublishedResult

    unit = published.submissions.get(unit__code="48").unit
    for year, rank in [(2021, 3), (2022, 1), (2023, 1), (2024, 2)]:
        PublishedResult.objects.create(year=year, framework_decision="x", ranking_group=unit.ranking_group, unit=unit, rank=rank)
    pdf = read_pdf(profile_pdf(client, published), tmp_path)
    heading, table = pdf.phrase("III. Thứ hạng qua các năm"), pdf.phrase("Năm DTI")
    plot_left = MARGIN_X + 44 / 680 * (pdf.pages[0][0] - 2 * MARGIN_X)
    ticks = sorted(
        (w for w in pdf.words if w.page == heading.page and heading.y1 < w.y0 < table.y0 and w.x1 < plot_left and w.text.isdigit()),
        key=lambda w: w.y0,
    )
    labels = [int(w.text) for w in ticks]
    assert labels == sorted(set(labels)) and labels[0] == 1 and len(labels) >= 3


def test_rank_ticks_are_whole_distinct_and_start_at_the_best_rank():
    for lowest, highest in [(1, 2), (1, 6), (3, 17), (15, 57), (1, 63)]:
        ticks = rank_ticks(lowest, highest)
        assert ticks[0] == lowest and ticks == sorted(set(ticks)) and ticks[-1] <= highest


def test_the_report_renders_to_png_with_its_charts(officer_report, tmp_path):
    content, pdf = officer_report
    (tmp_path / "png").mkdir()
    pages = render_png(content, tmp_path / "png")
    assert len(pages) == len(pdf.pages)
    chart_page = pdf.phrase("II. Chỉ số chính so với trung bình và đơn vị dẫn đầu").page
    image = Image.open(pages[chart_page]).convert("RGB")
    blue = sum(1 for px in image.get_flattened_data() if abs(px[0] - 13) < 30 and abs(px[1] - 110) < 30 and px[2] > 220)
    assert blue > 200  # the unit's bars


# --- What the report says -------------------------------------------------------------------


def test_the_officer_sees_self_reviewed_final_and_the_reason_under_their_columns(officer_report):
    _content, pdf = officer_report
    value = IndicatorValue.objects.filter(review_reason=REASON).select_related("indicator").get()
    header = pdf.phrase("Lý do điều chỉnh")
    code = next(w for w in pdf.find(value.indicator.code) if (w.page, w.y0) > (header.page, header.y0))
    line = [w.text for w in pdf.line_of(code)]
    points = [p for p in line if re.fullmatch(r"\d+,\d\d", p)]
    fmt = lambda d: f"{d:.2f}".replace(".", ",")  # noqa: E731
    lost = value.indicator.max_points - value.final_points
    assert points == [fmt(value.indicator.max_points), fmt(value.self_points), fmt(value.reviewed_points), fmt(value.final_points), fmt(lost)]
    reason = pdf.phrase("Kế hoạch ban hành sau")
    assert reason.page == code.page and abs(reason.y0 - code.y0) < 2
    assert reason.x0 > pdf.phrase("Lý do điều chỉnh").x0 - 1 > max(w.x1 for w in pdf.line_of(code) if w.text in points)
    assert "phụ" in {w.text for w in pdf.words}  # the whole reason, wrapped inside its cell


def test_every_point_figure_has_two_decimals(officer_report):
    _content, pdf = officer_report
    top = pdf.phrase("Lý do điều chỉnh")  # the reconciliation table's header
    figures = [w.text for w in pdf.words if (w.page, w.y0) > (top.page, top.y0) and re.fullmatch(r"[\d.,]+", w.text) and "," in w.text]
    assert figures and all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d\d", f) for f in figures), figures


def test_the_public_report_has_no_reconciliation(published, client, tmp_path):
    adjust(published.submissions.get(unit__code="48"))
    pdf = read_pdf(profile_pdf(client, published), tmp_path)
    texts = {w.text for w in pdf.words}
    assert "I." in texts and "ban" not in texts
    with pytest.raises(AssertionError):
        pdf.phrase("Lý do điều chỉnh")


def test_another_provinces_officer_gets_no_reconciliation(published, officer_b_client, tmp_path):
    adjust(published.submissions.get(unit__code="48"))
    pdf = read_pdf(profile_pdf(officer_b_client, published), tmp_path)
    assert pdf.phrase("I. Kết quả tổng hợp")
    with pytest.raises(AssertionError):
        pdf.phrase("Kế hoạch ban hành sau")


def test_a_reviewer_gets_the_reconciliation(published, reviewer_client, tmp_path):
    adjust(published.submissions.get(unit__code="48"))
    pdf = read_pdf(profile_pdf(reviewer_client, published), tmp_path)
    assert pdf.phrase("Kế hoạch ban hành sau")


# --- The unit's own report, from sign-off -----------------------------------------------------


def test_the_officer_downloads_the_report_at_sign_off_before_publication(signed_round, officer_a_client, tmp_path):
    submission = signed_round.submissions.get(unit__code="48")
    adjust(submission)
    response = officer_a_client.get(reverse("results:submission_report", args=[submission.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = read_pdf(response.content, tmp_path)
    assert pdf.phrase("II. Kết quả thẩm định từng chỉ số") and pdf.phrase("Kế hoạch ban hành sau")
    assert pdf.phrase("công bố sau")  # the rank waits for publication


def test_the_unit_report_is_404_before_sign_off(signed_round, officer_a_client):
    submission = signed_round.submissions.get(unit__code="48")
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.UNDER_REVIEW)
    assert officer_a_client.get(reverse("results:submission_report", args=[submission.pk])).status_code == 404


def test_the_unit_report_is_404_to_another_province(signed_round, officer_b_client):
    submission = signed_round.submissions.get(unit__code="48")
    assert officer_b_client.get(reverse("results:submission_report", args=[submission.pk])).status_code == 404


# --- Merger-aware history in the report -------------------------------------------------------


def test_a_reexpressed_year_is_marked_in_the_report(all_units, frameworks, client, tmp_path):
    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())
    extra = tmp_path / "extra.csv"
    extra.write_text("year,framework,ranking_group,gso_code,unit,rank,dti,source\n2022,922/QĐ-BTTTT,63,49,Quảng Nam,31,0.5432,t\n", encoding="utf-8")
    call_command("import_results", str(extra), stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get(reverse("results:profile_pdf", args=[2022, RankingGroup.PROVINCES_34, "2025-48"]))
    pdf = read_pdf(response.content, tmp_path)
    assert pdf.phrase("quy đổi theo đơn vị sau sáp nhập")
    mean = (Decimal("0.8002") + Decimal("0.5432")) / 2
    assert f"{mean:.4f}".replace(".", ",") in {w.text for w in pdf.words}


def test_a_full_seeded_framework_report_keeps_its_text_in_place(frameworks, province_a, lead_reviewer, officer_a_client, tmp_path):
    """The 2024 framework's 47 indicators, long official names, reasons on every sixth line."""
    from tests import factories
    from tests.results.conftest import sign_off

    rnd = factories.make_round(year=2024, framework=frameworks["405-tinh"], units=[province_a])
    submission = rnd.submissions.get()
    sign_off(submission, lead_reviewer, "0.7", recompute=False)
    values = IndicatorValue.objects.filter(submission=submission).select_related("indicator").order_by("indicator__order")
    for value in values[::6]:
        IndicatorValue.objects.filter(pk=value.pk).update(
            self_points=value.indicator.max_points, reviewed_points=value.final_points, review_reason=REASON
        )
    pdf = read_pdf(officer_a_client.get(reverse("results:submission_report", args=[submission.pk])).content, tmp_path)
    assert len(pdf.pages) >= 3
    for w in pdf.words:
        width, _height = pdf.pages[w.page]
        assert MARGIN_X - 1 <= w.x0 and w.x1 <= width - MARGIN_X + 1, w
    assert_no_overlap(pdf)
    headers = pdf.find("Lý")
    assert len({w.page for w in headers}) == len(pdf.pages) - (headers[0].page)  # the header on every table page
    codes = {w.text for w in pdf.words if re.fullmatch(r"\d\.\d+", w.text)}
    assert len(codes) == values.count()
