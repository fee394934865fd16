"""Publication once every unit is settled: signed off, excluded (listed, not ranked) or scored as
is (ranked, marked); the public ranking says which, and why."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments import services as assessment_services
from assessments.models import CloseOut, Round, SubmissionStatus
from results import services
from results.models import Publication, RankingSnapshot
from tests import factories

from .conftest import sign_off

pytestmark = pytest.mark.django_db
S = SubmissionStatus


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def closed_round(units, lead_reviewer):
    """Three units: two signed off, Quảng Ninh (22) never submitted; entry closed yesterday."""
    rnd = factories.make_round(year=2025, units=units[:3])
    subs = {s.unit.code: s for s in rnd.submissions.select_related("unit")}
    sign_off(subs["48"], lead_reviewer, "0.9", recompute=False)
    sign_off(subs["49"], lead_reviewer, "0.5")
    services.recompute_round(round_id=rnd.pk)
    now = timezone.now()
    Round.objects.filter(pk=rnd.pk).update(opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(days=1))
    rnd.refresh_from_db()
    return rnd


def _close_out(rnd, admin, kind, reason="Không gửi hồ sơ trước hạn"):
    sub = rnd.submissions.get(unit__code="22")
    assessment_services.close_out(actor=admin, submission=sub, kind=kind, reason=reason)
    services.recompute_round(round_id=rnd.pk)
    return sub


def _publish(admin_client_, rnd):
    return admin_client_.post(reverse("results:publish", args=[rnd.pk]), {"note": ""}, follow=True)


def _ranking(client):
    return client.get(reverse("results:ranking", args=[2025, "tinh-63"]))


def test_a_round_with_a_unit_that_never_submitted_cannot_be_published(closed_round, admin_client_):
    response = _publish(admin_client_, closed_round)
    assert "Còn 1 hồ sơ chưa được ký duyệt hoặc khép lại" in text(response)
    assert not Publication.objects.exists()


def test_once_the_unit_is_excluded_the_round_is_published(closed_round, admin_user, admin_client_):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED)
    response = _publish(admin_client_, closed_round)
    assert "Đã công bố kết quả (phiên bản 1)" in text(response)
    assert list(closed_round.submissions.order_by("unit__code").values_list("status", flat=True)) == [
        S.EXCLUDED, S.PUBLISHED, S.PUBLISHED
    ]


def test_an_excluded_unit_is_not_ranked(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED)
    _publish(admin_client_, closed_round)
    assert RankingSnapshot.objects.get(round=closed_round, is_current=True).unit_count == 2
    rows = re.findall(r"<tr>\s*<td data-value=\"(\d+)\"", _ranking(client).content.decode())
    assert rows == ["1", "2"]


def test_the_public_ranking_lists_the_excluded_unit_with_its_reason(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED, reason="Không gửi hồ sơ trước hạn")
    _publish(admin_client_, closed_round)
    html = _ranking(client).content.decode()
    excluded = re.search(r'<tr class="closeout-excluded">.*?</tr>', html, re.S)[0]
    assert "Quảng Ninh" in excluded and "không nộp hồ sơ — loại khỏi xếp hạng" in excluded
    assert "Không gửi hồ sơ trước hạn" in excluded
    table = re.search(r'<table[^>]*id="ranking-table".*?</table>', html, re.S)[0]
    assert "Quảng Ninh" not in table


def test_a_unit_scored_as_is_is_ranked_and_marked_with_its_reason(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.AS_IS, reason="Nộp muộn bằng công văn")
    _publish(admin_client_, closed_round)
    html = _ranking(client).content.decode()
    table = re.search(r'<table[^>]*id="ranking-table".*?</table>', html, re.S)[0]
    row = re.search(r"<tr>(?:(?!</tr>).)*Quảng Ninh.*?</tr>", table, re.S)[0]
    assert "chấm theo số liệu đã nhập" in row and 'title="Nộp muộn bằng công văn"' in row
    explained = re.search(r'<tr class="closeout-as-is">.*?</tr>', html, re.S)[0]
    assert "không nộp hồ sơ; điểm là điểm tự đánh giá của bản nháp, không qua thẩm định" in explained
    assert "Nộp muộn bằng công văn" in explained


def test_a_unit_scored_as_is_counts_its_self_assessed_points(closed_round, admin_user):
    from assessments.models import IndicatorValue

    sub = closed_round.submissions.get(unit__code="22")
    IndicatorValue.objects.filter(submission=sub, indicator__code="1.1").update(self_points=10)
    _close_out(closed_round, admin_user, CloseOut.AS_IS)
    entry = RankingSnapshot.objects.get(round=closed_round, is_current=True).entries.get(unit__code="22")
    assert entry.final_points == 10 and entry.dti_rank == 3


def test_a_ranking_without_close_outs_has_no_close_out_section(signed_round, admin_client_, client):
    _publish(admin_client_, signed_round)
    assert 'id="ranking-closeouts"' not in _ranking(client).content.decode()


def test_the_publish_confirmation_counts_the_excluded_units(closed_round, admin_user, admin_client_):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED)
    page = text(admin_client_.get(reverse("results:publish", args=[closed_round.pk])))
    assert "1 đơn vị không nộp hồ sơ được ghi trên trang kết quả là loại khỏi xếp hạng, cùng lý do." in page
    assert "Chưa phải mọi đơn vị" not in page


def test_the_publish_confirmation_warns_while_a_unit_is_unsettled(closed_round, admin_client_):
    page = text(admin_client_.get(reverse("results:publish", args=[closed_round.pk])))
    assert "Chưa phải mọi đơn vị đều đã ký duyệt hoặc đã khép lại" in page


def test_the_provisional_ranking_marks_a_unit_scored_as_is(closed_round, admin_user, reviewer_client):
    _close_out(closed_round, admin_user, CloseOut.AS_IS, reason="Nộp muộn")
    html = reviewer_client.get(reverse("results:round", args=[closed_round.pk])).content.decode()
    assert re.search(r"Quảng Ninh <span class=\"badge text-bg-warning\" title=\"Nộp muộn\">chấm theo số liệu đã nhập", html)


def test_withdrawing_a_publication_leaves_the_excluded_unit_excluded(closed_round, admin_user, admin_client_):
    sub = _close_out(closed_round, admin_user, CloseOut.EXCLUDED)
    _publish(admin_client_, closed_round)
    admin_client_.post(reverse("results:unpublish", args=[closed_round.pk]), {"reason": "Sai sót"})
    sub.refresh_from_db()
    assert sub.status == S.EXCLUDED
    assert set(closed_round.submissions.exclude(pk=sub.pk).values_list("status", flat=True)) == {S.SIGNED_OFF}


def _csv(client, **params) -> list[dict[str, str]]:
    response = client.get(reverse("results:ranking_csv", args=[2025, "tinh-63"]), params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_csv_marks_a_unit_scored_as_is_with_its_reason(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.AS_IS, reason="Nộp muộn bằng công văn")
    _publish(admin_client_, closed_round)
    row = next(r for r in _csv(client) if r["Mã đơn vị"] == "22")
    assert (row["Không nộp hồ sơ"], row["Lý do khép hồ sơ"]) == ("chấm theo số liệu đã nhập", "Nộp muộn bằng công văn")


def test_the_csv_lists_an_excluded_unit_without_figures(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED, reason="Không gửi hồ sơ trước hạn")
    _publish(admin_client_, closed_round)
    row = next(r for r in _csv(client, header="machine") if r["unit_code"] == "22")
    assert (row["dti"], row["rank"], row["closeout"], row["closeout_reason"]) == ("", "", "excluded", "Không gửi hồ sơ trước hạn")


def test_the_excel_sheet_lists_an_excluded_unit_as_excluded(closed_round, admin_user, admin_client_, client):
    _close_out(closed_round, admin_user, CloseOut.EXCLUDED)
    _publish(admin_client_, closed_round)
    response = client.get(reverse("results:ranking_xlsx", args=[2025, "tinh-63"]))
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[2]]
    row = next(dict(zip(header, (c.value for c in r), strict=False)) for r in ws.iter_rows(min_row=3) if r[0].value == "22")
    assert (row["DTI"], row["Không nộp hồ sơ"]) == (None, "không nộp hồ sơ — loại khỏi xếp hạng")


def test_the_csv_of_a_ranking_without_close_outs_leaves_the_column_empty(signed_round, admin_client_, client):
    _publish(admin_client_, signed_round)
    assert {r["Không nộp hồ sơ"] for r in _csv(client)} == {""}


def test_the_pdf_report_of_a_unit_scored_as_is_says_so_with_its_reason(closed_round, admin_user, admin_client_, client, tmp_path):
    from tests.results.test_report_pdf import read_pdf

    _close_out(closed_round, admin_user, CloseOut.AS_IS, reason="Nộp muộn bằng công văn")
    _publish(admin_client_, closed_round)
    pdf = read_pdf(client.get(reverse("results:profile_pdf", args=[2025, "tinh-63", "22"])).content, tmp_path)
    assert pdf.phrase("không nộp hồ sơ; điểm là điểm tự đánh giá của bản nháp, không qua thẩm định.")
    assert pdf.phrase("Lý do: Nộp muộn bằng công văn")
