"""`make mutation`'s verdict: every mutant mutmut could not kill must be listed, with its
reason, in MUTANTS-EQUIVALENT.md beside this file; any other survivor is printed and fails.

Reads `mutmut results` on stdin (lines "    <mutant>: <status>"). Not a test module (pytest
collects test_*.py only); run as `mutmut results | python tests/assessments/scoring/survivors.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EXPLAINED = Path(__file__).with_name("MUTANTS-EQUIVALENT.md")
# Every status but "killed" is a mutant no test noticed (survived, no tests, timeout…).
_LINE = re.compile(r"^\s*(\S+): (.+)$")
_LISTED = re.compile(r"^- `([^`]+)`\s*[—-]\s*(\S.*)$")


def listed() -> dict[str, str]:
    """Mutant name -> reason, from the markdown list ("- `name` — reason")."""
    out = {}
    for line in EXPLAINED.read_text(encoding="utf-8").splitlines():
        match = _LISTED.match(line)
        if match:
            out[match[1]] = match[2]
    return out


def main() -> int:
    survivors = {}
    for line in sys.stdin:
        match = _LINE.match(line)
        if match and match[2].strip() != "killed":
            survivors[match[1]] = match[2].strip()
    explained = listed()
    unexplained = sorted(set(survivors) - set(explained))
    stale = sorted(set(explained) - set(survivors))
    for name in unexplained:
        print(f"UNEXPLAINED {survivors[name]}: {name}  (mutmut show {name})")
    for name in stale:
        print(f"no longer survives, drop it from {EXPLAINED.name}: {name}")
    print(f"{len(survivors)} surviving mutants, {len(survivors) - len(unexplained)} listed as equivalent, "
          f"{len(unexplained)} unexplained")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
