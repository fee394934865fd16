"""Framework files (``dtiportal-framework/1``): read, check, dump.

Pure: standard library + PyYAML, no Django. The contract is ``docs/framework-format.md``.

- ``reader``: bounded YAML (size, depth, node count, no aliases) that keeps every value's
  line, so each problem names its LINE in the file;
- ``checker``: one module per section of the file, collecting ALL problems before failing;
- ``specs``: the frozen dataclasses a valid file becomes;
- ``dump``: a spec back to text.
"""

from __future__ import annotations

import os

from .checker import check
from .dump import dump_framework
from .problems import FrameworkFileError, Problem
from .reader import MAX_BYTES, MAX_DEPTH, MAX_LINE_CHARS, MAX_NODES, MAX_SCALAR_CHARS, load, read_path, read_upload
from .specs import (
    EVIDENCE_CHOICES,
    EVIDENCE_NONE,
    EVIDENCE_OPTIONAL,
    EVIDENCE_REQUIRED,
    FORMAT_TAG,
    LEVEL_MINISTRY,
    LEVEL_PROVINCE,
    LEVELS,
    FrameworkSpec,
    GeneralInfoSpec,
    GroupSpec,
    IndicatorSpec,
    MainIndexSpec,
    PillarSpec,
    RuleSpec,
)

__all__ = [
    "EVIDENCE_CHOICES",
    "EVIDENCE_NONE",
    "EVIDENCE_OPTIONAL",
    "EVIDENCE_REQUIRED",
    "FORMAT_TAG",
    "LEVELS",
    "LEVEL_MINISTRY",
    "LEVEL_PROVINCE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_LINE_CHARS",
    "MAX_NODES",
    "MAX_SCALAR_CHARS",
    "FrameworkFileError",
    "FrameworkSpec",
    "GeneralInfoSpec",
    "GroupSpec",
    "IndicatorSpec",
    "MainIndexSpec",
    "PillarSpec",
    "Problem",
    "RuleSpec",
    "dump_framework",
    "parse_framework",
    "read_path",
    "read_upload",
]


def parse_framework(source: str | os.PathLike[str]) -> FrameworkSpec:
    """Parse and validate a framework file.

    ``source`` is the YAML TEXT when a ``str``, a file path when a
    ``pathlib.Path`` (or other ``os.PathLike``). Raises
    :class:`FrameworkFileError` listing every problem with its line.
    """
    text = read_path(source) if isinstance(source, os.PathLike) else source
    spec, problems = check(load(text))
    if problems or spec is None:
        raise FrameworkFileError(problems)
    return spec
