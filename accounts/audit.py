"""One way to write the audit trail. Services call `record` inside their transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType

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


def _entry(
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
    return AuditEntry(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        unit=unit,
        old=_jsonable(old),
        new=_jsonable(new),
        note=note,
        interface=interface,
    )


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
    entry = _entry(action=action, actor=actor, target=target, unit=unit, old=old, new=new, note=note, interface=interface)
    entry.save(force_insert=True)
    return entry


def record_many(entries: Iterable[Mapping[str, Any]]) -> list[AuditEntry]:
    """Several audit rows in one INSERT; each mapping takes the keyword arguments of `record`."""
    return AuditEntry.objects.bulk_create([_entry(**fields) for fields in entries])


def history_for(target):
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")
