"""Vendored assets ship whole: every source map a static file names is shipped beside it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("vendor_maps", ROOT / "scripts" / "vendor_maps.py")
vendor_maps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vendor_maps)


def test_no_static_file_names_a_source_map_that_is_not_shipped():
    assert vendor_maps.dangling() == []


def test_the_check_finds_a_dangling_reference(tmp_path):
    (tmp_path / "lib.min.js").write_text("var a=1;\n//# sourceMappingURL=lib.min.js.map\n")
    assert vendor_maps.dangling(tmp_path) == [(tmp_path / "lib.min.js", "lib.min.js.map")]


def test_strip_removes_only_the_references_whose_map_is_missing(tmp_path):
    (tmp_path / "lib.min.js").write_text("var a=1;\n//# sourceMappingURL=lib.min.js.map\n")
    (tmp_path / "kept.min.css").write_text("a{}\n/*# sourceMappingURL=kept.min.css.map */")
    (tmp_path / "kept.min.css.map").write_text("{}")
    vendor_maps.strip(tmp_path)
    assert (tmp_path / "lib.min.js").read_text() == "var a=1;\n"
    assert (tmp_path / "kept.min.css").read_text() == "a{}\n/*# sourceMappingURL=kept.min.css.map */"
    assert vendor_maps.dangling(tmp_path) == []


def test_the_vendor_script_strips_and_checks_after_copying():
    script = (ROOT / "scripts" / "vendor.sh").read_text()
    copy, strip, check = (script.rindex("cp "), script.index("vendor_maps.py --strip"), script.rindex("vendor_maps.py\n"))
    assert copy < strip < check
