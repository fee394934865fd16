"""Framework files: parse, validate with line numbers, dump. No database."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from assessments import scoring
from assessments.framework_files import (
    FrameworkFileError,
    Problem,
    dump_framework,
    parse_framework,
)
from tests.assessments.scoring.examples import declared_structure

D = Decimal

MINIMAL = """\
format: dtiportal-framework/1
code: "thu-tinh"
decision: "922/QĐ-BTTTT"
decision_date: "2022-05-20"
title_vi: "Bộ chỉ số thử"
level: province
years: [2022, 2023]
aggregation: total_points
total_points: 50
illustrative: true
pillars:
  - {code: CQS, name_vi: "Chính quyền số"}
  - {code: KTS, name_vi: "Kinh tế số"}
general_information:
  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}
groups:
  - code: NT
    name_vi: "Nền tảng chung"
    main_indices:
      - code: NTS
        number: 1
        name_vi: "Nhận thức số"
        max_points: 30
        pillars: [CQS, KTS]
        indicators:
          - code: "1.1"
            name_vi: "Ban chỉ đạo"
            max_points: "10"
            rule: {type: yes_no}
            evidence: required
          - code: "1.2"
            name_vi: "Người dân có tài khoản"
            max_points: "12.5"
            rule: {type: ratio, numerator_vi: "Số tài khoản", denominator_vi: "Dân số", target: "0.8", denominator_from: "TT.1"}
            evidence: optional
          - code: "1.3"
            name_vi: "Trưởng ban"
            max_points: 7.5
            rule:
              type: tiered
              options:
                - {code: A, label_vi: "Chủ tịch", points: 7.5}
                - {code: B, label_vi: "Phó Chủ tịch", points: "3.75"}
            evidence: none
      - code: DTM
        number: 2
        name_vi: "Đô thị thông minh"
        max_points: 0
        indicators:
          - code: "2.1"
            name_vi: "Trung tâm điều hành"
            max_points: 0
            rule: {type: yes_no}
            evidence: none
  - code: HD
    name_vi: "Hoạt động"
    main_indices:
      - code: HDCQS
        number: 3
        name_vi: "Hoạt động chính quyền số"
        max_points: 20
        pillars: [CQS]
        indicators:
          - code: "3.1"
            name_vi: "Nền tảng dùng chung"
            max_points: 12
            rule: {type: count_threshold, threshold: 4, unit_vi: "nền tảng"}
            evidence: required
            evidence_vi: "Danh sách nền tảng"
          - code: "3.2"
            name_vi: "Hồ sơ trực tuyến"
            max_points: 8
            rule: {type: percentage, label_vi: "Tỷ lệ hồ sơ", target: 90}
            evidence: none
            automatic: true
            source_vi: "Cổng Dịch vụ công quốc gia"
"""

WEIGHTED = """\
format: dtiportal-framework/1
code: "1726-tinh"
decision: "1726/QĐ-BTTTT"
decision_date: 2020-10-12
title_vi: "Bộ chỉ số 2020"
level: province
years: [2020]
aggregation: weighted_pillars
total_points: 20
pillars:
  - {code: CQS, name_vi: "Chính quyền số", weight: "0.4"}
  - {code: KTS, name_vi: "Kinh tế số", weight: 0.6}
groups:
  - code: CQS
    name_vi: "Chính quyền số"
    main_indices:
      - {code: CQS.NTS, number: 1, name_vi: "Nhận thức số", max_points: 10, pillars: [CQS],
         indicators: [{code: "1.1", name_vi: "a", max_points: 10, rule: {type: yes_no}, evidence: required}]}
      - {code: KTS.NTS, number: 2, name_vi: "Nhận thức số", max_points: 10, pillars: [KTS],
         indicators: [{code: "2.1", name_vi: "b", max_points: 10, rule: {type: yes_no}, evidence: required}]}
"""


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line containing needle."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth - 1]


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(FrameworkFileError) as excinfo:
        parse_framework(text)
    return excinfo.value.problems


def assert_only_problem(text: str, line: int, message: str) -> None:
    assert problems_of(text) == [Problem(line, message)]


# -- valid files ---------------------------------------------------------------


def test_minimal_file_parses():
    spec = parse_framework(MINIMAL)
    assert spec.code == "thu-tinh"
    assert spec.decision_date == datetime.date(2022, 5, 20)
    assert spec.years == (2022, 2023)
    assert spec.total_points == D(50)
    assert spec.illustrative is True
    assert [g.code for g in spec.groups] == ["NT", "HD"]
    assert [m.code for m in spec.main_indices] == ["NTS", "DTM", "HDCQS"]
    assert [i.code for _, i in spec.indicators()] == ["1.1", "1.2", "1.3", "2.1", "3.1", "3.2"]


def test_indicator_fields_are_typed():
    spec = parse_framework(MINIMAL)
    by_code = {i.code: i for _, i in spec.indicators()}
    assert by_code["1.2"].max_points == D("12.5")
    assert by_code["1.2"].rule == scoring.Rule(
        "ratio",
        {"numerator_vi": "Số tài khoản", "denominator_vi": "Dân số", "target": D("0.8"), "denominator_from": "TT.1"},
    )
    assert by_code["1.3"].rule.params["options"][1]["points"] == D("3.75")
    assert by_code["3.2"].automatic is True
    assert by_code["3.2"].source_vi == "Cổng Dịch vụ công quốc gia"
    assert by_code["1.1"].name_en == ""


def test_parsed_rules_score_with_the_engine():
    spec = parse_framework(MINIMAL)
    indicator = {i.code: i for _, i in spec.indicators()}["1.2"]
    cleaned, errors = scoring.clean_inputs(
        indicator.rule, {"numerator": "400000"}, general_information={"TT.1": "1.000.000"}
    )
    assert errors == {}
    assert scoring.component_points(indicator.rule, indicator.max_points, cleaned) == D("6.25")


def test_a_path_is_read_from_disk(tmp_path: Path):
    path = tmp_path / "framework.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert parse_framework(path) == parse_framework(MINIMAL)


def test_weighted_pillars_file_parses_with_weights():
    spec = parse_framework(WEIGHTED)
    assert [(p.code, p.weight) for p in spec.pillars] == [("CQS", D("0.4")), ("KTS", D("0.6"))]
    assert spec.decision_date == datetime.date(2020, 10, 12)  # unquoted YAML date


def test_dump_then_parse_gives_the_same_spec():
    for text in (MINIMAL, WEIGHTED):
        spec = parse_framework(text)
        assert parse_framework(dump_framework(spec)) == spec


def test_dump_writes_decimals_without_floats():
    dumped = dump_framework(parse_framework(MINIMAL))
    assert "max_points: '12.5'" in dumped
    assert "total_points: 50" in dumped
    assert "years: [2022, 2023]" in dumped


def test_a_file_declares_the_aggregation_structure():
    structure = declared_structure(parse_framework(MINIMAL))
    assert structure.aggregation == "total_points"
    assert structure.total_points == D(50)
    assert structure.main_indices == (
        scoring.MainIndexDef("NTS", D(30), ("CQS", "KTS")),
        scoring.MainIndexDef("DTM", D(0), ()),
        scoring.MainIndexDef("HDCQS", D(20), ("CQS",)),
    )
    result = scoring.unit_result_from_points(structure, {"NTS": D(30), "HDCQS": D(10)})
    assert result.dti == D("0.8")
    assert result.pillars == {"CQS": D("0.8"), "KTS": D(1)}


def test_a_file_declares_its_pillar_weights():
    structure = declared_structure(parse_framework(WEIGHTED))
    assert structure.pillars == (scoring.PillarDef("CQS", D("0.4")), scoring.PillarDef("KTS", D("0.6")))


# -- malformed files -----------------------------------------------------------------


def test_yaml_syntax_errors_name_the_line():
    text = MINIMAL.replace('title_vi: "Bộ chỉ số thử"', 'title_vi: "Bộ chỉ số thử')
    (problem,) = problems_of(text)
    assert problem.message.startswith("lỗi cú pháp YAML")
    assert problem.line >= line_of(text, "title_vi")


def test_bad_indentation_names_the_line():
    text = MINIMAL.replace("        number: 2", "       number: 2")
    (problem,) = problems_of(text)
    assert problem.line == line_of(text, "number: 2")
    assert problem.message.startswith("lỗi cú pháp YAML")


def test_empty_file_is_reported():
    assert problems_of("") == [Problem(1, "tệp rỗng")]


def test_a_list_at_top_level_is_reported():
    assert problems_of("- a\n- b\n") == [Problem(1, "tệp phải là một bảng khóa–giá trị (bắt đầu bằng 'format: …')")]


def test_wrong_format_tag_is_reported():
    text = MINIMAL.replace("dtiportal-framework/1", "dtiportal-framework/2")
    assert_only_problem(
        text, 1, "định dạng 'dtiportal-framework/2' không được hỗ trợ (cần 'format: dtiportal-framework/1')"
    )


def test_missing_required_field_names_the_mapping_line():
    text = MINIMAL.replace("            evidence: optional\n", "")
    assert_only_problem(text, line_of(text, 'code: "1.2"'), "chỉ số thành phần '1.2': thiếu trường bắt buộc 'evidence'")


def test_missing_top_level_field_is_reported_on_line_1():
    text = MINIMAL.replace("level: province\n", "")
    assert_only_problem(text, 1, "thiếu trường bắt buộc 'level'")


def test_unquoted_numeric_code_is_reported_with_a_hint():
    text = MINIMAL.replace('code: "1.3"', "code: 1.3")
    assert_only_problem(
        text,
        line_of(text, "code: 1.3"),
        "chỉ số thành phần: trường 'code' phải là chuỗi văn bản, không phải số (đặt trong dấu nháy, ví dụ \"1.10\")",
    )


def test_duplicate_indicator_code_names_both_lines():
    text = MINIMAL.replace('code: "1.3"', 'code: "1.2"')
    first = line_of(text, 'code: "1.2"')
    assert_only_problem(
        text,
        line_of(text, 'code: "1.2"', nth=2),
        f"mã chỉ số thành phần '1.2' bị trùng (đã dùng ở dòng {first})",
    )


def test_duplicate_main_index_code_is_reported():
    text = MINIMAL.replace("code: HDCQS", "code: NTS")
    assert_only_problem(
        text,
        line_of(text, "code: NTS", nth=2),
        f"mã chỉ số chính 'NTS' bị trùng (đã dùng ở dòng {line_of(text, 'code: NTS')})",
    )


def test_duplicate_pillar_code_is_reported():
    text = MINIMAL.replace('{code: KTS, name_vi: "Kinh tế số"}', '{code: CQS, name_vi: "Kinh tế số"}')
    text = text.replace("pillars: [CQS, KTS]", "pillars: [CQS]")
    assert_only_problem(
        text,
        line_of(text, "Kinh tế số"),
        f"mã trụ cột 'CQS' bị trùng (đã dùng ở dòng {line_of(text, 'Chính quyền số')})",
    )


def test_duplicate_general_information_code_is_reported():
    text = MINIMAL.replace(
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n',
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n  - {code: "TT.1", name_vi: "Cán bộ"}\n',
    )
    assert_only_problem(
        text,
        line_of(text, "Cán bộ"),
        f"mã thông tin chung 'TT.1' bị trùng (đã dùng ở dòng {line_of(text, 'Dân số')})",
    )


def test_duplicate_tier_option_code_names_the_option_line():
    text = MINIMAL.replace('{code: B, label_vi: "Phó Chủ tịch"', '{code: A, label_vi: "Phó Chủ tịch"')
    assert_only_problem(
        text,
        line_of(text, "Phó Chủ tịch"),
        "chỉ số thành phần '1.3': mã mức 'A' bị trùng (đã dùng ở mức thứ 1)",
    )


def test_component_maxima_must_sum_to_the_main_index_max():
    text = MINIMAL.replace('max_points: "10"', 'max_points: "9"')
    assert_only_problem(
        text,
        line_of(text, "max_points: 30"),
        "chỉ số chính 'NTS': tổng điểm tối đa của các chỉ số thành phần (29) khác điểm tối đa của chỉ số chính (30)",
    )


def test_total_points_must_equal_the_sum_of_main_index_maxima():
    text = MINIMAL.replace("total_points: 50", "total_points: 1000")
    assert_only_problem(
        text,
        line_of(text, "total_points: 1000"),
        "total_points (1000) khác tổng điểm tối đa của các chỉ số chính (50)",
    )


def test_points_with_more_than_two_decimals_are_reported():
    text = MINIMAL.replace('max_points: "12.5"', 'max_points: "12.505"')
    problems = problems_of(text)
    assert (
        Problem(
            line_of(text, '"12.505"'),
            "chỉ số thành phần '1.2': trường 'max_points' phải là số điểm ≥ 0, tối đa 2 chữ số thập phân",
        )
        in problems
    )


def test_unknown_pillar_reference_is_reported():
    text = MINIMAL.replace("pillars: [CQS]", "pillars: [XHS]")
    assert_only_problem(
        text,
        line_of(text, "pillars: [XHS]"),
        "chỉ số chính 'HDCQS': trụ cột 'XHS' không có trong danh sách 'pillars'",
    )


def test_weighted_pillars_require_weights():
    text = WEIGHTED.replace(', weight: "0.4"', "")
    assert_only_problem(
        text,
        line_of(text, "code: CQS, name_vi"),
        "trụ cột 'CQS': thiếu trọng số 'weight' (bắt buộc khi aggregation là 'weighted_pillars')",
    )


def test_weights_must_sum_to_one():
    text = WEIGHTED.replace("weight: 0.6", "weight: 0.5")
    assert_only_problem(text, line_of(text, "pillars:"), "tổng trọng số các trụ cột phải bằng 1 (hiện là 0.9)")


def test_weights_are_rejected_under_total_points():
    text = MINIMAL.replace(
        '{code: CQS, name_vi: "Chính quyền số"}', '{code: CQS, name_vi: "Chính quyền số", weight: "1"}'
    )
    assert_only_problem(
        text,
        line_of(text, "weight"),
        "trụ cột 'CQS': trọng số chỉ dùng khi aggregation là 'weighted_pillars'",
    )


def test_weighted_pillars_require_scored_main_indices_in_a_pillar():
    text = WEIGHTED.replace("max_points: 10, pillars: [KTS],", "max_points: 10,")
    problems = problems_of(text)
    assert Problem(line_of(text, "pillars:"), "trụ cột 'KTS' không có chỉ số chính nào có điểm") in problems
    assert (
        Problem(
            line_of(text, "code: KTS.NTS"),
            "chỉ số chính 'KTS.NTS' có điểm nhưng không thuộc trụ cột nào "
            "(với 'weighted_pillars' điểm của nó sẽ không được tính)",
        )
        in problems
    )


def test_rule_parameter_problems_name_the_parameter_line():
    text = MINIMAL.replace('target: "0.8"', 'target: "1.5"')
    assert_only_problem(
        text,
        line_of(text, 'target: "1.5"'),
        "chỉ số thành phần '1.2': tham số 'target' phải là số thập phân trong khoảng (0, 1]",
    )


def test_unknown_rule_type_is_reported():
    text = MINIMAL.replace("rule: {type: yes_no}", "rule: {type: lottery}", 1)
    assert_only_problem(
        text,
        line_of(text, "lottery"),
        "chỉ số thành phần '1.1': loại quy tắc chấm điểm 'lottery' không được hỗ trợ "
        "(các loại: yes_no, tiered, ratio, count_threshold, percentage)",
    )


def test_tier_points_above_max_name_the_option_line():
    text = MINIMAL.replace('points: "3.75"', "points: 8")
    assert_only_problem(
        text,
        line_of(text, "points: 8"),
        "chỉ số thành phần '1.3': mức thứ 2: điểm 8 phải trong khoảng 0–7.5",
    )


def test_denominator_from_must_be_a_general_information_code():
    text = MINIMAL.replace('denominator_from: "TT.1"', 'denominator_from: "TT.9"')
    assert_only_problem(
        text,
        line_of(text, "TT.9"),
        "chỉ số thành phần '1.2': denominator_from: mã thông tin chung 'TT.9' không có trong 'general_information'",
    )


# -- how a file declares the numbers of a field ----------------------------------------------------


def test_a_general_information_item_is_a_count_unless_declared_decimal():
    text = MINIMAL.replace(
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n',
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n  - {code: "TT.2", name_vi: "GRDP", unit_vi: "tỷ đồng", kind: decimal}\n',
    )
    assert [(g.code, g.kind) for g in parse_framework(text).general_information] == [("TT.1", "integer"), ("TT.2", "decimal")]


def test_a_general_information_kind_other_than_integer_or_decimal_is_reported_on_its_line():
    text = MINIMAL.replace('unit_vi: "người"}', 'unit_vi: "người", kind: count}')
    assert_only_problem(
        text,
        line_of(text, "kind: count"),
        "thông tin chung 'TT.1': trường 'kind' phải là một trong: integer, decimal (không phải 'count')",
    )


def test_dump_writes_a_decimal_kind_and_leaves_a_count_implicit():
    text = MINIMAL.replace(
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n',
        '  - {code: "TT.1", name_vi: "Dân số", unit_vi: "người"}\n  - {code: "TT.2", name_vi: "GRDP", kind: decimal}\n',
    )
    dumped = dump_framework(parse_framework(text))
    assert dumped.count("kind:") == 1 and "kind: decimal" in dumped
    assert parse_framework(dumped) == parse_framework(text)


def test_a_ratio_may_declare_its_inputs_decimal():
    text = MINIMAL.replace('denominator_from: "TT.1"}', 'denominator_from: "TT.1", inputs: decimal}')
    rule = {i.code: i for _, i in parse_framework(text).indicators()}["1.2"].rule
    assert scoring.entry(rule.type).number_kind(rule.params) == scoring.FIELD_NUMBER


def test_a_ratio_inputs_kind_other_than_integer_or_decimal_is_reported_on_the_rule():
    text = MINIMAL.replace('denominator_from: "TT.1"}', 'denominator_from: "TT.1", inputs: amounts}')
    assert_only_problem(
        text,
        line_of(text, "inputs: amounts"),
        "chỉ số thành phần '1.2': tham số 'inputs' phải là một trong: integer, decimal",
    )


def test_automatic_indicators_require_a_source():
    text = MINIMAL.replace('            source_vi: "Cổng Dịch vụ công quốc gia"\n', "")
    assert_only_problem(
        text,
        line_of(text, "automatic: true"),
        "chỉ số thành phần '3.2': chỉ số đo tự động (automatic: true) phải có 'source_vi' "
        "(nền tảng quốc gia đo giá trị)",
    )


def test_evidence_must_be_required_optional_or_none():
    text = MINIMAL.replace("evidence: optional", "evidence: sometimes")
    assert_only_problem(
        text,
        line_of(text, "evidence: sometimes"),
        "chỉ số thành phần '1.2': trường 'evidence' phải là một trong: required, optional, none "
        "(không phải 'sometimes')",
    )


def test_years_must_be_integers():
    text = MINIMAL.replace("years: [2022, 2023]", 'years: [2022, "2023"]')
    assert_only_problem(text, line_of(text, "years"), "năm '2023' phải là số nguyên, ví dụ 2022")


def test_decision_date_must_be_an_iso_date():
    text = MINIMAL.replace('decision_date: "2022-05-20"', 'decision_date: "20/05/2022"')
    assert_only_problem(text, line_of(text, "decision_date"), "trường 'decision_date' phải là ngày dạng YYYY-MM-DD")


def test_framework_code_must_be_a_slug():
    text = MINIMAL.replace('code: "thu-tinh"', 'code: "Thử tỉnh"')
    assert_only_problem(
        text,
        line_of(text, "Thử tỉnh"),
        "mã bộ chỉ số 'Thử tỉnh' chỉ được gồm chữ thường a-z, số và dấu '-'",
    )


def test_unknown_fields_are_reported():
    text = MINIMAL.replace("        number: 1\n", "        number: 1\n        max_point: 30\n")
    assert_only_problem(
        text, line_of(text, "max_point: 30"), "chỉ số chính 'NTS': trường 'max_point' không được hỗ trợ"
    )


def test_duplicate_yaml_keys_are_reported():
    text = MINIMAL.replace("        number: 1\n", "        number: 1\n        number: 5\n")
    assert_only_problem(
        text,
        line_of(text, "number: 5"),
        f"trường 'number' bị lặp lại (đã có ở dòng {line_of(text, 'number: 1')})",
    )


def test_all_problems_are_collected_in_line_order():
    text = (
        MINIMAL.replace("level: province", "level: city")
        .replace('code: "1.3"', 'code: "1.1"')
        .replace("evidence: optional", "evidence: maybe")
    )
    problems = problems_of(text)
    assert [p.line for p in problems] == [
        line_of(text, "level: city"),
        line_of(text, "evidence: maybe"),
        line_of(text, 'code: "1.1"', nth=2),
    ]
    assert "dòng" in str(FrameworkFileError(problems))


def test_problem_reads_as_line_and_message():
    problem = Problem(42, "mã chỉ số thành phần '1.3' bị trùng (đã dùng ở dòng 30)")
    assert str(problem) == "dòng 42: mã chỉ số thành phần '1.3' bị trùng (đã dùng ở dòng 30)"
