"""The one Celery app of DTI Portal. Tasks are thin: they take ids and call a service."""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtiportal.settings")

app = Celery("dtiportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def sweep_outboxes() -> None:
    """Send every pending recompute and every due email: requests made while no broker or
    worker was there are not lost. Beat repeats both sweeps (CELERY_BEAT_SCHEDULE)."""
    from accounts import outbox
    from results.services import sweep_pending_recomputes

    try:
        rounds = sweep_pending_recomputes(older_than=0)
        emails = outbox.sweep()
    except Exception:  # the worker must start even if the database is not there yet
        logger.exception("Sweep of the outboxes failed; beat will retry")
        return
    if rounds:
        logger.warning("Worker sweep: recompute sent for round(s) %s", rounds)
    if emails:
        logger.warning("Worker sweep: pending emails sent to a task")


class SweepOutboxesOnConnect(bootsteps.StartStopStep):
    """A consumer step: Celery starts the consumer's steps when the worker starts AND each time
    it reconnects after losing the broker (the worker_ready signal fires only once). So a
    Redis outage is followed by a sweep as soon as Redis is back, not at the next beat."""

    requires = {"celery.worker.consumer.tasks:Tasks"}

    def start(self, c):
        sweep_outboxes()


app.steps["consumer"].add(SweepOutboxesOnConnect)
