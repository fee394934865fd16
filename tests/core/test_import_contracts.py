"""The layers of pyproject.toml [tool.importlinter] hold, and they have teeth: an import that
runs upward (planted in a copy of the tree) breaks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["core", "accounts", "assessments", "review", "results", "api", "seeds", "dtiportal"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=where, capture_output=True, text=True, timeout=120,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def tree(tmp_path) -> Path:
    """A copy of the project's packages and pyproject.toml, to plant imports in."""
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def _plant(tree: Path, module: str, line: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = tree / module.replace(".", "/") / "__init__.py"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_the_project_keeps_its_import_contracts():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_assessments_importing_review_breaks_the_layers(tree):
    _plant(tree, "assessments.selectors", "from review import selectors  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "assessments is not allowed to import review" in result.stdout


def test_accounts_importing_assessments_breaks_the_layers(tree):
    _plant(tree, "accounts.views", "from assessments import selectors  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "accounts is not allowed to import assessments" in result.stdout


def test_core_importing_an_app_breaks_the_layers(tree):
    _plant(tree, "core.jinja", "from assessments.templatetags import assessment_tags  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "core is not allowed to import assessments" in result.stdout


def test_results_importing_review_breaks_the_layers(tree):
    _plant(tree, "results.services", "from review import selectors  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "results is not allowed to import review" in result.stdout


def test_review_reaching_results_beyond_its_recompute_service_breaks_the_layers(tree):
    _plant(tree, "review.views", "from results import selectors  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "review is not allowed to import results" in result.stdout


def test_an_app_importing_the_api_breaks_the_layers(tree):
    _plant(tree, "results.views", "import api.views  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "results is not allowed to import api" in result.stdout


def test_an_app_importing_the_project_package_breaks_the_layers(tree):
    _plant(tree, "review.services", "from dtiportal import celery  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "review is not allowed to import dtiportal" in result.stdout


def test_the_scoring_engine_importing_django_breaks_its_contract(tree):
    _plant(tree, "assessments.scoring", "from django.utils import timezone  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "assessments.scoring -> django" in result.stdout


def test_the_ranking_importing_a_model_breaks_the_engine_contract(tree):
    # assessments.models is inside assessments, but it reaches Django, so the chain is caught.
    _plant(tree, "assessments.ranking", "from assessments import models  # noqa")
    result = _lint_imports(tree)
    assert result.returncode == 1 and "The scoring engine imports only the standard library BROKEN" in result.stdout
