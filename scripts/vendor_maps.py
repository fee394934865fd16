"""Source-map references of the static files: every `sourceMappingURL` must name a shipped file.

ManifestStaticFilesStorage (the production static storage) rewrites each reference to its
hashed name and aborts `collectstatic` when the named file is missing, so one dangling map
comment in a vendored asset breaks the release. npm packages do not always ship the map their
minified file names (chart.js 4.5.1 does not).

    python scripts/vendor_maps.py            # list dangling references, exit 1 if any
    python scripts/vendor_maps.py --strip    # remove them (scripts/vendor.sh does, after a re-vendor)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
# The forms Django's ManifestStaticFilesStorage rewrites (django/contrib/staticfiles/storage.py).
REFERENCE = {
    ".js": re.compile(r"(?m)^//# sourceMappingURL=(?P<url>\S+)[ \t]*\n?"),
    ".css": re.compile(r"(?m)^/\*#[ \t]sourceMappingURL=(?P<url>\S+)[ \t]*\*/[ \t]*\n?"),
}


def dangling(root: Path = STATIC) -> list[tuple[Path, str]]:
    """(file, map name) for every reference whose map is not beside the file."""
    found = []
    for path in sorted(root.rglob("*")):
        pattern = REFERENCE.get(path.suffix)
        if pattern is None or not path.is_file():
            continue
        for match in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
            url = match["url"]
            if not url.startswith("data:") and not (path.parent / url).is_file():
                found.append((path, url))
    return found


def strip(root: Path = STATIC) -> list[Path]:
    """Remove dangling references in place; the files are otherwise unchanged."""
    changed = []
    for path in sorted({path for path, _url in dangling(root)}):
        text = path.read_text(encoding="utf-8")
        pattern = REFERENCE[path.suffix]
        folder = path.parent
        kept = pattern.sub(lambda m, folder=folder: m.group(0) if (folder / m["url"]).is_file() else "", text)
        path.write_text(kept, encoding="utf-8")
        changed.append(path)
    return changed


def main(argv: list[str]) -> int:
    if "--strip" in argv:
        for path in strip():
            print(f"removed a dangling sourceMappingURL from {path.relative_to(STATIC.parent)}")
        return 0
    problems = dangling()
    for path, url in problems:
        print(f"{path.relative_to(STATIC.parent)} names {url}, which is not shipped", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
