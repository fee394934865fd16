"""The demo's evidence PDF (seeds.demo._pdf) is a valid one-page document that a PDF reader
opens and reads the text of (poppler's pdfinfo and pdftotext), so the preview shows a page,
not "Failed to load PDF document"."""

import re
import subprocess

import pytest

from seeds.demo import _pdf


@pytest.fixture
def demo_pdf(tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(_pdf("2025-48 1.2"))
    return path


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)


def test_the_demo_pdf_has_one_page_and_no_syntax_error(demo_pdf):
    info = run("pdfinfo", demo_pdf)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M) and info.stderr == ""


def test_pdftotext_reads_the_demo_pdf_s_line(demo_pdf):
    text = run("pdftotext", demo_pdf, "-")
    assert text.stdout.strip() == "DTI Portal demo evidence: 2025-48 1.2" and text.stderr == ""


def test_a_tag_with_brackets_or_non_ascii_letters_still_makes_a_readable_pdf(tmp_path):
    (tmp_path / "odd.pdf").write_bytes(_pdf("Đà Nẵng (1.2) \\"))
    assert run("pdftotext", tmp_path / "odd.pdf", "-").stdout.strip() == "DTI Portal demo evidence: ?? N?ng (1.2) \\"
