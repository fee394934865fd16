"""Telling the rankings that a round's final points changed outside the review.

A unit closed out "scored as is" gets final points here, in assessments, but the rankings are
recomputed by results, one layer above, which this app may not import (pyproject.toml
[tool.importlinter]). So results registers its `request_recompute` at start-up
(results.apps.ResultsConfig.ready), as the apps register their Jinja2 filters with core. The
call happens inside the caller's transaction: the request row commits with the change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_request_recompute: Callable[..., object] | None = None


def register(request_recompute: Callable[..., object]) -> None:
    global _request_recompute
    _request_recompute = request_recompute


def final_points_changed(*, round_id: int, submission_id: int, reason: str) -> None:
    """Ask for the round's rankings to be recomputed. Never skipped in silence: without the
    results app registered a ranking would quietly miss the unit, so this refuses instead."""
    if _request_recompute is None:
        raise ImproperlyConfigured("results has not registered its recompute (results.apps.ResultsConfig.ready)")
    _request_recompute(round_id=round_id, reason=reason, submission_id=submission_id)
