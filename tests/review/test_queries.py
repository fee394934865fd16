"""The queue and the appraisal page cost the same number of queries for 2 or 12 units and
for a main index of 4 or 16 indicators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from assessments.models import Indicator, IndicatorValue
from review import services
from tests import factories
from tests.review.conftest import fill, send

pytestmark = pytest.mark.django_db


def _round(n_units, officer_unit_prefix="Q", year=2025):
    units = [factories.UnitFactory(code=f"{officer_unit_prefix}{i:02d}", name=f"Tỉnh {i:02d}") for i in range(n_units)]
    rnd = factories.make_round(units=units, year=year)
    for sub in rnd.submissions.select_related("unit"):
        officer = factories.UserFactory(username=f"off_{sub.unit.code}", role=Role.OFFICER, unit=sub.unit)
        fill(sub)
        send(sub, officer)
    return rnd


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_queue_query_count_is_constant(reviewer_client, lead_client, reviewer, lead_reviewer, django_assert_max_num_queries):
    small = _round(2, "S")
    big = _round(12, "B", year=2024)
    services.assign_reviewer(submissions=list(big.submissions.all()[:5]), reviewer=reviewer, actor=lead_reviewer)
    few = _count(lead_client, f"/tham-dinh/dot/{small.pk}/")
    many = _count(lead_client, f"/tham-dinh/dot/{big.pk}/")
    assert few == many
    with django_assert_max_num_queries(few):
        lead_client.get(f"/tham-dinh/dot/{big.pk}/?sort=progress&reviewer=me")


def test_appraisal_page_query_count_is_constant(reviewer_client, reviewer, django_assert_max_num_queries):
    rnd = _round(5, "A")
    sub = rnd.submissions.first()
    main = rnd.framework.main_indices.get(code="NTS")
    url = f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{main.pk}/"
    services.return_for_clarification(submission=sub, actor=reviewer, questions={sub.values.first().pk: "?"})
    sub.refresh_from_db()
    few = _count(reviewer_client, url)
    # Twelve more indicators under the same main index, each with a value and a cited file, in every unit.
    for i in range(12):
        ind = Indicator.objects.create(
            framework=rnd.framework, main_index=main, code=f"1.{10 + i}", name_vi=f"Chỉ số thêm {i}", max_points=0,
            rule_type="yes_no", rule_params={}, evidence="required", order=100 + i,
        )
        for s in rnd.submissions.all():
            IndicatorValue.objects.create(submission=s, indicator=ind, inputs={"answer": True}, self_points=0)
    for s in rnd.submissions.all():
        fill(s, inputs={f"1.{10 + i}": {"answer": True} for i in range(12)}, content=b"%PDF same file everywhere")
    many = _count(reviewer_client, url)
    assert few == many
    with django_assert_max_num_queries(few):
        reviewer_client.get(url)


def test_submission_page_query_count_is_constant(reviewer_client, reviewer, django_assert_max_num_queries):
    rnd = _round(3, "D")
    sub = rnd.submissions.first()
    few = _count(reviewer_client, f"/tham-dinh/ho-so/{sub.pk}/")
    for v in sub.values.select_related("indicator", "submission"):
        services.appraise(value=v, actor=reviewer, points=v.self_points)
    many = _count(reviewer_client, f"/tham-dinh/ho-so/{sub.pk}/")
    assert many == few


def _join(rnd, unit):
    """Add a unit to an existing round, with the rows open_round creates, filled and sent."""
    from assessments.models import GeneralInfoValue, Submission

    sub = Submission.objects.create(round=rnd, unit=unit)
    IndicatorValue.objects.bulk_create([IndicatorValue(submission=sub, indicator=i) for i in rnd.framework.indicators.all()])
    GeneralInfoValue.objects.bulk_create([GeneralInfoValue(submission=sub, item=i) for i in rnd.framework.general_info_items.all()])
    fill(sub)
    return send(sub, factories.UserFactory(username=f"off_{unit.code}", role=Role.OFFICER, unit=unit))


def test_derived_inputs_and_a_merger_cost_the_same_queries_for_2_or_5_predecessors(reviewer_client, django_assert_max_num_queries):
    from accounts.models import RankingGroup, UnitLineage

    framework = factories.make_framework()
    Indicator.objects.filter(framework=framework, code="2.1").update(rule_params={
        "numerator_vi": "Số người có điện thoại thông minh", "denominator_vi": "Dân số", "denominator_from": "TT.1",
    })
    merged = factories.UnitFactory(code="2025-M", name="Tỉnh hợp nhất", ranking_group=RankingGroup.PROVINCES_34)
    last = factories.make_round(year=2024, framework=framework)
    now = factories.make_round(year=2025, framework=framework)
    now.ranking_group = RankingGroup.PROVINCES_34
    now.save()
    sub = _join(now, merged)
    url = f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{framework.main_indices.get(code='HTS').pk}/"

    def grow(start, stop):
        for i in range(start, stop):
            old = factories.UnitFactory(code=f"P{i}", name=f"Tỉnh cũ {i}")
            UnitLineage.objects.create(successor=merged, predecessor=old, effective_date="2025-07-01")
            _join(last, old)
            _join(now, factories.UnitFactory(code=f"N{i}", name=f"Tỉnh mới {i}", ranking_group=RankingGroup.PROVINCES_34))

    grow(0, 2)
    few = _count(reviewer_client, url)
    grow(2, 5)
    many = _count(reviewer_client, url)
    assert few == many
    with django_assert_max_num_queries(few):
        reviewer_client.get(url)
