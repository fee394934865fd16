"""Writes of the results app. Other apps ask for a recompute through `request_recompute`."""

from __future__ import annotations

from django.db import transaction

from .models import RecomputeRequest


def request_recompute(*, round_id: int, reason: str, submission_id: int | None = None) -> RecomputeRequest:
    """Record that a round's rankings are stale and dispatch the recompute once committed.

    Call inside the transaction that made them stale (sign-off, reopening, correction).
    """
    req = RecomputeRequest.objects.create(round_id=round_id, reason=reason[:255], submission_id=submission_id)

    def dispatch():
        from .tasks import recompute_round

        recompute_round.delay(round_id)

    transaction.on_commit(dispatch)
    return req
