"""General-information fields given to a contributor (issue 17), through HTTP: assigned with
indicators or alone, entered with the province's number reading, required for the hand-in,
written into the province's GeneralInfoValue on acceptance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from assessments import services
from assessments.models import Assignment, ContributedGeneralInfo, GeneralInfoItem, GeneralInfoValue
from tests.assessments.contribution_helpers import FIGURES, fill, indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributor_client(client, contributor_a):
    client.force_login(contributor_a)
    return client


@pytest.fixture
def population(sub_a):
    return GeneralInfoItem.objects.get(framework=sub_a.round.framework, code="TT.1")


def give(sub, officer, contributor, items, codes=()):
    return services.assign(
        actor=officer, submission=sub, contributor=contributor, indicators=indicators(sub, *codes) if codes else [],
        general_items=items, due_at=timezone.now() + dt.timedelta(days=5),
    )


def entry(assignment):
    return reverse("assessments:contribution", args=[assignment.pk])


def gi_field(assignment):
    return f"g{assignment.general_values.get().pk}-value"


def test_the_officer_assigns_a_general_information_field_alone(officer_a_client, sub_a, contributor_a, population):
    response = officer_a_client.post(reverse("assessments:contributions", args=[sub_a.pk]),
                                     {"contributor": contributor_a.pk, "general_items": [population.pk], "due": "25/12/2099"})
    assert response.status_code == 302
    a = Assignment.objects.get()
    assert list(a.general_info_items.values_list("code", flat=True)) == ["TT.1"] and not a.indicators.exists()
    assert AuditEntry.objects.get(action="contribution.general_info_assigned").new == {"codes": ["TT.1"]}


def test_the_board_counts_the_general_information_field(officer_a_client, sub_a, officer_a, contributor_a, population):
    give(sub_a, officer_a, contributor_a, [population], codes=("1.4",))
    body = officer_a_client.get(reverse("assessments:contributions", args=[sub_a.pk])).content.decode()
    assert 'data-count="assigned">2<' in body


def test_a_general_information_field_has_one_contributor_at_a_time(sub_a, officer_a, contributor_a, population):
    give(sub_a, officer_a, contributor_a, [population])
    with pytest.raises(services.AssessmentError, match="Mục thông tin chung TT.1 đang được giao"):
        give(sub_a, officer_a, contributor_a, [population])


def test_the_contributor_types_a_count_in_vietnamese_writing(contributor_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    response = contributor_client.post(entry(a), {gi_field(a): "1.234.567"})
    assert response.status_code == 302
    assert ContributedGeneralInfo.objects.get().value == Decimal("1234567")
    assert AuditEntry.objects.get(action="contribution.general_info_save").new == {"code": "TT.1", "value": "1234567"}


def test_42_000_in_a_count_is_forty_two_thousand(contributor_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    contributor_client.post(entry(a), {gi_field(a): "42.000"})
    assert ContributedGeneralInfo.objects.get().value == Decimal("42000")


def test_the_stored_count_is_shown_as_typed_on_the_page(contributor_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    contributor_client.post(entry(a), {gi_field(a): "42.000"})
    assert 'value="42.000"' in contributor_client.get(entry(a)).content.decode()


def test_a_count_with_letters_is_refused_in_vietnamese_and_nothing_changes(contributor_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    response = contributor_client.post(entry(a), {gi_field(a): "bốn mươi"})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    assert ContributedGeneralInfo.objects.get().value is None
    assert not AuditEntry.objects.filter(action="contribution.general_info_save").exists()


def test_the_hand_in_waits_for_the_general_information(contributor_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    response = contributor_client.post(reverse("assessments:contribution_hand_in", args=[a.pk]), follow=True)
    assert "Chưa nhập số liệu của chỉ số TT.1; chưa nộp." in response.content.decode()
    a.refresh_from_db()
    assert a.status == "assigned"


def test_on_acceptance_the_figure_becomes_the_province_s_general_information(contributor_client, officer_a_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population], codes=("1.3", "1.4"))
    fill(a, contributor_a, **FIGURES)
    contributor_client.post(entry(a), {gi_field(a): "42.000"})
    contributor_client.post(reverse("assessments:contribution_hand_in", args=[a.pk]))
    review = officer_a_client.get(reverse("assessments:contribution_review", args=[a.pk])).content.decode()
    assert "42.000" in review.split('id="review-general"')[1]
    response = officer_a_client.post(reverse("assessments:contribution_accept", args=[a.pk]))
    assert response.status_code == 302
    assert GeneralInfoValue.objects.get(submission=sub_a, item=population).value == Decimal("42000")
    assert AuditEntry.objects.get(action="general_info.update").new == {"code": "TT.1", "value": "42000.00"}
    assert AuditEntry.objects.get(action="general_info.contributed").new["contributor"] == contributor_a.pk


def test_a_general_information_field_of_another_assignment_is_404_and_changes_nothing(contributor_client, sub_a, officer_a, contributor_a, population):
    mine = services.assign(actor=officer_a, submission=sub_a, contributor=contributor_a, indicators=indicators(sub_a, "1.4"),
                           due_at=timezone.now() + dt.timedelta(days=5))
    other = give(sub_a, officer_a, contributor_a, [population])
    response = contributor_client.post(entry(mine), {gi_field(other): "42.000"})
    assert response.status_code == 404
    assert ContributedGeneralInfo.objects.get().value is None


def test_an_assignment_of_general_information_alone_is_handed_in_and_accepted(contributor_client, officer_a_client, sub_a, officer_a, contributor_a, population):
    a = give(sub_a, officer_a, contributor_a, [population])
    contributor_client.post(entry(a), {gi_field(a): "950.000"})
    contributor_client.post(reverse("assessments:contribution_hand_in", args=[a.pk]))
    officer_a_client.post(reverse("assessments:contribution_accept", args=[a.pk]))
    a.refresh_from_db()
    assert a.status == "accepted"
    assert GeneralInfoValue.objects.get(submission=sub_a, item=population).value == Decimal("950000")
