"""Celery tasks of the results app: thin, they take ids and call a service."""

from celery import shared_task


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=6,
    acks_late=True,
)
def recompute_round(self, round_id: int) -> int | None:
    """Recompute a round's rankings if requests are pending (debounced, atomic, idempotent).

    A failure rolls the whole computation back (the previous snapshot stays current, the
    requests stay pending) and the task is retried with exponential backoff.
    """
    from .services import recompute_round as recompute

    snapshot = recompute(round_id=round_id)
    return snapshot.pk if snapshot else None


@shared_task(ignore_result=True)
def sweep_recompute_requests() -> list[int]:
    """Celery beat, every RESULTS_RECOMPUTE_SWEEP_EVERY seconds: send the recomputes whose
    requests are still pending (e.g. asked for while the broker was down)."""
    from .services import sweep_pending_recomputes

    return sweep_pending_recomputes()
