"""Each service checks the unit itself, whatever page or API called it.

The access helpers stop another province at the door (404); these tests call the services
directly, as an officer of another unit and as a reviewer, and assert the refusal and that
nothing changed — then the same call as the unit's own officer, so the refusal is the unit
check's and not some other precondition's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditEntry
from assessments import services
from assessments.models import Evidence, GeneralInfoValue, IndicatorValue, SubmissionStatus
from review import services as review_services
from review.models import Clarification, ClarificationMessage, ClarificationStatus
from tests.assessments.conftest import PDF_BYTES, send, value

pytestmark = pytest.mark.django_db

OUTSIDERS = ["officer_b", "reviewer"]


@pytest.fixture
def people(officer_a, officer_b, reviewer):
    return {"officer_a": officer_a, "officer_b": officer_b, "reviewer": reviewer}


def _counts(sub):
    return (
        AuditEntry.objects.count(),
        Evidence.objects.filter(value__submission=sub).count(),
        list(IndicatorValue.objects.filter(submission=sub).order_by("pk").values_list("self_points", "version")),
        list(GeneralInfoValue.objects.filter(submission=sub).values_list("value", "version")),
        sub.__class__.objects.get(pk=sub.pk).status,
    )


def _save_main_index(actor, sub, nts):
    v = value(sub, "1.2")
    return services.save_main_index(
        actor=actor, submission=sub, main_index=nts, rows={v.pk: {"inputs": {"answer": "yes"}, "version": v.version}}
    )


def _save_general_info(actor, sub, nts):
    gv = GeneralInfoValue.objects.get(submission=sub)
    return services.save_general_info(actor=actor, submission=sub, rows={gv.pk: {"value": "1000", "version": gv.version}})


def _add_evidence(actor, sub, nts):
    return services.add_evidence(
        actor=actor, value=value(sub, "1.2"), upload=SimpleUploadedFile("kh.pdf", PDF_BYTES), doc_number="1/KH",
        doc_date=dt.date(2025, 2, 1), issuing_body="UBND", summary="Kế hoạch",
    )


WRITES = {"save_main_index": _save_main_index, "save_general_info": _save_general_info, "add_evidence": _add_evidence}


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_a_write_by_someone_not_of_the_unit_is_refused_and_changes_nothing(people, sub_a, nts, write, outsider):
    before = _counts(sub_a)
    with pytest.raises(services.AssessmentError, match="Chỉ cán bộ của đơn vị"):
        WRITES[write](people[outsider], sub_a, nts)
    assert _counts(sub_a) == before


@pytest.mark.parametrize("write", list(WRITES))
def test_the_same_write_by_the_unit_s_officer_goes_through(people, sub_a, nts, write):
    audit_before = AuditEntry.objects.count()
    WRITES[write](people["officer_a"], sub_a, nts)
    assert AuditEntry.objects.count() > audit_before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_removing_evidence_is_the_unit_s_alone(people, sub_a, nts, outsider):
    evidence = _add_evidence(people["officer_a"], sub_a, nts)
    before = _counts(sub_a)
    with pytest.raises(services.AssessmentError, match="Chỉ cán bộ của đơn vị"):
        services.remove_evidence(actor=people[outsider], evidence=evidence)
    assert _counts(sub_a) == before
    evidence.refresh_from_db()
    assert evidence.removed_at is None
    services.remove_evidence(actor=people["officer_a"], evidence=evidence)
    evidence.refresh_from_db()
    assert evidence.removed_at is not None


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_submitting_is_the_unit_s_alone(people, sub_a, outsider, monkeypatch):
    monkeypatch.setattr(services.submission, "missing_items", lambda sub: [])  # complete, to reach the move
    before = _counts(sub_a)
    with pytest.raises(services.AssessmentError, match="Chỉ cán bộ của đơn vị"):
        services.submit(actor=people[outsider], submission=sub_a)
    assert _counts(sub_a) == before
    assert services.submit(actor=people["officer_a"], submission=sub_a).status == SubmissionStatus.SUBMITTED


@pytest.fixture
def question(sub_a, reviewer):
    send(sub_a, SubmissionStatus.RETURNED)
    return Clarification.objects.create(
        value=value(sub_a, "1.2"), submission=sub_a, question="Vì sao?", status=ClarificationStatus.OPEN, asked_by=reviewer
    )


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_answering_a_question_is_the_unit_s_alone(people, question, outsider):
    with pytest.raises(review_services.ReviewError, match="Chỉ cán bộ của đơn vị"):
        review_services.answer_clarification(clarification=question, actor=people[outsider], body="Trả lời")
    question.refresh_from_db()
    assert (question.status, ClarificationMessage.objects.count(), AuditEntry.objects.count()) == (
        ClarificationStatus.OPEN, 0, 0
    )
    review_services.answer_clarification(clarification=question, actor=people["officer_a"], body="Trả lời")
    question.refresh_from_db()
    assert question.status == ClarificationStatus.ANSWERED


def test_a_returned_value_is_written_by_its_own_unit_only(people, sub_a, nts):
    send(sub_a, SubmissionStatus.RETURNED)
    IndicatorValue.objects.filter(pk=value(sub_a, "1.2").pk).update(awaiting_clarification=True)
    before = _counts(sub_a)
    with pytest.raises(services.AssessmentError, match="Chỉ cán bộ của đơn vị"):
        _save_main_index(people["officer_b"], sub_a, nts)
    assert _counts(sub_a) == before
    assert _save_main_index(people["officer_a"], sub_a, nts).changed == 1
