"""The appraisal page shows every input of every indicator of the seeded frameworks.

Each seeded framework file is loaded through the loader, one unit reports plausible figures
for every indicator (the rule entries' sample inputs, scored as the officer's save scores
them), automatic indicators receive a measurement, and a reviewer opens every main index:
each input's value is on its indicator's card, a denominator taken from general information
with its source, and no "—" stands where a value exists. One test per file keeps each batch
short."""

from __future__ import annotations

import html
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from assessments import scoring, services
from assessments.framework_loader import load_framework_file
from assessments.models import GeneralInfoValue, IndicatorValue
from core import formatting
from tests import factories
from tests.review.conftest import send

pytestmark = pytest.mark.django_db

FRAMEWORKS = sorted((Path(settings.BASE_DIR) / "seeds" / "frameworks").glob("*.yaml"))
PLATFORM = "Nền tảng đo lường chuyển đổi số quốc gia"


def _report_everything(framework):
    unit = factories.UnitFactory(code="W01", name="Tỉnh Thử")
    rnd = factories.make_round(framework=framework, units=[unit], year=framework.years[0])
    sub = rnd.submissions.get()
    gi_rows = list(GeneralInfoValue.objects.filter(submission=sub).select_related("item").order_by("item__order"))
    for i, gv in enumerate(gi_rows):
        gv.value = Decimal(123_400 + 1_000 * i)  # a figure of its own per item: the page must show the right one
    GeneralInfoValue.objects.bulk_update(gi_rows, ["value"])
    gi = {gv.item.code: gv.value for gv in gi_rows}
    values = list(IndicatorValue.objects.filter(submission=sub).select_related("indicator"))
    for v in values:
        ind = v.indicator
        raw = scoring.entry(ind.rule_type).sample_inputs(
            ind.rule_params or {}, strength=0.7, good=False, rng=random.Random(ind.code),
            general_information={code: int(x) for code, x in gi.items()},  # as the demo seeds pass them
        )
        scored = services.score_inputs(ind, raw, gi)
        assert not scored.errors, (ind.code, raw, scored.errors)
        v.inputs, v.self_points = scored.inputs, scored.points
        if ind.automatic:
            v.source, v.measured_at = PLATFORM, factories.aware(2025, 3, 1, 9, 30)
    IndicatorValue.objects.bulk_update(values, ["inputs", "self_points", "source", "measured_at"])
    officer = factories.UserFactory(username="officer_w01", role=Role.OFFICER, unit=unit)
    return send(sub, officer), {gv.item.code: gv.item.name_vi for gv in gi_rows}, gi


def _expected(indicator, inputs, names, gi) -> list[str]:
    """What the card must show for this indicator's inputs, worded independently of the page."""
    params = indicator.rule_params or {}
    shown = []
    for raw in inputs.values():
        if indicator.rule_type == scoring.RULE_TIERED:
            shown.append(next(o["label_vi"] for o in params["options"] if str(o["code"]) == raw))
        elif isinstance(raw, bool):
            shown.append("Có" if raw else "Không")
        else:
            shown.append(formatting.reported(raw))
    source = scoring.entry(indicator.rule_type).general_info_source(params)
    if source:
        shown.append(formatting.reported(gi[source]))
        shown.append(f"Thông tin chung: {names[source]} ({source})")
    return shown


def _card(page: str, value_pk: int) -> str:
    match = re.search(rf'<section[^>]*id="ind-{value_pk}".*?</section>', page, re.S)
    assert match, f"no card for value {value_pk}"
    return match.group(0)


def _reported(card: str) -> list[str]:
    """The texts of the card's reported inputs (the <dd> of its list), unescaped."""
    dl = re.search(r'<dl class="row small mb-2">(.*?)</dl>', card, re.S)
    assert dl, "the card lists no reported input"
    return [html.unescape(t).strip() for t in re.findall(r"<dd[^>]*>(.*?)</dd>", dl.group(1), re.S)]


@pytest.mark.parametrize("path", FRAMEWORKS, ids=[p.stem for p in FRAMEWORKS])
def test_every_input_of_every_indicator_is_on_the_appraisal_page(path, reviewer_client):
    framework, _changed = load_framework_file(path)
    sub, names, gi = _report_everything(framework)
    values = list(IndicatorValue.objects.filter(submission=sub).select_related("indicator__main_index"))
    by_main: dict = {}
    for v in values:
        by_main.setdefault(v.indicator.main_index, []).append(v)
    assert len(values) == framework.indicators.count() > 0
    for main, main_values in by_main.items():
        r = reviewer_client.get(f"/tham-dinh/ho-so/{sub.pk}/chi-so-chinh/{main.pk}/")
        assert r.status_code == 200
        page = r.content.decode()
        for v in main_values:
            card = _card(page, v.pk)
            reported = _reported(card)
            joined = " | ".join(reported)
            for text in _expected(v.indicator, v.inputs, names, gi):
                assert text in joined, (v.indicator.code, text, reported)
            assert not any(t.startswith("—") for t in reported), (v.indicator.code, reported)
            if v.indicator.automatic:
                assert f"Nguồn: {PLATFORM}, đo lúc 09:30 01/03/2025" in html.unescape(card), v.indicator.code


def test_the_walk_covers_general_information_denominators_and_automatic_values():
    # The walk above proves something only if the seeded files hold both kinds of derived input.
    from assessments.framework_files import parse_framework

    derived = automatic = 0
    for path in FRAMEWORKS:
        spec = parse_framework(path.read_text(encoding="utf-8"))
        for group in spec.groups:
            for main in group.main_indices:
                for ind in main.indicators:
                    derived += bool(scoring.entry(ind.rule.type).general_info_source(ind.rule.params))
                    automatic += bool(ind.automatic)
    assert derived >= 9 and automatic >= 1

