"""The Vietnamese order of unit names (issue 16.4): the 34 provinces in force from 1 July 2025.

The expected order is written out by hand from the Vietnamese alphabet, letter by letter —
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y —, tones secondary (they only break a
tie between otherwise equal names) and a space before any letter:
- C: "Cà Mau" (c a ␣) < "Cao Bằng" (c a o) < "Cần Thơ" (c â): a < â, ␣ < o.
- Đ after every D and before G: Đà (a) < Đắk (ă) < Điện (i) < Đồng (ô); Đồng Nai < Đồng Tháp.
- H: Hà Nội < Hà Tĩnh (␣ n < ␣ t) < Hải Phòng (h a i) < Hồ (ô) < Huế (u) < Hưng (ư).
- L: Lai (a i) < Lạng (a n) < Lào (a o) < Lâm (â).
- N: Nghệ (n g) < Ninh (n i); Q: Quảng Ngãi (n g) < Quảng Ninh (n i) < Quảng Trị.
- T: Tây (t â) < Thái (t h a i) < Thanh (t h a n) < Tuyên (t u).
Code points (a plain ORDER BY) would put Huế before Hà Nội, Thanh Hóa before Thái Nguyên and
every Đ after Vĩnh Long.

Checked through the ORM (the model's ordering), the admin's unit list and the unit picker of
the user page, the reviewers' queue, on the configured database (PostgreSQL in CI) and on
SQLite through the collation core.apps registers on its connections.
"""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
from django.db.utils import ConnectionHandler

from accounts.models import RankingGroup, Unit
from accounts.services import load_units
from core.collation import by_name, sort_key
from tests import factories

DATA = Path(__file__).resolve().parents[2] / "seeds" / "data"

EXPECTED_34 = [
    "An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Nội", "Hà Tĩnh", "Hải Phòng", "Hồ Chí Minh", "Huế", "Hưng Yên",
    "Khánh Hòa", "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Nghệ An", "Ninh Bình",
    "Phú Thọ", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sơn La",
    "Tây Ninh", "Thái Nguyên", "Thanh Hóa", "Tuyên Quang", "Vĩnh Long",
]


def merger_names() -> list[str]:
    with open(DATA / "merger-2025.csv", encoding="utf-8", newline="") as fh:
        return [row["new_unit"] for row in csv.DictReader(fh)]


@pytest.fixture
def units(db):
    load_units(provinces_csv=DATA / "provinces-63.csv", merger_csv=DATA / "merger-2025.csv")


def first_cells(html: str) -> list[str]:
    """The text of each body row's first cell."""
    body = html[html.index("<tbody"):html.index("</tbody>")]
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", body, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in rows]


def test_the_expected_list_is_the_34_units_of_the_merger():
    assert sorted(EXPECTED_34) == sorted(merger_names()) and len(EXPECTED_34) == 34


def test_the_sort_key_puts_the_34_in_vietnamese_order():
    names = merger_names()
    random.Random(16).shuffle(names)
    assert sorted(names, key=sort_key) == EXPECTED_34


def test_code_points_would_not():
    # The bug of issue 16, kept as a witness that the order above is not the default one.
    by_code_points = sorted(EXPECTED_34)
    assert by_code_points.index("Huế") < by_code_points.index("Hà Nội")
    assert by_code_points.index("Thanh Hóa") < by_code_points.index("Thái Nguyên")
    assert set(by_code_points[-5:]) == {"Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Đồng Tháp"}


def test_the_orm_lists_the_34_in_vietnamese_order(units):
    names = list(Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).values_list("name", flat=True))
    assert names == EXPECTED_34


def test_the_orm_orders_by_the_vietnamese_collation_on_postgresql(units, require_postgres):
    qs = Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).order_by(by_name("name", descending=True))
    assert 'COLLATE "vi_vn"' in str(qs.query)
    assert list(qs.values_list("name", flat=True)) == EXPECTED_34[::-1]


def test_the_orm_orders_the_34_on_sqlite_through_the_registered_collation(db):
    """The embedded database (`make demo`): a real SQLite connection, opened here whatever the
    test database is, gets "vi_vn" from the connection_created receiver; the ORM's own SQL for
    the model's ordering runs on it."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    sqlite = handler["default"]
    try:
        with sqlite.schema_editor() as editor:
            editor.create_model(Unit)
        shuffled = merger_names()
        random.Random(34).shuffle(shuffled)
        with sqlite.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO accounts_unit (code, gso_code, name, kind, region, ranking_group, illustrative) VALUES (%s, '', %s, 'tinh', '', %s, 0)",
                [(f"C{i}", name, RankingGroup.PROVINCES_34) for i, name in enumerate(shuffled)],
            )
            sql, params = Unit.objects.values_list("name").query.get_compiler(connection=sqlite).as_sql()
            assert 'COLLATE "vi_vn"' in sql
            cursor.execute(sql, params)
            assert [row[0] for row in cursor.fetchall()] == EXPECTED_34
    finally:
        sqlite.close()


def test_the_admin_unit_list_shows_the_34_in_vietnamese_order(units, admin_client_):
    html = admin_client_.get("/quan-tri/accounts/unit/", {"ranking_group__exact": RankingGroup.PROVINCES_34}).content.decode()
    names = re.findall(r'<td class="field-unit_name">(.*?)</td>', html)
    assert names == EXPECTED_34


def test_the_admin_name_column_sorts_in_vietnamese_order_descending(units, admin_client_):
    html = admin_client_.get("/quan-tri/accounts/unit/", {"ranking_group__exact": RankingGroup.PROVINCES_34, "o": "-1"}).content.decode()
    assert re.findall(r'<td class="field-unit_name">(.*?)</td>', html) == EXPECTED_34[::-1]


def test_the_admin_code_column_sorts_by_the_official_code(units, admin_client_):
    html = admin_client_.get("/quan-tri/accounts/unit/", {"ranking_group__exact": RankingGroup.PROVINCES_34, "o": "0"}).content.decode()
    codes = re.findall(r'<th class="field-code"><a href="[^"]*">([^<]*)</a></th>', html)
    assert codes == sorted(codes) and codes[:3] == ["2025-01", "2025-04", "2025-08"]


def test_the_user_pages_unit_picker_offers_the_34_in_vietnamese_order(units, admin_client_):
    """The autocomplete of the user page's "đơn vị" field: the 34 (group tinh-34) come before
    the 63 (tinh-63), alphabetically within the group, each with its label."""
    url = "/quan-tri/autocomplete/"
    query = {"app_label": "accounts", "model_name": "user", "field_name": "unit"}
    offered = admin_client_.get(url, {**query, "page": 1}).json()["results"] + admin_client_.get(url, {**query, "page": 2}).json()["results"]
    assert [r["text"] for r in offered[:34]] == [f"{name} (34 tỉnh, từ 01/07/2025)" for name in EXPECTED_34]


def test_the_reviewers_queue_lists_units_in_vietnamese_order(units, reviewer_client):
    rnd = factories.make_round(units=list(Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).order_by("?")))
    html = reviewer_client.get(f"/tham-dinh/dot/{rnd.pk}/").content.decode()
    assert first_cells(html) == EXPECTED_34


def test_the_queue_sorted_by_status_breaks_ties_in_vietnamese_order(units, reviewer_client):
    rnd = factories.make_round(units=list(Unit.objects.filter(ranking_group=RankingGroup.PROVINCES_34).order_by("?")))
    html = reviewer_client.get(f"/tham-dinh/dot/{rnd.pk}/", {"sort": "status"}).content.decode()
    assert first_cells(html) == EXPECTED_34  # all drafts: the tie-break is the whole order


def test_the_api_lists_units_by_official_code(units, client):
    listed = client.get("/api/units/", {"ranking_group": RankingGroup.PROVINCES_34}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    codes = [u["code"] for u in rows]
    assert codes == sorted(codes) and len(codes) == 34
