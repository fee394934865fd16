"""Loading framework files into the database, exporting them back, through the commands."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry
from assessments.framework_loader import FrameworkInUse, engine_structure, export_framework, load_framework_file
from assessments.models import Framework, Indicator
from tests.factories import make_round

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "frameworks"

SMALL = """\
format: dtiportal-framework/1
code: nho-tinh
decision: "1/QĐ-TEST"
decision_date: "2026-01-02"
title_vi: "Bộ chỉ số nhỏ"
level: province
years: [2026]
aggregation: total_points
total_points: 20
illustrative: true
pillars:
  - {code: CQS, name_vi: "Chính quyền số"}
groups:
  - code: NT
    name_vi: "Nền tảng"
    main_indices:
      - code: NTS
        number: 1
        name_vi: "Nhận thức số"
        max_points: 20
        pillars: [CQS]
        indicators:
          - code: "1.1"
            name_vi: "Ban hành kế hoạch"
            max_points: "10"
            rule: {type: yes_no}
            evidence: required
          - code: "1.2"
            name_vi: "Tỷ lệ hồ sơ trực tuyến"
            max_points: "10"
            rule: {type: ratio, numerator_vi: "Số hồ sơ trực tuyến", denominator_vi: "Tổng số hồ sơ", target: "0.8"}
            evidence: optional
"""


def counts(code):
    fw = Framework.objects.get(code=code)
    return fw.main_indices.count(), fw.indicators.count(), sum(m.max_points for m in fw.main_indices.all())


def test_a_small_file_loads_with_its_rules():
    framework, changed = load_framework_file(SMALL)
    assert changed
    ratio = Indicator.objects.get(framework=framework, code="1.2")
    assert ratio.rule_type == "ratio"
    assert Decimal(ratio.rule_params["target"]) == Decimal("0.8")
    assert AuditEntry.objects.filter(action="framework.load").count() == 1


def test_a_general_information_item_keeps_its_declared_kind():
    text = SMALL.replace("groups:\n", 'general_information:\n  - {code: "TT.1", name_vi: "Dân số"}\n'
                         '  - {code: "TT.2", name_vi: "GRDP", kind: decimal}\ngroups:\n', 1)
    framework, _ = load_framework_file(text)
    assert list(framework.general_info_items.order_by("order").values_list("code", "kind")) == [
        ("TT.1", "integer"), ("TT.2", "decimal")
    ]
    assert export_framework(framework).count("kind: decimal") == 1


def test_the_seeded_budget_ratios_are_declared_decimal():
    framework, _ = load_framework_file(SEEDS / "405-tinh.yaml")
    declared = Indicator.objects.filter(framework=framework, rule_params__inputs="decimal")
    assert sorted(i.rule_params["numerator_vi"] for i in declared) == [
        "Giá trị kinh tế số (tỷ đồng)", "Kinh phí chi cho chuyển đổi số (triệu đồng)"
    ]


def test_loading_the_same_file_twice_changes_nothing():
    first, _ = load_framework_file(SMALL)
    again, changed = load_framework_file(SMALL)
    assert not changed and again.pk == first.pk


def test_export_then_load_gives_the_same_framework():
    framework, _ = load_framework_file(SMALL)
    text = export_framework(framework)
    Framework.objects.all().delete()
    reloaded, _ = load_framework_file(text)
    assert export_framework(reloaded) == text


def test_a_framework_used_by_a_round_cannot_be_changed_in_place():
    framework, _ = load_framework_file(SMALL)
    make_round(framework=framework)
    with pytest.raises(FrameworkInUse):
        load_framework_file(SMALL.replace("Ban hành kế hoạch", "Ban hành kế hoạch năm"))
    assert Indicator.objects.get(framework=framework, code="1.1").name_vi == "Ban hành kế hoạch"


def test_a_malformed_file_changes_nothing_and_names_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    # Line 28: the second indicator repeats the code of the first (line 23).
    bad.write_text(SMALL.replace('- code: "1.2"', '- code: "1.1"'), encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("load_framework", str(bad))
    message = str(exc.value)
    assert "dòng 28" in message and "1.1" in message and "dòng 23" in message
    assert not Framework.objects.exists()


def test_the_engine_structure_comes_from_the_rows():
    framework, _ = load_framework_file(SMALL)
    structure = engine_structure(framework)
    assert [m.code for m in structure.main_indices] == ["NTS"]
    assert structure.main_indices[0].pillars == ("CQS",)


def test_seeded_922_provincial_has_9_main_indices_98_components_1000_points():
    call_command("load_framework", str(SEEDS / "922-tinh.yaml"), stdout=StringIO())
    assert counts("922-tinh") == (9, 98, Decimal("1000"))


def test_seeded_922_ministry_has_6_main_indices_70_components_1000_points():
    call_command("load_framework", str(SEEDS / "922-bo.yaml"), stdout=StringIO())
    assert counts("922-bo") == (6, 70, Decimal("1000"))


def test_seeded_1726_has_3_pillars_of_7_main_indices_and_108_components():
    call_command("load_framework", str(SEEDS / "1726-tinh.yaml"), stdout=StringIO())
    fw = Framework.objects.get(code="1726-tinh")
    assert fw.pillars.count() == 3
    assert [fw.main_indices.filter(pillars__code=p).count() for p in ("CQS", "KTS", "XHS")] == [7, 7, 7]
    assert fw.indicators.count() == 108
    assert [p.weight for p in fw.pillars.all()] == [Decimal("0.4"), Decimal("0.3"), Decimal("0.3")]


def test_seeded_405_has_8_main_indices_and_47_components():
    call_command("load_framework", str(SEEDS / "405-tinh.yaml"), stdout=StringIO())
    assert counts("405-tinh")[:2] == (8, 47)


def test_every_seeded_file_says_it_is_illustrative():
    for path in sorted(SEEDS.glob("*.yaml")):
        framework, _ = load_framework_file(path)
        assert framework.illustrative, path.name


def test_export_framework_command_writes_the_file(tmp_path):
    load_framework_file(SMALL)
    out = tmp_path / "out.yaml"
    call_command("export_framework", "nho-tinh", "-o", str(out), stdout=StringIO())
    assert "code: nho-tinh" in out.read_text(encoding="utf-8")


def test_export_framework_of_an_unknown_code_is_a_clear_error():
    with pytest.raises(CommandError, match="Không có bộ chỉ số"):
        call_command("export_framework", "khong-co")
