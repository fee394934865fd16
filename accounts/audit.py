"""One way to write the audit trail. Services call `record` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone

from .models import AuditEntry, Interface


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _columns(
    *,
    action: str,
    actor=None,
    target=None,
    unit=None,
    old: Any = None,
    new: Any = None,
    note: str = "",
    interface: str = Interface.WEB,
) -> dict[str, Any]:
    """The row's columns (by attribute name) from the keyword arguments of `record`."""
    return {
        "created_at": timezone.now(),
        "actor_id": actor.pk if getattr(actor, "is_authenticated", False) else None,
        "interface": interface,
        "action": action,
        "unit_id": unit.pk if unit is not None else None,
        "target_type_id": ContentType.objects.get_for_model(target).pk if target is not None else None,
        "target_id": str(target.pk) if target is not None else "",
        "old": _jsonable(old),
        "new": _jsonable(new),
        "note": note,
    }


def record(
    *,
    action: str,
    actor=None,
    target=None,
    unit=None,
    old: Any = None,
    new: Any = None,
    note: str = "",
    interface: str = Interface.WEB,
) -> AuditEntry:
    entry = AuditEntry(
        **_columns(action=action, actor=actor, target=target, unit=unit, old=old, new=new, note=note, interface=interface)
    )
    entry.save(force_insert=True)
    return entry


def record_many(entries: Iterable[Mapping[str, Any]]) -> int:
    """Several audit rows in one INSERT; each mapping takes the keyword arguments of `record`.

    Plain SQL rather than bulk_create: a save writes one row per changed value, and building a
    model instance per row and compiling the INSERT cost more than the INSERT itself. Each value
    goes through its model field (`get_db_prep_save`), so the rows are the ones `record` writes.
    Returns the number of rows written.
    """
    rows = [_columns(**fields) for fields in entries]
    if not rows:
        return 0
    db = connections[router.db_for_write(AuditEntry)]  # the connection itself: the proxy costs per call
    fields = [AuditEntry._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(db.ops.quote_name(field.column) for field in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    # SQLite takes at most 999 parameters per statement (PostgreSQL has no such limit).
    batch = (db.features.max_query_params or 65_535) // len(fields)
    with db.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            cursor.execute(
                f"INSERT INTO {AuditEntry._meta.db_table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}",
                [field.get_db_prep_save(row[field.attname], db) for row in chunk for field in fields],
            )
    return len(rows)


def history_for(target):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
