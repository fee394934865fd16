"""The framework's words that are not rules: levels and evidence requirements.

Written once here; ``assessments.models`` builds its choices from them and framework files
are checked against them.
"""

from __future__ import annotations

LEVEL_PROVINCE = "province"
LEVEL_MINISTRY = "ministry"
LEVELS: tuple[str, ...] = (LEVEL_PROVINCE, LEVEL_MINISTRY)

EVIDENCE_REQUIRED = "required"
EVIDENCE_OPTIONAL = "optional"
EVIDENCE_NONE = "none"
EVIDENCE_CHOICES: tuple[str, ...] = (EVIDENCE_REQUIRED, EVIDENCE_OPTIONAL, EVIDENCE_NONE)

