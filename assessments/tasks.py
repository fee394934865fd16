"""Celery tasks of the assessments app: thin, they call a module of the app."""

from celery import shared_task

from . import reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Beat's hourly call: remind the officers of drafts near their deadline (each once)."""
    return reminders.send_deadline_reminders()
