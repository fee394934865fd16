"""The restore drill: dump, wipe, restore — the same rankings and the same files come back.

Runs scripts/backup.sh and scripts/restore.sh (pg_dump / pg_restore and the evidence folder)
against the test database, as docs/backup-restore.md tells an operator to do.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from assessments.models import Evidence
from results import services as results_services
from results.models import Publication, SnapshotEntry
from tests import factories
from tests.results.conftest import sign_off, units  # noqa: F401 - fixture
from tests.review.conftest import fill

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCRIPTS = Path(settings.BASE_DIR) / "scripts"


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgresql://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _run(script: str, folder: Path) -> None:
    env = {**os.environ, "DATABASE_URL": _database_url(), "MEDIA_ROOT": settings.MEDIA_ROOT, "STORAGE_BACKEND": "filesystem"}
    done = subprocess.run(["bash", str(SCRIPTS / script), str(folder)], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _ranking_table(client) -> str:
    """The public ranking table as an anonymous visitor gets it (without per-request tokens)."""
    body = client.get("/ket-qua/2025/tinh-63/").content.decode()
    start = body.index('id="ranking-table"')
    return body[start : body.index("</table>", start)]


def _state():
    ranking = list(
        SnapshotEntry.objects.filter(snapshot__is_current=True)
        .order_by("snapshot__round__year", "dti_rank", "unit__code")
        .values_list("snapshot__round__year", "unit__code", "dti", "dti_rank", "pillar_values", "main_values")
    )
    files = {}
    for ev in Evidence.objects.order_by("pk"):
        with default_storage.open(ev.file.name, "rb") as fh:
            files[ev.file.name] = hashlib.sha256(fh.read()).hexdigest()
        assert files[ev.file.name] == ev.sha256
    published = list(Publication.objects.values_list("round__year", "version", "is_active", "snapshot_id"))
    return ranking, files, published


def test_dump_wipe_restore_brings_back_the_same_rankings_and_files(
    require_postgres, tmp_path, units, lead_reviewer, admin_user, client  # noqa: F811
):
    rnd = factories.make_round(year=2025, units=units[:3])
    for sub, share in zip(rnd.submissions.order_by("unit__code"), ("0.9", "0.55", "0.7"), strict=True):
        fill(sub)  # values and evidence files on disk, like an officer's upload
        sign_off(sub, lead_reviewer, share, recompute=False)
    results_services.request_recompute(round_id=rnd.pk, reason="drill")
    results_services.recompute_round(round_id=rnd.pk)
    results_services.publish_round(round_id=rnd.pk, actor=admin_user, note="")
    before = _state()
    assert len(before[0]) == 3 and len(before[1]) >= 9 and before[2]
    page_before = _ranking_table(client)

    _run("backup.sh", tmp_path / "backup")
    assert (tmp_path / "backup" / "db.dump").stat().st_size > 0

    # Wipe: every table gone, every evidence file gone.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    shutil.rmtree(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.results_snapshotentry')")
        assert cursor.fetchone()[0] is None
    connection.close()

    _run("restore.sh", tmp_path / "backup")

    assert _state() == before
    from django.core.cache import cache

    cache.clear()  # the public page is cached; read it from the restored database
    assert _ranking_table(client) == page_before
