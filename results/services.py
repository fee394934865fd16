"""Writes of the results app. Other apps ask for a recompute through `request_recompute`."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import Interface
from accounts.validators import text_problem
from assessments.models import Round, SubmissionStatus
from assessments.workflow import SETTLED, Action, transition
from core.broker import BROKER_ERRORS

from . import engine
from .models import Publication, RankingSnapshot, RecomputeRequest, SnapshotEntry

PUBLIC_CACHE_VERSION_KEY = "results:public-version"

logger = logging.getLogger(__name__)


class PublicationError(Exception):
    """The publication action is not possible now; the message is for the user."""


def request_recompute(*, round_id: int, reason: str, submission_id: int | None = None) -> RecomputeRequest:
    """Record that a round's rankings are stale and dispatch the recompute once committed.

    Call inside the transaction that made them stale (sign-off, reopening, correction).
    """
    req = RecomputeRequest.objects.create(round_id=round_id, reason=reason[:255], submission_id=submission_id)

    def dispatch():
        # Debounce: wait a moment so that a burst of sign-offs is consumed by one run (the
        # later tasks of the burst find nothing pending and return at once).
        dispatch_recompute(round_id=round_id, countdown=getattr(settings, "RESULTS_RECOMPUTE_DELAY", 2))

    transaction.on_commit(dispatch)
    return req


def dispatch_recompute(*, round_id: int, countdown: float = 0) -> bool:
    """Send the recompute task; False when the broker is unreachable.

    Runs after the commit of the change that asked for it, so that change is already kept:
    a dead broker must not turn it into an error page. The RecomputeRequest row stays pending
    and `sweep_pending_recomputes` (Celery beat, and every worker at start-up) sends it later.
    """
    from .tasks import recompute_round

    try:
        recompute_round.apply_async((round_id,), countdown=countdown)
    except BROKER_ERRORS:
        logger.warning("Broker unreachable: recompute of round %s left pending for the sweep", round_id, exc_info=True)
        return False
    return True


def sweep_pending_recomputes(*, older_than: float | None = None) -> list[int]:
    """Dispatch a recompute for every round with a request pending for more than `older_than`
    seconds (RESULTS_RECOMPUTE_SWEEP_AGE by default); return those rounds' ids.

    A request younger than that is left alone: its own task is probably still on its way.
    Sending one task too many is harmless (a run that finds nothing pending does nothing).
    """
    if older_than is None:
        older_than = getattr(settings, "RESULTS_RECOMPUTE_SWEEP_AGE", 60)
    cutoff = timezone.now() - dt.timedelta(seconds=older_than)
    round_ids = sorted(
        set(
            RecomputeRequest.objects.filter(processed_at__isnull=True, requested_at__lte=cutoff).values_list(
                "round_id", flat=True
            )
        )
    )
    return [rid for rid in round_ids if dispatch_recompute(round_id=rid)]


# --- Recompute ------------------------------------------------------------------------------

# The entries as one JSON parameter, unpacked by PostgreSQL. `bulk_create` would adapt and
# quote every value of every row in Python (psycopg binds client-side): 20 ms of a 63-unit
# recompute, 3 s at 10,000 units, against 4 ms and 0.4 s for this. Keys of an entry that are
# not columns (unit_code) are ignored; missing ones (the merged units' points) are NULL.
_INSERT_ENTRIES_SQL = """
INSERT INTO results_snapshotentry (snapshot_id, unit_id, ranking_group, dti, dti_rank, rank_change,
    pillar_values, pillar_ranks, main_values, main_ranks, self_points, final_points)
SELECT %s, e.unit_id, e.ranking_group, e.dti, e.dti_rank, e.rank_change,
    e.pillar_values, e.pillar_ranks, e.main_values, e.main_ranks, e.self_points, e.final_points
FROM jsonb_to_recordset(%s::jsonb) AS e(unit_id bigint, ranking_group varchar, dti numeric, dti_rank integer,
    rank_change integer, pillar_values jsonb, pillar_ranks jsonb, main_values jsonb, main_ranks jsonb,
    self_points numeric, final_points numeric)
"""


def _insert_entries(snapshot: RankingSnapshot, entries: list[dict], entries_json: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_ENTRIES_SQL, [snapshot.pk, entries_json])
        return
    # SQLite (the demo): the ORM.
    SnapshotEntry.objects.bulk_create(
        [
            SnapshotEntry(
                snapshot=snapshot,
                unit_id=e["unit_id"],
                ranking_group=e["ranking_group"],
                dti=e["dti"],
                dti_rank=e["dti_rank"],
                rank_change=e["rank_change"],
                pillar_values=e["pillar_values"],
                pillar_ranks=e["pillar_ranks"],
                main_values=e["main_values"],
                main_ranks=e["main_ranks"],
                self_points=e.get("self_points"),
                final_points=e.get("final_points"),
            )
            for e in entries
        ]
    )


def _switch_current(rnd: Round, snapshot: RankingSnapshot) -> None:
    # Unset first: the partial unique index allows one current snapshot per round. The
    # duration is written with the switch (one statement less).
    RankingSnapshot.objects.filter(round=rnd, is_current=True).exclude(pk=snapshot.pk).update(is_current=False)
    RankingSnapshot.objects.filter(pk=snapshot.pk).update(is_current=True, duration_ms=snapshot.duration_ms)
    snapshot.is_current = True


def recompute_round(*, round_id: int) -> RankingSnapshot | None:
    """Recompute a round's rankings from final scores, if anyone asked for it.

    Debounced: the round row is locked, so concurrent runs queue behind each other, and each
    run consumes every pending request; a run that finds none does nothing. A burst of
    sign-offs therefore yields one computation (two if the burst straddles a run).
    Atomic: the new snapshot and the switch of `is_current` commit together; on any error
    nothing changes and the requests stay pending for the retry.
    Idempotent: the same final scores give the same entries (content hash); then the current
    snapshot is kept and the requests point at it.
    """
    started = time.monotonic()
    with transaction.atomic():
        # The round's row only: rounds sharing a framework recompute side by side.
        rnd = Round.objects.select_for_update(of=("self",)).select_related("framework").filter(pk=round_id).first()
        if rnd is None:  # deleted since the request: nothing to rank
            return None
        pending = list(
            RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).values_list("pk", flat=True)
        )
        if not pending:
            return None
        entries = engine.compute_round(rnd)
        entries_json = engine.entries_json(entries)
        digest = engine.content_hash(entries_json)
        current = RankingSnapshot.objects.filter(round=rnd, is_current=True).first()
        if current is not None and current.content_hash == digest:
            snapshot = current
        else:
            snapshot = RankingSnapshot.objects.create(
                round=rnd, content_hash=digest, unit_count=len(entries), is_current=False
            )
            _insert_entries(snapshot, entries, entries_json)
            # Time to compute and write, up to the switch.
            snapshot.duration_ms = int((time.monotonic() - started) * 1000)
            _switch_current(rnd, snapshot)
        RecomputeRequest.objects.filter(pk__in=pending).update(processed_at=timezone.now(), snapshot=snapshot)
    return snapshot


def pending_requests(round_id: int) -> int:
    return RecomputeRequest.objects.filter(round_id=round_id, processed_at__isnull=True).count()


# --- Publication ----------------------------------------------------------------------------


def _invalidate_public_cache() -> None:
    # Public pages cache by a version number: bumping it retires every cached table at once.
    try:
        cache.incr(PUBLIC_CACHE_VERSION_KEY)
    except ValueError:
        cache.set(PUBLIC_CACHE_VERSION_KEY, 1, None)


def _require_round_admin(actor, round_id: int) -> None:
    """The round's authority's admins only (issue 18); one query for the authority."""
    authority_id = Round.objects.filter(pk=round_id).values_list("authority_id", flat=True).first()
    if authority_id is None or not access.is_admin_of(actor, authority_id):
        raise PermissionDenied


def publish_round(*, round_id: int, actor, note: str = "", interface: str = Interface.WEB) -> Publication:
    """Publish the round's current snapshot as a new version; its submissions become published."""
    _require_round_admin(actor, round_id)
    note = (note or "").strip()
    if problem := text_problem(note):
        raise PublicationError(problem)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=round_id)
        if RecomputeRequest.objects.filter(round=rnd, processed_at__isnull=True).exists():
            raise PublicationError(_("Bảng xếp hạng đang được tính lại. Vui lòng chờ giây lát rồi công bố."))
        snapshot = RankingSnapshot.objects.filter(round=rnd, is_current=True).first()
        if snapshot is None or snapshot.unit_count == 0:
            raise PublicationError(_("Chưa có bảng xếp hạng nào được tính cho đợt này."))
        # Every unit settled: ranked with final points, or closed out as excluded (a unit that
        # never submitted is closed out on the round's page, assessments.services.close_out).
        unfinished = rnd.submissions.exclude(status__in=SETTLED).count()
        if unfinished:
            raise PublicationError(
                _(
                    "Còn %(n)d hồ sơ chưa được ký duyệt hoặc khép lại; chỉ công bố khi mọi hồ sơ đã được ký duyệt, "
                    "hoặc đã khép lại nếu đơn vị không nộp."
                ) % {"n": unfinished}
            )
        active = Publication.objects.filter(round=rnd, is_active=True).first()
        if active is not None:
            if active.snapshot_id == snapshot.pk:
                raise PublicationError(_("Kết quả này đã được công bố; không có thay đổi nào kể từ lần công bố trước."))
            if not note:
                raise PublicationError(_("Công bố lại cần ghi chú nội dung điều chỉnh."))
            Publication.objects.filter(pk=active.pk).update(is_active=False)
        last = Publication.objects.filter(round=rnd).order_by("-version").values_list("version", flat=True).first()
        publication = Publication.objects.create(
            round=rnd, version=(last or 0) + 1, snapshot=snapshot, published_by=actor, note=note
        )
        for submission in rnd.submissions.filter(status=SubmissionStatus.SIGNED_OFF).select_related("unit"):
            transition(submission, Action.PUBLISH, actor=actor, reason=note, interface=interface)
        audit.record(
            action="results.publish",
            actor=actor,
            target=publication,
            old={"version": active.version} if active else None,
            new={"version": publication.version, "snapshot": snapshot.pk},
            note=note,
            interface=interface,
        )
        transaction.on_commit(_invalidate_public_cache)
    return publication


def unpublish_round(*, round_id: int, actor, reason: str, interface: str = Interface.WEB) -> Publication:
    """Withdraw the round's published version; a reason is required."""
    _require_round_admin(actor, round_id)
    reason = (reason or "").strip()
    if not reason:
        raise PublicationError(_("Vui lòng nêu lý do hủy công bố."))
    if problem := text_problem(reason):
        raise PublicationError(problem)
    with transaction.atomic():
        rnd = Round.objects.select_for_update().get(pk=round_id)
        publication = Publication.objects.filter(round=rnd, is_active=True).first()
        if publication is None:
            raise PublicationError(_("Đợt đánh giá này chưa được công bố."))
        publication.is_active = False
        publication.unpublished_at = timezone.now()
        publication.unpublished_by = actor
        publication.unpublish_reason = reason
        publication.save(update_fields=["is_active", "unpublished_at", "unpublished_by", "unpublish_reason"])
        for submission in rnd.submissions.filter(status=SubmissionStatus.PUBLISHED).select_related("unit"):
            transition(submission, Action.UNPUBLISH, actor=actor, reason=reason, interface=interface)
        audit.record(
            action="results.unpublish",
            actor=actor,
            target=publication,
            old={"version": publication.version, "active": True},
            new={"active": False},
            note=reason,
            interface=interface,
        )
        transaction.on_commit(_invalidate_public_cache)
    return publication


def recompute_now(*, round_id: int, actor, interface: str = Interface.WEB) -> RecomputeRequest:
    """An admin asks for a recompute (e.g. after a correction made outside the portal)."""
    _require_round_admin(actor, round_id)
    with transaction.atomic():
        rnd = Round.objects.get(pk=round_id)
        req = request_recompute(round_id=rnd.pk, reason=_("Quản trị viên yêu cầu tính lại"))
        audit.record(action="results.recompute_requested", actor=actor, target=rnd, interface=interface)
    return req

