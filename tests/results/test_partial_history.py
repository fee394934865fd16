"""Published history of 6 of 63 provinces on the public pages (results.partial): the coverage
and source said, the official ranks kept, "rank X/N" out of the group, averages with their
base, a DTI without a rank placed by its possible ranks, a rank without a DTI said so."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
YEAR, GROUP = 2023, "tinh-63"


def text(html: str) -> str:
    """What a reader sees: tags dropped, white space folded, none before punctuation."""
    return re.sub(r" ([.,;:/])", r"\1", " ".join(re.sub(r"<[^>]+>", " ", html).split()))


def page(client, *args) -> str:
    name = "results:ranking" if not args else "results:profile"
    response = client.get(reverse(name, args=[YEAR, GROUP, *args]))
    assert response.status_code == 200
    return response.content.decode()


def element(html: str, element_id: str) -> str:
    """The element with the id, to its matching end tag (nested ones of its kind counted)."""
    start = html.rfind("<", 0, html.index(f'id="{element_id}"'))
    name = re.match(r"<(\w+)", html[start:]).group(1)
    depth = 0
    for tag in re.finditer(rf"<(/?){name}\b[^>]*>", html[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start:start + tag.end()]
    raise AssertionError(f"#{element_id} is not closed")


def table_lines(html: str) -> list[str]:
    """The detailed table's body, one text line per row (gap rows included)."""
    body = element(html, "ranking-table").split("<tbody>")[1]
    return [text(tr) for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def side_list(html: str, title: str) -> list[str]:
    lists = element(html, "side-lists")
    card = lists[lists.index(f">{title}</div>"):]
    return [text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", card.split("</ol>")[0], re.S)]


def first_cell(line: str) -> str:
    return line.split(" ")[0]


# --- Coverage and source ---------------------------------------------------------------------


def test_the_ranking_says_how_many_units_of_the_group_are_covered(partial_history, client):
    assert "Số liệu công bố của 6/63 tỉnh, thành phố" in text(element(page(client), "coverage-notice"))


def test_the_ranking_names_every_source_of_the_figures(partial_history, client):
    notice = text(element(page(client), "coverage-notice"))
    assert "nguồn: thông báo 06/2/2025; báo địa phương." in notice


def test_the_ranking_counts_the_units_with_a_rank_and_with_a_dti(partial_history, client):
    assert "5 đơn vị có thứ hạng công bố, 5 đơn vị có giá trị DTI." in text(element(page(client), "coverage-notice"))


def test_the_profile_carries_the_coverage_notice(partial_history, client):
    assert "Số liệu công bố của 6/63 tỉnh, thành phố" in text(element(page(client, "P04"), "coverage-notice"))


def test_a_complete_table_has_no_coverage_notice(partial_history, client):
    from accounts.models import Unit
    from results.models import PublishedResult

    PublishedResult.objects.all().delete()
    PublishedResult.objects.bulk_create(
        PublishedResult(year=YEAR, ranking_group=GROUP, framework_decision="922/QĐ-BTTTT", unit=unit, rank=n, dti=f"0.{90 - n:02d}00")
        for n, unit in enumerate(Unit.objects.order_by("code"), start=1)
    )
    assert 'id="coverage-notice"' not in page(client)


# --- Ranks: the official ones, out of the group ----------------------------------------------


def test_ranks_shown_are_the_published_ranks_not_recomputed_over_the_few(partial_history, client):
    ranks = [first_cell(line) for line in table_lines(page(client)) if not line.startswith("⋯")]
    assert ranks == ["1", "2", "3", "4", "5–19", "20"]


def test_the_ranks_no_unit_of_the_table_holds_are_shown_as_holes(partial_history, client):
    holes = [line for line in table_lines(page(client)) if line.startswith("⋯")]
    assert holes == ["⋯ hạng 5–19: chưa công bố", "⋯ hạng 21–63: chưa công bố"]


def test_the_notice_says_the_ranks_are_official_in_the_whole_group(partial_history, client):
    notice = text(element(page(client), "coverage-notice"))
    assert "Thứ hạng là thứ hạng chính thức trong 63 tỉnh, thành phố do nguồn công bố" in notice


def test_an_official_rank_is_out_of_the_group_size_on_the_profile(partial_history, client):
    assert text(element(page(client, "P06"), "profile-rank")) == "20/63"


def test_possible_ranks_are_out_of_the_group_size_on_the_profile(partial_history, client):
    assert text(element(page(client, "P05"), "profile-rank")) == "5–19/63"


# --- A DTI without a rank --------------------------------------------------------------------


def test_a_unit_with_a_dti_and_no_rank_stands_above_the_ranked_units_it_outscores(partial_history, client):
    lines = [line for line in table_lines(page(client)) if not line.startswith("⋯")]
    names = [line.split(" ")[1:3] for line in lines]
    assert names.index(["Tỉnh", "05"]) == names.index(["Tỉnh", "06"]) - 1 == 4


def test_a_unit_with_a_dti_and_no_rank_shows_the_ranks_it_can_have(partial_history, client):
    line = next(line for line in table_lines(page(client)) if "Tỉnh 05" in line)
    assert line.startswith("5–19 Tỉnh 05") and "0,7000" in line


def test_the_notice_explains_possible_ranks(partial_history, client):
    assert "Hạng dạng “5–16”" in text(element(page(client), "coverage-notice"))


def test_a_pillar_value_without_a_pillar_rank_is_placed_by_its_possible_ranks(partial_history, client):
    assert side_list(page(client), "Chính quyền số") == [
        "⋯ hạng 1–4: chưa công bố", "1–4. Tỉnh 01 0,9000", "5. Tỉnh 02 0,8000", "⋯ hạng 6–9: chưa công bố",
        "6–63. Tỉnh 06 0,6000", "10. Tỉnh 03 không công bố", "⋯ hạng 11–63: chưa công bố",
    ]


def test_a_dti_year_without_a_rank_shows_its_possible_ranks_in_the_profile_history(partial_history, client):
    history = text(element(page(client, "P05"), "profile-history"))
    assert history.startswith("2023 0,7000 5–19")


# --- A rank without a DTI ----------------------------------------------------------------------


def test_a_rank_without_a_dti_says_not_published_instead_of_a_dash(partial_history, client):
    line = next(line for line in table_lines(page(client)) if "Tỉnh 03" in line)
    assert line.startswith("3 Tỉnh 03") and line.endswith("không công bố")


def test_the_notice_explains_a_rank_without_a_dti(partial_history, client):
    notice = text(element(page(client), "coverage-notice"))
    assert "“không công bố”: nguồn công bố thứ hạng của đơn vị nhưng không công bố giá trị DTI" in notice


def test_the_dti_list_shows_not_published_for_a_rank_without_a_dti(partial_history, client):
    assert "3. Tỉnh 03 không công bố" in side_list(page(client), "DTI")


def test_the_profile_of_a_rank_without_a_dti_says_not_published(partial_history, client):
    assert text(element(page(client, "P03"), "profile-dti")) == "không công bố"


# --- Averages ----------------------------------------------------------------------------------


def test_the_profile_average_names_its_base(partial_history, client):
    # (0.81 + 0.79 + 0.76 + 0.70 + 0.60) / 5: the five units with a DTI, said so.
    assert text(element(page(client, "P04"), "profile-average")) == "Trung bình của 5 tỉnh, thành phố có số liệu: 0,7320"


def test_the_radar_average_names_its_base(partial_history, client):
    html = page(client, "P06")
    assert 'data-avg-label="Trung bình của 1 tỉnh, thành phố có số liệu"' in html


def test_the_pdf_report_names_the_coverage_the_average_base_and_the_group_size(partial_history, client, tmp_path):
    from tests.results.test_report_pdf import read_pdf

    response = client.get(reverse("results:profile_pdf", args=[YEAR, GROUP, "P06"]))
    words = " ".join(w.text for w in read_pdf(response.content, tmp_path).words)
    assert "Số liệu công bố của 6/63 tỉnh, thành phố" in words
    assert "Trung bình của 5 tỉnh, thành phố có số liệu: 0,7320" in words
    assert "20 /63" in words


# --- What-if -----------------------------------------------------------------------------------


def test_what_if_on_partial_history_gives_possible_official_ranks_not_a_rank_among_the_few(partial_history, client):
    response = client.get(reverse("results:what_if", args=[YEAR, GROUP, "P06"]), {"target": "m:NTS"})
    body = text(response.content.decode())
    dti = re.search(r"→ (0,\d{4});", body).group(1)
    assert dti > "0,6000"
    # Above the 0.6000 of rank 20, below the 0.7600 of rank 4: ranks 5 to 20 (its own old 20
    # counted once), never "5 of 6".
    assert "hạng: 20 → 5–20" in body
    assert "không phải thứ hạng tính lại giữa các đơn vị có số liệu" in body


# --- Exports -----------------------------------------------------------------------------------


def machine_csv(client) -> dict[str, dict]:
    response = client.get(reverse("results:ranking_csv", args=[YEAR, GROUP]), {"header": "machine"})
    return {row["unit_code"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}


def test_the_csv_gives_possible_ranks_of_a_dti_without_a_rank(partial_history, client):
    row = machine_csv(client)["P05"]
    assert (row["rank"], row["rank_from"], row["rank_to"], row["rank_of"]) == ("", "5", "19", "63")


def test_the_csv_gives_official_ranks_out_of_the_group(partial_history, client):
    row = machine_csv(client)["P06"]
    assert (row["rank"], row["rank_from"], row["rank_to"], row["rank_of"]) == ("20", "", "", "63")


def test_the_csv_names_each_rows_source(partial_history, client):
    rows = machine_csv(client)
    assert (rows["P05"]["source"], rows["P06"]["source"]) == ("báo địa phương", "thông báo 06/2/2025")


def test_the_excel_says_the_coverage_under_the_table(partial_history, client):
    response = client.get(reverse("results:ranking_xlsx", args=[YEAR, GROUP]))
    ws = load_workbook(io.BytesIO(response.content)).active
    notes = [r[0].value for r in ws.iter_rows(min_row=3) if r[0].value and r[1].value is None]
    assert "Số liệu công bố của 6/63 tỉnh, thành phố, nguồn: thông báo 06/2/2025; báo địa phương." in notes


# --- The shipped history (seeds/data/published-results.csv), as the issue saw it ----------------


@pytest.fixture
def seeded_history(all_units, frameworks):
    from django.core.management import call_command

    from tests.results.conftest import SEEDS

    call_command("import_results", str(SEEDS / "data" / "published-results.csv"), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_seeded_2024_ranking_of_the_34_says_6_of_34_and_its_source(seeded_history, client):
    html = client.get(reverse("results:ranking", args=[2024, "tinh-34"])).content.decode()
    assert "Số liệu công bố của 6/34 tỉnh, thành phố, nguồn: announcement 21/10/2025." in text(element(html, "coverage-notice"))


def test_the_seeded_2024_da_nang_ranks_17_of_34_not_of_6(seeded_history, client):
    html = client.get(reverse("results:profile", args=[2024, "tinh-34", "2025-48"])).content.decode()
    assert text(element(html, "profile-rank")) == "17/34"


def test_a_seeded_year_reexpressed_for_few_merged_units_says_so_and_has_no_ranks(seeded_history, client):
    notice = text(element(client.get(reverse("results:ranking", args=[2022, "tinh-34"])).content.decode(), "coverage-notice"))
    assert "Số liệu quy đổi của 2/34 tỉnh, thành phố" in notice
    assert "Chưa có thứ hạng: thứ hạng quy đổi chỉ được tính khi quy đổi được cả 34 tỉnh, thành phố." in notice
