"""Celery tasks of the assessments app: thin, they call a module of the app."""

from celery import shared_task

from . import contribution_reminders, reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Beat's hourly call: remind the officers of drafts near their deadline (each once)."""
    return reminders.send_deadline_reminders()


@shared_task(ignore_result=True)
def send_contribution_reminders() -> int:
    """Beat's hourly call: remind contributors of due dates and deadlines, and officers of
    contributions still open before the deadline (each reminder once)."""
    return contribution_reminders.send_contribution_reminders()
