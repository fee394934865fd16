"""Flags and scores as the reviewer sees them, from the database."""

from decimal import Decimal as D

import pytest

from accounts.models import Role
from assessments.framework_loader import load_framework_file
from assessments.models import Evidence, IndicatorValue, Submission, SubmissionStatus
from results import engine
from review import selectors, services
from tests import factories
from tests.review.conftest import SELF_TOTAL, fill, send, value

pytestmark = pytest.mark.django_db


def _flags(sub, code):
    main = value(sub, code).indicator.main_index
    row = next(r for r in selectors.appraisal_rows(sub, main) if r.indicator.code == code)
    return {f.kind for f in row.flags}


def test_missing_required_evidence_is_flagged(sub_a):
    Evidence.objects.filter(value=value(sub_a, "1.2")).delete()
    assert "missing_evidence" in _flags(sub_a, "1.2")
    assert "missing_evidence" not in _flags(sub_a, "1.1")


def test_a_file_cited_by_another_unit_is_flagged(rnd, province_a, province_b, officer_a, officer_b):
    a, b = rnd.submissions.get(unit=province_a), rnd.submissions.get(unit=province_b)
    fill(a, content=b"%PDF the same scan")
    fill(b, content=b"%PDF the same scan")
    a = send(a, officer_a)
    send(b, officer_b)
    assert "shared_file" in _flags(a, "1.1")


def test_a_file_cited_only_in_another_units_draft_is_not_flagged(rnd, province_a, province_b, officer_a, officer_b):
    a, b = rnd.submissions.get(unit=province_a), rnd.submissions.get(unit=province_b)
    fill(a)  # a file of its own for each indicator
    fill(b, content=f"%PDF-1.4 {province_a.code} 1.1".encode())  # A's 1.1 file, in B's draft
    a = send(a, officer_a)
    assert "shared_file" not in _flags(a, "1.1")  # a draft is the province's own business
    send(b, officer_b)
    assert "shared_file" in _flags(a, "1.1")


def test_a_jump_against_last_year_is_flagged(province_a, officer_a, settings):
    settings.REVIEW_JUMP_THRESHOLD = 0.5
    last = factories.make_round(year=2024, units=[province_a])
    fill(last.submissions.get(), inputs={"1.3": {"numerator": "20", "denominator": "100"}})
    now = factories.make_round(year=2025, units=[province_a])
    sub = now.submissions.get()
    fill(sub)  # 0.8 this year against 0.2 last year
    sub = send(sub, officer_a)
    assert "jump" in _flags(sub, "1.3")
    assert "jump" not in _flags(sub, "1.1")


def test_an_outlier_among_units_is_flagged(officer_a):
    units = [factories.UnitFactory(code=f"O{i}", name=f"Tỉnh O{i}") for i in range(6)]
    rnd = factories.make_round(units=units)
    for i, sub in enumerate(rnd.submissions.order_by("unit__code")):
        num = "99" if i == 0 else str(50 + i)
        fill(sub, inputs={"1.3": {"numerator": num, "denominator": "100"}})
        officer = factories.UserFactory(username=f"o{i}", role=Role.OFFICER, unit=sub.unit)
        send(sub, officer)
    first = rnd.submissions.order_by("unit__code").first()
    assert "outlier" in _flags(first, "1.3")
    assert "outlier" not in _flags(rnd.submissions.order_by("unit__code")[1], "1.3")


def test_score_summary_puts_three_scores_side_by_side(sub_a, reviewer, lead_reviewer):
    for v in sub_a.values.select_related("indicator", "submission"):
        services.appraise(value=v, actor=reviewer, points=v.self_points)
    services.appraise(value=value(sub_a, "1.3"), actor=reviewer, points="10", reason="x")
    sub_a.refresh_from_db()
    services.sign_off(submission=sub_a, actor=lead_reviewer)
    sub_a.refresh_from_db()
    lines, total = selectors.score_summary(sub_a)
    nts = next(ln for ln in lines if ln.code == "NTS")
    assert (nts.self_points, nts.reviewed_points, nts.final_points) == (D(46), D(40), D(40))
    assert nts.reviewed_value == D(40) / D(60)
    assert total.self_points == SELF_TOTAL and total.final_points == SELF_TOTAL - 6
    assert total.final_value == D(SELF_TOTAL - 6) / D(100)


# Weights that differ from the pillars' share of the points (0.4 and 0.6 on 10 points each),
# so the weighted-pillar DTI (0.4 × 1 + 0.6 × 0 = 0.4) differs from the total-points one
# (10 / 20 = 0.5). On the seeded 1726 file the weights equal the shares (400/300/300 of
# 1000), so both formulas agree there and only a file like this one tells them apart.
WEIGHTED_FRAMEWORK = """\
format: dtiportal-framework/1
code: "trong-so-tinh"
decision: "1/QĐ-TEST"
decision_date: 2020-10-12
title_vi: "Bộ chỉ số có trọng số"
level: province
years: [2020]
aggregation: weighted_pillars
total_points: 20
pillars:
  - {code: CQS, name_vi: "Chính quyền số", weight: "0.4"}
  - {code: KTS, name_vi: "Kinh tế số", weight: "0.6"}
groups:
  - code: G
    name_vi: "Nhóm"
    main_indices:
      - {code: CQS.NTS, number: 1, name_vi: "Nhận thức số", max_points: 10, pillars: [CQS],
         indicators: [{code: "1.1", name_vi: "a", max_points: 10, rule: {type: yes_no}, evidence: none}]}
      - {code: KTS.NTS, number: 2, name_vi: "Nhận thức số", max_points: 10, pillars: [KTS],
         indicators: [{code: "2.1", name_vi: "b", max_points: 10, rule: {type: yes_no}, evidence: none}]}
"""


def test_the_reviewers_dti_follows_the_frameworks_weighted_pillars_like_the_ranking():
    framework, _ = load_framework_file(WEIGHTED_FRAMEWORK)
    unit = factories.UnitFactory()
    rnd = factories.make_round(year=2020, framework=framework, units=[unit])
    sub = rnd.submissions.get()
    for code, points in (("1.1", 10), ("2.1", 0)):
        IndicatorValue.objects.filter(submission=sub, indicator__code=code).update(final_points=points, self_points=points)
    Submission.objects.filter(pk=sub.pk).update(status=SubmissionStatus.SIGNED_OFF)
    _lines, total = selectors.score_summary(sub)
    ranked = next(e for e in engine.compute_round(rnd) if e["unit_id"] == unit.pk)
    assert (engine.fmt4(total.final_value), ranked["dti"]) == ("0.4000", "0.4000")
