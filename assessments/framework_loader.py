"""Frameworks between files and the database.

`framework_files` parses and validates a file (pure); this module writes a valid spec into
the database in one transaction, reads one back as a spec for export, and builds the scoring
engine's structure from database rows.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import Interface

from . import scoring
from .framework_files import (
    FrameworkSpec,
    GeneralInfoSpec,
    GroupSpec,
    IndicatorSpec,
    MainIndexSpec,
    PillarSpec,
    dump_framework,
    parse_framework,
    read_path,
)
from .models import Framework, FrameworkSource, GeneralInfoItem, IndexGroup, Indicator, MainIndex, Pillar
from .scoring import validation


class FrameworkInUse(Exception):
    """The framework is already used by a round: it cannot be changed in place."""


def _is_file(text: str) -> bool:
    try:
        return "\n" not in text and Path(text).is_file()
    except OSError:  # a long one-line text is not a path: "file name too long"
        return False


def _read(source: str | os.PathLike[str]) -> str:
    if isinstance(source, os.PathLike) or _is_file(source):
        return read_path(source)  # bounded: at most framework_files.MAX_BYTES are read
    return str(source)


def load_framework_file(
    source: str | os.PathLike[str], *, actor=None, interface: str = Interface.SYSTEM, authority=None
) -> tuple[Framework, bool]:
    """Validate and load a framework file; returns (framework, changed). The framework is
    `authority`'s (an accounts.Authority; the national one when None, issue 18).

    Loading the same file again changes nothing. A different file with the code of an
    existing framework replaces it, unless a round already uses it (FrameworkInUse).
    A malformed file raises framework_files.FrameworkFileError and changes nothing.
    """
    text = _read(source)
    spec = parse_framework(text)
    with transaction.atomic():
        existing = Framework.objects.select_for_update().filter(code=spec.code).first()
        if existing is not None:
            if existing.source_text == text and (authority is None or existing.authority_id == authority.pk):
                return existing, False
            if existing.rounds.exists():
                raise FrameworkInUse(
                    _("Bộ chỉ số “%(code)s” đã được dùng cho đợt đánh giá nên không thể thay đổi; hãy nạp với mã mới.")
                    % {"code": spec.code}
                )
            existing.delete()
        framework = _create(spec, text, authority=authority)
        audit.record(
            action="framework.replace" if existing else "framework.load",
            actor=actor,
            target=framework,
            new={"code": spec.code, "decision": spec.decision, "indicators": framework.indicators.count()},
            interface=interface,
        )
    return framework, True


def _create(spec: FrameworkSpec, text: str, *, authority=None) -> Framework:
    framework = Framework.objects.create(
        **({"authority": authority} if authority is not None else {}),
        code=spec.code,
        decision=spec.decision,
        decision_date=spec.decision_date,
        title_vi=spec.title_vi,
        title_en=spec.title_en,
        level=spec.level,
        years=list(spec.years),
        aggregation=spec.aggregation,
        total_points=spec.total_points,
        illustrative=spec.illustrative,
        note_vi=spec.note_vi,
        validation_rules=[validation.rule_to_json(r) for r in spec.validation_rules],
    )
    FrameworkSource.objects.create(framework=framework, text=text)
    pillars = {
        p.code: Pillar.objects.create(
            framework=framework, code=p.code, name_vi=p.name_vi, name_en=p.name_en, weight=p.weight, order=i
        )
        for i, p in enumerate(spec.pillars)
    }
    GeneralInfoItem.objects.bulk_create(
        GeneralInfoItem(
            framework=framework, code=g.code, name_vi=g.name_vi, name_en=g.name_en, unit_vi=g.unit_vi, kind=g.kind, order=i
        )
        for i, g in enumerate(spec.general_information)
    )
    main_order = indicator_order = 0
    indicators = []
    for group_order, g in enumerate(spec.groups):
        group = IndexGroup.objects.create(
            framework=framework, code=g.code, name_vi=g.name_vi, name_en=g.name_en, order=group_order
        )
        for m in g.main_indices:
            main_order += 1
            main = MainIndex.objects.create(
                framework=framework,
                group=group,
                code=m.code,
                number=m.number,
                name_vi=m.name_vi,
                name_en=m.name_en,
                max_points=m.max_points,
                order=main_order,
            )
            main.pillars.set([pillars[c] for c in m.pillars])
            for ind in m.indicators:
                indicator_order += 1
                indicators.append(
                    Indicator(
                        framework=framework,
                        main_index=main,
                        code=ind.code,
                        name_vi=ind.name_vi,
                        name_en=ind.name_en,
                        max_points=ind.max_points,
                        rule_type=ind.rule.type,
                        rule_params=scoring.params_to_json(ind.rule.params),
                        evidence=ind.evidence,
                        evidence_vi=ind.evidence_vi,
                        guidance_vi=ind.guidance_vi,
                        automatic=ind.automatic,
                        source_vi=ind.source_vi,
                        order=indicator_order,
                    )
                )
    Indicator.objects.bulk_create(indicators)
    return framework


def framework_spec(framework: Framework) -> FrameworkSpec:
    """The database rows of a framework as a spec (for export)."""
    main_by_group: dict[int, list[MainIndexSpec]] = {}
    indicators_by_main: dict[int, list[IndicatorSpec]] = {}
    for ind in framework.indicators.order_by("order"):
        indicators_by_main.setdefault(ind.main_index_id, []).append(
            IndicatorSpec(
                code=ind.code,
                name_vi=ind.name_vi,
                name_en=ind.name_en,
                max_points=ind.max_points,
                rule=scoring.Rule(type=ind.rule_type, params=scoring.normalize_params(ind.rule_type, ind.rule_params)),
                evidence=ind.evidence,
                evidence_vi=ind.evidence_vi,
                guidance_vi=ind.guidance_vi,
                automatic=ind.automatic,
                source_vi=ind.source_vi,
            )
        )
    for m in framework.main_indices.prefetch_related("pillars").order_by("order"):
        main_by_group.setdefault(m.group_id, []).append(
            MainIndexSpec(
                code=m.code,
                number=m.number,
                name_vi=m.name_vi,
                name_en=m.name_en,
                max_points=m.max_points,
                pillars=tuple(p.code for p in sorted(m.pillars.all(), key=lambda p: p.order)),
                indicators=tuple(indicators_by_main.get(m.pk, ())),
            )
        )
    return FrameworkSpec(
        code=framework.code,
        decision=framework.decision,
        decision_date=framework.decision_date,
        title_vi=framework.title_vi,
        title_en=framework.title_en,
        level=framework.level,
        years=tuple(framework.years),
        aggregation=framework.aggregation,
        total_points=framework.total_points,
        illustrative=framework.illustrative,
        note_vi=framework.note_vi,
        pillars=tuple(
            PillarSpec(code=p.code, name_vi=p.name_vi, name_en=p.name_en, weight=p.weight)
            for p in framework.pillars.order_by("order")
        ),
        general_information=tuple(
            GeneralInfoSpec(code=g.code, name_vi=g.name_vi, name_en=g.name_en, unit_vi=g.unit_vi, kind=g.kind)
            for g in framework.general_info_items.order_by("order")
        ),
        groups=tuple(
            GroupSpec(code=g.code, name_vi=g.name_vi, name_en=g.name_en, main_indices=tuple(main_by_group.get(g.pk, ())))
            for g in framework.groups.order_by("order")
        ),
        validation_rules=tuple(validation.rule_from_json(r) for r in framework.validation_rules or ()),
    )


def export_framework(framework: Framework) -> str:
    return dump_framework(framework_spec(framework))


def engine_structure(framework: Framework) -> scoring.FrameworkStructure:
    """THE scoring engine's structure of a framework, from its database rows (two queries,
    plain rows: every recompute asks for it). The ranking, the reviewer's score summary and
    the province's overview all aggregate with it, so their DTI follow one formula."""
    mains: dict[tuple[int, str, Decimal], list[str]] = {}
    rows = (
        MainIndex.objects.filter(framework=framework)
        .order_by("order", "pk", "pillars__order")
        .values_list("pk", "code", "max_points", "pillars__code")
    )
    for pk, code, max_points, pillar in rows:  # one row per main index and pillar tag
        tags = mains.setdefault((pk, code, max_points), [])
        if pillar is not None:
            tags.append(pillar)
    return scoring.build_structure(
        aggregation=framework.aggregation,
        total_points=framework.total_points,
        main_indices=[(code, max_points, tags) for (_pk, code, max_points), tags in mains.items()],
        pillars=framework.pillars.order_by("order").values_list("code", "weight"),
    )
