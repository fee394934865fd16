"""DATABASE_REPLICA_URL: the settings add a `replica` alias and send the public reads to it."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _settings_in_a_fresh_process(**environment) -> dict:
    """DATABASES and PUBLIC_READS_DATABASE as dtiportal.settings builds them from the environment."""
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'aliases': sorted(settings.DATABASES), 'public': settings.PUBLIC_READS_DATABASE, "
        "'replica': settings.DATABASES.get('replica', {}).get('HOST')}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env.update(DJANGO_SETTINGS_MODULE="dtiportal.settings", **environment)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_database_replica_url_adds_the_replica_and_sends_public_reads_to_it():
    found = _settings_in_a_fresh_process(DATABASE_REPLICA_URL="postgres://dti@replica.internal:5432/dtiportal")
    assert found == {"aliases": ["default", "replica"], "public": "replica", "replica": "replica.internal"}


def test_without_database_replica_url_there_is_one_database():
    assert _settings_in_a_fresh_process() == {"aliases": ["default"], "public": "default", "replica": None}
