"""The save's two writes in hand-written SQL: why, and what proves it equals the ORM.

Why: for a main index of 22 rows, Django compiled an OR of 22 (pk, version) filters for the
lock and a CASE/WHEN per row and column for the UPDATE, which cost more CPU than all the rest
of the save — 41 → 14 ms of CPU in the service (bench/NOTES.md, "The save's writes").
The values still go through the model fields (`get_db_prep_save`), so what is stored is what
the ORM would store, on PostgreSQL and on SQLite.

Proof: tests/assessments/test_save_queries.py saves through the page and reads the rows back
through the ORM (points, inputs, version, time, author, audit rows; blank rows; more rows than
SQLite takes parameters), and asserts the statement count does not grow with the rows.
"""

from __future__ import annotations

from django.db import connections, router
from django.utils import timezone

from accounts import audit

from ..models import IndicatorValue
from .errors import StaleSave


def current_rows(pks: list[int]) -> dict[int, IndicatorValue]:
    """The rows as they are now, with who saved them: what a conflict shows beside the inputs."""
    return IndicatorValue.objects.select_related("indicator", "updated_by").in_bulk(pks) if pks else {}


def write_changes(*, actor, unit, changes: list, interface: str) -> None:
    """Write the changed rows (value, scored row) and their audit rows in three statements,
    whatever their number.

    Compare-and-set on the version each row was read at: the rows that still have it are
    locked (FOR UPDATE), so none can move before COMMIT; a row missing from the lock was saved
    by someone else after our read, and the whole save rolls back (StaleSave).
    """
    db = connections[router.db_for_write(IndicatorValue)]  # the connection itself: the proxy costs per call
    table = IndicatorValue._meta.db_table
    field = IndicatorValue._meta.get_field
    pairs = ", ".join(["(%s, %s)"] * len(changes))
    # No join (the model's ordering joins the indicator): only the value rows are locked.
    for_update = " FOR UPDATE" if db.features.has_select_for_update else ""
    with db.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {table} WHERE (id, version) IN (VALUES {pairs}){for_update}",
            [param for value, _ in changes for param in (value.pk, value.version)],
        )
        locked = {pk for (pk,) in cursor.fetchall()}
        moved = [value.pk for value, _ in changes if value.pk not in locked]
        if moved:
            raise StaleSave(current_rows(moved))
        # One UPDATE: the same version step, time and author for every row, inputs and points by
        # id. A changed figure is the saver's own: a contributor's name no longer stands on it
        # (accepting a hand-in sets it again after this save). The casts type the VALUES columns (a column of only NULL points would be text), and
        # the WITH form, rather than `(VALUES …) AS new(…)`, is one SQLite reads too.
        inputs, points = field("inputs"), field("self_points")
        rows = ", ".join([f"(%s, CAST(%s AS {inputs.db_type(db)}), CAST(%s AS {points.db_type(db)}))"] * len(changes))
        params = [
            param
            for value, scored in changes
            for param in (value.pk, inputs.get_db_prep_save(scored.inputs, db), points.get_db_prep_save(scored.points, db))
        ]
        cursor.execute(
            f"WITH new (id, inputs, self_points) AS (VALUES {rows}) "
            f"UPDATE {table} SET inputs = new.inputs, self_points = new.self_points, version = {table}.version + 1, "
            f"updated_at = %s, updated_by_id = %s, contributed_by_id = NULL FROM new WHERE {table}.id = new.id",
            [*params, field("updated_at").get_db_prep_save(timezone.now(), db), actor.pk],
        )
    audit.record_many(
        {
            "action": "value.update",
            "actor": actor,
            "target": value,
            "unit": unit,
            "old": {"inputs": value.inputs, "self_points": value.self_points},
            "new": {"inputs": scored.inputs, "self_points": scored.points},
            "interface": interface,
        }
        for value, scored in changes
    )
