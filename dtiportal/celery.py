"""The one Celery app of DTI Portal. Tasks are thin: they take ids and call a service."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtiportal.settings")

app = Celery("dtiportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
