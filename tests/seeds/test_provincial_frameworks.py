"""The demo's two province-run frameworks (issue 18): one for a province's departments, one for
its communes, in today's framework format, labelled illustrative. They load through the loader,
their points add up, and each rule scores as its text says, scored as the officer's save scores
it (assessments.services.score_inputs, the engine behind the entry pages). The demo loads them
as Tuyên Quang's (tests/test_seed_demo.py)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Sum

from assessments import scoring
from assessments.framework_loader import load_framework_file
from assessments.services import score_inputs

pytestmark = pytest.mark.django_db

FRAMEWORKS = Path(settings.BASE_DIR) / "seeds" / "frameworks"
PROVINCIAL = ["so-nganh-minh-hoa", "xa-minh-hoa"]
# The national decisions' number pattern (922/QĐ-BTTTT, 2554/QĐ-UBND): an illustrative file
# must not look like one.
DECISION_NUMBER = re.compile(r"\d+/(\d{4}/)?[A-ZĐ]+-")


def load(code):
    return load_framework_file(FRAMEWORKS / f"{code}.yaml")[0]


def indicators(framework, rule_type):
    return list(framework.indicators.filter(rule_type=rule_type).order_by("order"))


def points(indicator, gi=None, **inputs):
    scored = score_inputs(indicator, inputs, gi or {})
    assert scored.errors == {}, (indicator.code, inputs)
    return scored.points


@pytest.fixture(params=PROVINCIAL)
def framework(request):
    return load(request.param)


def test_the_departments_framework_loads_through_the_loader():
    framework = load("so-nganh-minh-hoa")

    assert (framework.title_vi, framework.level) == (
        "Bộ chỉ số đánh giá chuyển đổi số của các sở, ban, ngành cấp tỉnh (minh họa)",
        "province",
    )


def test_the_communes_framework_loads_through_the_loader():
    framework = load("xa-minh-hoa")

    assert (framework.title_vi, framework.level) == (
        "Bộ chỉ số đánh giá chuyển đổi số cấp xã (xã, phường, đặc khu) (minh họa)",
        "province",
    )


def test_it_is_labelled_illustrative_and_not_a_real_decision(framework):
    assert framework.illustrative is True
    assert framework.decision.startswith("minh họa")
    assert DECISION_NUMBER.search(framework.decision) is None
    assert "không phải quyết định của tỉnh nào" in framework.note_vi


def test_it_has_five_main_indices_of_twenty_to_thirty_components(framework):
    assert framework.main_indices.count() == 5
    assert 20 <= framework.indicators.count() <= 30


def test_every_name_has_its_english(framework):
    names = [(i.code, i.name_en) for i in framework.indicators.all()]
    names += [(m.code, m.name_en) for m in framework.main_indices.all()]
    names += [(g.code, g.name_en) for g in framework.general_info_items.all()]

    assert [code for code, en in names if not en.strip()] == []
    assert framework.title_en.endswith("(illustrative)")


def test_its_components_add_up_to_each_main_index(framework):
    for main in framework.main_indices.all():
        assert main.indicators.aggregate(s=Sum("max_points"))["s"] == main.max_points, main.code


def test_its_main_indices_add_up_to_the_total(framework):
    assert framework.main_indices.aggregate(s=Sum("max_points"))["s"] == framework.total_points == 1000


def test_it_uses_every_existing_rule_type(framework):
    used = set(framework.indicators.values_list("rule_type", flat=True))

    assert used == {
        scoring.RULE_YES_NO,
        scoring.RULE_TIERED,
        scoring.RULE_RATIO,
        scoring.RULE_COUNT_THRESHOLD,
        scoring.RULE_PERCENTAGE,
    }


def test_the_head_chairing_the_steering_committee_scores_full_points_a_deputy_half_none_zero(framework):
    chair = framework.indicators.get(code="1.1")
    first, deputy, none = (o["code"] for o in chair.rule_params["options"])

    assert [points(chair, choice=c) for c in (first, deputy, none)] == [
        chair.max_points,
        chair.max_points / 2,
        Decimal("0.00"),
    ]
    assert "Trưởng ban" in chair.rule_params["options"][0]["label_vi"]
    assert "một nửa số điểm" in chair.guidance_vi


def test_the_directive_documents_signed_by_the_head_score_a_over_the_threshold(framework):
    documents = framework.indicators.get(code="1.2")
    threshold = documents.rule_params["threshold"]
    # The guidance states the formula: "điểm = a/N × M, tối đa M điểm khi a ≥ N".
    n, m = re.search(r"điểm = a/(\d+) × (\d+), tối đa \2 điểm khi a ≥ \1", documents.guidance_vi).groups()
    assert (int(n), Decimal(m)) == (threshold, documents.max_points)

    assert [points(documents, count=str(a)) for a in range(threshold + 2)] == [
        min(Decimal(a) / threshold * documents.max_points, documents.max_points).quantize(Decimal("0.01"))
        for a in range(threshold + 2)
    ]


def test_every_count_scores_in_proportion_up_to_its_threshold(framework):
    for count in indicators(framework, scoring.RULE_COUNT_THRESHOLD):
        threshold = count.rule_params["threshold"]
        assert points(count, count=str(threshold)) == count.max_points, count.code
        assert points(count, count=str(threshold * 3)) == count.max_points, count.code
        assert points(count, count="0") == 0, count.code
        assert points(count, count="1") == (count.max_points / threshold).quantize(Decimal("0.01")), count.code


def test_a_ratio_with_a_general_information_denominator_reads_the_denominator_from_it(framework):
    ratios = [i for i in indicators(framework, scoring.RULE_RATIO) if i.rule_params.get("denominator_from")]
    assert len(ratios) >= 5
    for ratio in ratios:
        source = ratio.rule_params["denominator_from"]
        target = Decimal(ratio.rule_params.get("target", "1"))
        assert scoring.input_fields(ratio.rule) == ("numerator",), ratio.code

        half = points(ratio, {source: Decimal(1000)}, numerator="500")

        assert half == (min(Decimal("0.5") / target, 1) * ratio.max_points).quantize(Decimal("0.01")), ratio.code


def test_a_ratio_at_its_target_scores_full_points(framework):
    for ratio in indicators(framework, scoring.RULE_RATIO):
        target = Decimal(ratio.rule_params.get("target", "1"))
        typed = {"numerator": str(target * 1000)}
        if "denominator" in scoring.input_fields(ratio.rule):
            typed["denominator"] = "1000"
        assert points(ratio, {ratio.rule_params.get("denominator_from"): Decimal(1000)}, **typed) == ratio.max_points, ratio.code


def test_a_stated_target_in_the_guidance_is_the_rules_target(framework):
    stated = [
        (i, Decimal(m.group(1)))
        for i in framework.indicators.all()
        if (m := re.search(r"Đạt điểm tối đa khi tỷ lệ(?: chi| hài lòng)? từ (\d+)% trở lên", i.guidance_vi))
    ]
    assert len(stated) >= 3
    for indicator, percent in stated:
        target = Decimal(indicator.rule_params["target"])
        assert target == (percent / 100 if indicator.rule_type == scoring.RULE_RATIO else percent), indicator.code


def test_yes_scores_full_points_and_no_zero(framework):
    for question in indicators(framework, scoring.RULE_YES_NO):
        assert (points(question, answer="yes"), points(question, answer="no")) == (question.max_points, 0), question.code


def test_a_document_to_cite_asks_for_its_number_name_date_and_summary(framework):
    cited = [
        i
        for i in framework.indicators.filter(evidence="required")
        if i.rule_type in (scoring.RULE_YES_NO, scoring.RULE_TIERED, scoring.RULE_COUNT_THRESHOLD)
    ]
    assert len(cited) >= 6
    for indicator in cited:
        assert "số, tên, ngày" in indicator.evidence_vi and "trích yếu" in indicator.evidence_vi, indicator.code


def test_a_percentage_scores_in_proportion_to_its_target(framework):
    for survey in indicators(framework, scoring.RULE_PERCENTAGE):
        target = Decimal(survey.rule_params["target"])
        assert points(survey, value=str(target)) == survey.max_points, survey.code
        assert points(survey, value=str(target / 2)) == (survey.max_points / 2).quantize(Decimal("0.01")), survey.code

