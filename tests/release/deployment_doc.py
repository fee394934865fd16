"""What docs/deployment.md, the Procfile and docker-compose.yml say an operator runs.

The release test reads the commands and the variables from the documents themselves (not a copy
in the test), so a change to the page is a change to what CI runs: the page cannot drift from a
working release.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "deployment.md"


def _block_after(marker: str) -> list[str]:
    """The lines of the fenced block that follows an HTML comment starting with `marker`."""
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(marker)}\b[^>]*-->\s*```\w*\n(?P<body>.*?)\n\s*```", text, re.S)
    if found is None:
        raise AssertionError(f"docs/deployment.md has no block marked <!-- {marker} -->")
    return [line.strip() for line in found["body"].splitlines() if line.strip()]


def release_commands() -> list[str]:
    """Step 4 of docs/deployment.md, one command a line."""
    return _block_after("release-step")


def documented_variables() -> set[str]:
    """The variable names of the production environment block (step 3)."""
    return {line.split("=", 1)[0] for line in _block_after("production-environment")}


def process_command(kind: str) -> str:
    """A row of the process table (web, worker)."""
    text = DOC.read_text(encoding="utf-8")
    return re.search(rf"^\| {kind} \| `(?P<cmd>[^`]+)` \|", text, re.M)["cmd"]


def web_command() -> str:
    """The web row of the process table."""
    return process_command("web")


def worker_command() -> str:
    """The worker row of the process table."""
    return process_command("worker")


def command_variables(command: str) -> set[str]:
    """The variables a documented command reads itself (`${PORT:-8000}`)."""
    return set(re.findall(r"\$\{(\w+)(?::-[^}]*)?\}", command))


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def procfile_release_commands() -> list[str]:
    return [part.strip() for part in procfile()["release"].split("&&")]


def compose_release_commands() -> list[str]:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    shell, flag, script = services["migrate"]["command"]
    assert (shell, flag) == ("sh", "-c")
    return [part.strip() for part in script.split("&&")]


def compose_web_command() -> str:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    return shlex.join(services["web"]["command"])


def compose_worker_commands() -> dict[str, str]:
    """The command of every docker-compose service that runs a Celery worker, by service."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    return {
        name: shlex.join(service["command"])
        for name, service in services.items()
        if service.get("command", [])[:4] == ["celery", "-A", "dtiportal", "worker"]
    }


def expand(command: str, environment: dict[str, str]) -> list[str]:
    """A documented command as a shell would run it: `${VAR:-default}` from `environment`."""
    return shlex.split(
        re.sub(r"\$\{(\w+)(?::-([^}]*))?\}", lambda m: environment.get(m[1], m[2] or ""), command)
    )


SCALING_DOC = ROOT / "docs" / "scaling.md"


def worker_host_commands() -> dict[str, str]:
    """The per-queue worker commands of docs/scaling.md, by the worker's name (`-n name@%h`)."""
    text = SCALING_DOC.read_text(encoding="utf-8")
    found = re.search(r"<!-- worker-hosts\b[^>]*-->\s*```\w*\n(?P<body>.*?)\n\s*```", text, re.S)
    if found is None:
        raise AssertionError("docs/scaling.md has no block marked <!-- worker-hosts -->")
    lines = [line.strip() for line in found["body"].splitlines() if line.strip()]
    return {re.search(r"-n (\w+)@", line)[1]: line for line in lines}
