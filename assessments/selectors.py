"""Reads that span relations, for pages. Writes live in services.py."""

from __future__ import annotations

from django.db.models import Count, Q

from .models import Round, Submission, SubmissionStatus


def officer_home_context(user) -> dict:
    submissions = (
        Submission.objects.filter(unit=user.unit)
        .select_related("round", "round__framework")
        .order_by("-round__year")
    )
    return {"unit": user.unit, "submissions": submissions}


def reviewer_home_context(user) -> dict:
    rounds = Round.objects.select_related("framework").annotate(
        n_units=Count("submissions"),
        n_waiting=Count(
            "submissions",
            filter=Q(submissions__status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.RESUBMITTED, SubmissionStatus.UNDER_REVIEW]),
        ),
        n_signed=Count("submissions", filter=Q(submissions__status=SubmissionStatus.SIGNED_OFF)),
    )
    return {"rounds": rounds}
