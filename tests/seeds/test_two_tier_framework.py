"""The demo's 2025 round (34 provinces) uses seeds/frameworks/405-tinh.yaml; since 1 July 2025
local government has two tiers, province and commune (xã, phường, đặc khu), so the file asks
for nothing at district level. Still illustrative."""

import re
from pathlib import Path

import yaml
from django.conf import settings

from assessments.framework_files import parse_framework, read_path
from seeds import demo

FILE = Path(settings.BASE_DIR) / "seeds" / "frameworks" / "405-tinh.yaml"
# District-level units before 1 July 2025: huyện, quận, thị xã, thành phố thuộc tỉnh; the
# thị trấn was a commune-level unit of a district. English: district, town.
DISTRICT_LEVEL = re.compile(r"huyện|quận|thị xã|thị trấn|thành phố thuộc tỉnh|district|\btowns?\b", re.IGNORECASE)


def spec():
    return parse_framework(read_path(FILE))


def texts(node, key=""):
    """Every text of the file with the key it stands under; the explanatory note aside."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from texts(v, key)
    elif isinstance(node, str) and key != "note_vi":
        yield key, node


def test_the_demos_2025_round_uses_this_file():
    assert demo.LIVE_FRAMEWORK == spec().code
    assert demo.LIVE_YEAR in spec().years


def test_the_2025_framework_asks_for_nothing_at_district_level():
    document = yaml.safe_load(FILE.read_text(encoding="utf-8"))

    assert [(key, text) for key, text in texts(document) if DISTRICT_LEVEL.search(text)] == []


def test_the_2025_framework_has_no_district_count_in_its_general_information():
    assert [(g.code, g.name_vi) for g in spec().general_information if "huyện" in g.name_vi] == []
    assert "TT.8" not in {g.code for g in spec().general_information}


def test_the_2025_framework_counts_communes_wards_and_special_zones():
    (communes,) = [g for g in spec().general_information if g.code == "TT.5"]

    assert communes.name_vi == "Số đơn vị hành chính cấp xã (xã, phường, đặc khu)"


def test_the_plans_check_compares_with_provincial_agencies_and_communes():
    (rule,) = [r for r in spec().validation_rules if r.code == "2.6.TS"]

    assert rule.expression() == "2.6.numerator <= gi.TT.6 + gi.TT.5"


def test_the_2025_framework_is_still_labelled_illustrative():
    assert spec().illustrative is True
    assert "minh họa" in spec().note_vi
    assert "hai cấp" in spec().note_vi
