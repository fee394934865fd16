"""Ranking tables break ties (and list units without a rank) in Vietnamese alphabetical order
(issue 16.4): a tie at rank 1 of Thanh Hóa, Thái Nguyên, Huế and Hà Nội reads Hà Nội, Huế,
Thái Nguyên, Thanh Hóa — code points gave Huế before Hà Nội and Thanh Hóa before Thái Nguyên."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from accounts.models import RankingGroup
from results import selectors
from results.models import PublishedResult
from tests import factories

pytestmark = pytest.mark.django_db

NAMES = ["Thanh Hóa", "Thái Nguyên", "Huế", "Hà Nội"]
IN_ORDER = ["Hà Nội", "Huế", "Thái Nguyên", "Thanh Hóa"]


@pytest.fixture
def tied():
    for i, name in enumerate(NAMES):
        unit = factories.UnitFactory(code=f"2025-T{i}", name=name, ranking_group=RankingGroup.PROVINCES_34)
        PublishedResult.objects.create(
            year=2023, framework_decision="922/QĐ-BTTTT", ranking_group=RankingGroup.PROVINCES_34, unit=unit,
            rank=1, dti=Decimal("0.5000"), pillar_values={"CQS": "0.5"}, pillar_ranks={"CQS": 1},
        )


def test_published_results_tie_break_in_vietnamese_order(tied):
    assert [r.unit.name for r in PublishedResult.objects.select_related("unit")] == IN_ORDER


def test_the_public_table_lists_a_tie_in_vietnamese_order(tied):
    table = selectors.history_table(year=2023, ranking_group=RankingGroup.PROVINCES_34)
    assert [r.unit.name for r in table.rows] == IN_ORDER


def test_a_pillars_side_list_breaks_its_tie_in_vietnamese_order(tied):
    table = selectors.history_table(year=2023, ranking_group=RankingGroup.PROVINCES_34)
    entries, _last_gap = table.ranked_by_pillar("CQS")
    assert [entry.unit.name for entry in entries] == IN_ORDER


def test_the_ranking_page_lists_the_tie_in_vietnamese_order(tied, client):
    html = client.get(f"/ket-qua/2023/{RankingGroup.PROVINCES_34}/").content.decode()
    table = html[html.index("<tbody"):]
    assert re.findall(r'<td data-value="([^"]+)"><a href="/ket-qua/2023/', table)[:4] == IN_ORDER
