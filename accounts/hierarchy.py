"""Units form a tree: a province's departments and communes under the province, a ministry's
departments under the ministry. The rules of who may sit under whom, and the tree's reads.

The tree is read with django-tree-queries (one recursive CTE per question, on PostgreSQL and
SQLite alike; no columns to keep in sync). Validity dates are the lineage's (`valid_from`,
`valid_to`): a unit lives within its parent's life.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from core import formatting

from .models import Role, Unit, UnitKind

K = UnitKind
# The assessed units: the roots of the tree, each with a ranking group.
TOP_LEVEL_KINDS = frozenset({K.PROVINCE, K.CITY, K.MINISTRY})
PROVINCES = frozenset({K.PROVINCE, K.CITY})
# Each kind below the top → the kinds its parent may be.
PARENT_KINDS: dict[str, frozenset[str]] = {
    K.DEPARTMENT: PROVINCES,
    K.DISTRICT: PROVINCES,
    # Before 1 July 2025 a commune sat in a district; since then directly in the province.
    K.COMMUNE: PROVINCES | {K.DISTRICT},
    K.MINISTRY_DEPARTMENT: frozenset({K.MINISTRY}),
}
SUB_UNIT_KINDS = frozenset(PARENT_KINDS)


def kinds_under(kind: str) -> frozenset[str]:
    """The kinds that may sit directly under a unit of `kind`."""
    return frozenset(child for child, parents in PARENT_KINDS.items() if kind in parents)


def _label(kind: str) -> str:
    """A kind's name inside a sentence: "tỉnh", "sở, ban, ngành"."""
    text = str(K(kind).label) if kind in K.values else kind
    return text[:1].lower() + text[1:]


def _either(kinds) -> str:
    return _(" hoặc ").join(_label(k) for k in K.values if k in kinds)


def unit_errors(unit: Unit) -> dict[str, list[str]]:
    """What is wrong with `unit`'s place in the tree, by field (empty when nothing is).

    Reads the parent (when set) and, for a stored unit, its ancestors and children: a handful of
    queries, for the admin's form and the services, never in a loop over many units."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        add("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
    parent = unit.parent if unit.parent_id else None
    if parent is not None and unit.pk is not None and _is_ancestor_or_self(unit, parent):
        add("parent", _("Một đơn vị không thể trực thuộc chính nó hay một đơn vị trực thuộc nó."))
    top = unit.kind in TOP_LEVEL_KINDS
    if top and parent is not None:
        add("parent", _("Đơn vị loại “%(kind)s” không trực thuộc đơn vị nào: hãy bỏ trống đơn vị cấp trên.") % {"kind": _label(unit.kind)})
    if unit.kind in SUB_UNIT_KINDS:
        allowed = PARENT_KINDS[unit.kind]
        if parent is None:
            add("parent", _("Đơn vị loại “%(kind)s” phải trực thuộc một %(allowed)s.") % {"kind": _label(unit.kind), "allowed": _either(allowed)})
        elif parent.kind not in allowed:
            add("parent", _("“%(parent)s” là %(parent_kind)s: đơn vị loại “%(kind)s” phải trực thuộc một %(allowed)s.") % {
                "parent": parent.name, "parent_kind": _label(parent.kind), "kind": _label(unit.kind), "allowed": _either(allowed)
            })
        if unit.ranking_group:
            add("ranking_group", _("Đơn vị trực thuộc không được xếp hạng: hãy bỏ trống nhóm xếp hạng."))
    elif top and not unit.ranking_group:
        add("ranking_group", _("Tỉnh, thành phố và bộ, ngành được đánh giá cần có nhóm xếp hạng."))
    if parent is not None:
        _within_parent(unit, parent, add)
    if unit.pk is not None:
        _children_fit(unit, add)
    return errors


def _is_ancestor_or_self(unit: Unit, parent: Unit) -> bool:
    if parent.pk == unit.pk:
        return True
    return Unit.objects.ancestors(parent, include_self=True).filter(pk=unit.pk).exists()


def _within_parent(unit: Unit, parent: Unit, add) -> None:
    if parent.valid_from and (unit.valid_from is None or unit.valid_from < parent.valid_from):
        add("valid_from", _("“%(parent)s” có hiệu lực từ %(date)s: đơn vị trực thuộc không thể có hiệu lực sớm hơn.") % {
            "parent": parent.name, "date": formatting.date(parent.valid_from)
        })
    if parent.valid_to and (unit.valid_to is None or unit.valid_to > parent.valid_to):
        add("valid_to", _("“%(parent)s” hết hiệu lực ngày %(date)s: đơn vị trực thuộc không thể còn hiệu lực sau ngày đó.") % {
            "parent": parent.name, "date": formatting.date(parent.valid_to)
        })


def _children_fit(unit: Unit, add) -> None:
    """A stored unit's new kind and dates must still hold the units under it."""
    children = Unit.objects.filter(parent_id=unit.pk).order_by("name")
    misplaced = children.exclude(kind__in=kinds_under(unit.kind)).first()
    if misplaced is not None:
        add("kind", _("“%(child)s” (%(child_kind)s) trực thuộc đơn vị này và không thể trực thuộc một %(kind)s.") % {
            "child": misplaced.name, "child_kind": _label(misplaced.kind), "kind": _label(unit.kind)
        })
    early = Q(valid_from__isnull=True) | Q(valid_from__lt=unit.valid_from) if unit.valid_from else None
    late = Q(valid_to__isnull=True) | Q(valid_to__gt=unit.valid_to) if unit.valid_to else None
    for field, outside in (("valid_from", early), ("valid_to", late)):
        if outside is not None and (child := children.filter(outside).first()) is not None:
            add(field, _(
                "“%(child)s” trực thuộc đơn vị này có hiệu lực ngoài khoảng thời gian mới: sửa đơn vị trực thuộc trước."
            ) % {"child": child.name})


def role_unit_errors(*, role: str, unit: Unit | None) -> dict[str, list[str]]:
    """Whether a person of `role` may belong to `unit` (the admin's user form, the seeds)."""
    if role == Role.CONTRIBUTOR and (unit is None or unit.kind not in SUB_UNIT_KINDS):
        return {"unit": [_("Cán bộ đơn vị đóng góp số liệu phải thuộc một đơn vị trực thuộc tỉnh hoặc bộ (sở, ban, ngành, xã, phường…).")]}
    if role == Role.PROVINCE_LEADER and (unit is None or unit.kind not in PROVINCES):
        return {"unit": [_("Lãnh đạo tỉnh phải thuộc một tỉnh hoặc thành phố trực thuộc Trung ương.")]}
    if role == Role.OFFICER and unit is not None and unit.kind not in TOP_LEVEL_KINDS:
        return {"unit": [_(
            "Cán bộ tỉnh thuộc một tỉnh, thành phố hoặc bộ, ngành; tài khoản của một đơn vị trực thuộc có vai trò "
            "“Cán bộ đơn vị đóng góp số liệu”."
        )]}
    return {}


# --- Reads ----------------------------------------------------------------------------------


def is_within(unit_or_id, ancestor_or_id) -> bool:
    """Whether the unit sits (at any depth) under the ancestor; a unit is not within itself."""
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    ancestor_id = getattr(ancestor_or_id, "pk", ancestor_or_id)
    if unit_id is None or ancestor_id is None or unit_id == ancestor_id:
        return False
    return Unit.objects.descendants(ancestor_id).filter(pk=unit_id).exists()


def root_of(unit: Unit) -> Unit:
    """The province or ministry a unit belongs to (the unit itself at the top)."""
    if unit.parent_id is None:
        return unit
    return Unit.objects.ancestors(unit).order_by("tree_depth").first()


def subtree(root: Unit) -> list[Unit]:
    """The units under `root`, depth first (siblings by name), each with its `tree_depth`
    (1 for the root's children): one query."""
    return list(Unit.objects.descendants(root).order_siblings_by("name"))
