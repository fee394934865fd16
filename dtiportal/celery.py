"""The one Celery app of DTI Portal. Tasks are thin: they take ids and call a service."""

import logging
import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtiportal.settings")

app = Celery("dtiportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@worker_ready.connect
def sweep_pending_recomputes_at_start(**kwargs):
    """A worker that starts (after a crash, a deploy, Redis coming back) first sends every
    pending recompute: requests made while no broker or worker was there are not lost.
    Beat repeats the sweep every RESULTS_RECOMPUTE_SWEEP_EVERY seconds (settings)."""
    from results.services import sweep_pending_recomputes

    try:
        rounds = sweep_pending_recomputes(older_than=0)
    except Exception:  # the worker must start even if the database is not there yet
        logger.exception("Start-up sweep of pending recomputes failed; beat will retry")
        return
    if rounds:
        logger.warning("Start-up sweep: recompute sent for round(s) %s", rounds)
