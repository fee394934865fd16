"""Writes to accounts: loading units, their lineage and their tree; deactivating accounts."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Interface, RankingGroup, Unit, UnitKind, UnitLineage

MERGER_DATE = dt.date(2025, 7, 1)
BEFORE_MERGER = MERGER_DATE - dt.timedelta(days=1)


def merged_unit_code(gso_code: str) -> str:
    """The 34 units in force from 1 July 2025 carry the year in their code."""
    return f"2025-{gso_code}"


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_units(*, provinces_csv: Path, merger_csv: Path, ministries_csv: Path | None = None) -> dict:
    """Create or update the 63 provinces, the 34 merged ones with their lineage, and ministries.

    Idempotent: running it again changes nothing that is already right.
    """
    old = {}
    for row in _read(provinces_csv):
        unit, _ = Unit.objects.update_or_create(
            code=row["gso_code"],
            defaults={
                "gso_code": row["gso_code"],
                "name": row["name"],
                "kind": row["kind"],
                "region": row["region"],
                "ranking_group": RankingGroup.PROVINCES_63,
                "valid_to": BEFORE_MERGER,
            },
        )
        old[unit.gso_code] = unit

    new_count = 0
    for row in _read(merger_csv):
        predecessor_codes = row["predecessor_gso_codes"].split()
        missing = [c for c in predecessor_codes if c not in old]
        if missing:
            raise ValueError(f"{row['new_unit']}: không tìm thấy đơn vị tiền thân {', '.join(missing)}")
        main = old[predecessor_codes[0]]
        unit, _ = Unit.objects.update_or_create(
            code=merged_unit_code(main.gso_code),
            defaults={
                "gso_code": main.gso_code,
                "name": row["new_unit"],
                "kind": row["kind"],
                "region": main.region,
                "ranking_group": RankingGroup.PROVINCES_34,
                "valid_from": MERGER_DATE,
            },
        )
        for code in predecessor_codes:
            UnitLineage.objects.get_or_create(
                successor=unit, predecessor=old[code], defaults={"effective_date": MERGER_DATE}
            )
        new_count += 1

    ministry_count = 0
    if ministries_csv:
        for row in _read(ministries_csv):
            Unit.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "kind": UnitKind.MINISTRY,
                    "ranking_group": RankingGroup.MINISTRIES_SERVICE
                    if row["provides_public_services"] == "1"
                    else RankingGroup.MINISTRIES_OTHER,
                },
            )
            ministry_count += 1
    return {"provinces_63": len(old), "provinces_34": new_count, "ministries": ministry_count}


def find_unit(*, code_or_name: str, ranking_group: str | None = None) -> Unit | None:
    """A unit by code, GSO code or name (within a ranking group when names repeat across sets)."""
    qs = Unit.objects.all()
    if ranking_group:
        qs = qs.filter(ranking_group=ranking_group)
    value = (code_or_name or "").strip()
    if not value:
        return None
    return (
        qs.filter(code=value).first()
        or qs.filter(gso_code=value).first()
        or qs.filter(name__iexact=value).first()
    )


# --- The units under a province or ministry --------------------------------------------------


def add_units(*, parent: Unit, units: list[dict], actor=None, interface: str = Interface.IMPORT) -> list[Unit]:
    """Create units under `parent` (departments, communes…), each dict a Unit's fields; the
    codes already stored are left as they are. All or nothing: any invalid unit refuses the
    whole list with a Vietnamese message per unit (accounts.hierarchy's rules, the fields' own).

    One INSERT for the units and one for their audit rows, whatever their number: the parent
    is read once and each unit is checked in memory (a new unit has no children or ancestors
    of its own to read)."""
    from django.core.exceptions import ValidationError

    from . import audit
    from .hierarchy import unit_errors

    codes = [str(u.get("code", "")) for u in units]
    stored = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
    new, problems, seen = [], [], set()
    for fields in units:
        unit = Unit(parent=parent, **fields)
        if unit.code in stored:
            continue
        errors: dict[str, list[str]] = {}
        try:
            unit.clean_fields(exclude=["parent"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
        for field, messages in unit_errors(unit).items():
            errors.setdefault(field, []).extend(messages)
        if unit.code in seen:
            errors.setdefault("code", []).append(_("Mã đơn vị xuất hiện hai lần."))
        seen.add(unit.code)
        problems += [f"{unit.name or unit.code}: {m}" for ms in errors.values() for m in ms]
        new.append(unit)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        created = Unit.objects.bulk_create(new)
        names = ["code", "name", "kind", "parent_id", "valid_from", "valid_to", "illustrative"]
        audit.record_many(
            dict(action="accounts.add_unit", actor=actor, target=u, unit=u, new={n: getattr(u, n) for n in names}, interface=interface)
            for u in created
        )
    return created


# --- Deactivation ---------------------------------------------------------------------------


class AccountError(Exception):
    """The account action is not possible; the message is for the user."""


def end_sessions(*, user) -> int:
    """Delete every session signed in as `user`; return how many.

    Sessions live in the database (the default engine); a session's user is only in its
    encoded data, so the unexpired ones are decoded one by one (an admin action, rare).
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    ended = [
        s.pk
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(s.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def deactivate_user(*, user, actor, reason: str = "", interface: str = Interface.ADMIN) -> int:
    """Deactivate an account and sign it out everywhere at once; return the sessions ended.

    Deactivation alone already refuses the next request (an inactive user is never loaded
    from a session); ending the sessions makes that explicit and frees them.
    """
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _
    from rest_framework.authtoken.models import Token

    from . import access, audit

    if not access.is_admin(actor):
        raise PermissionDenied
    if user.pk == actor.pk:
        raise AccountError(_("Không thể tự vô hiệu hóa tài khoản của chính mình."))
    with transaction.atomic():
        was_active = type(user).objects.filter(pk=user.pk, is_active=True).update(is_active=False) == 1
        ended = end_sessions(user=user)
        Token.objects.filter(user=user).delete()  # API tokens end with the account too
        audit.record(
            action="accounts.deactivate",
            actor=actor,
            target=user,
            unit=user.unit,
            old={"is_active": was_active},
            new={"is_active": False, "sessions_ended": ended},
            note=reason,
            interface=interface,
        )
    user.is_active = False
    return ended
