"""The release path of docs/deployment.md, run as an operator runs it.

With only the variables the page documents (a fresh database, a fresh STATIC_ROOT), the release
step's commands as written in the page (and, identically, in the Procfile and docker-compose),
then the page's web command — gunicorn under the production settings on a loopback port — and
the portal's pages requested as the reverse proxy forwards them (HTTPS, a listed host).
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis

from tests.conftest import _unavailable

from . import deployment_doc as doc

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

HOST = "dti.example.gov.vn"
PAGES = {
    "home": "/",
    "login": "/tai-khoan/dang-nhap/",
    "public ranking": "/ket-qua/",
    "API docs": "/api/docs/",
}


def _server_dsn() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        _unavailable("PostgreSQL (set DATABASE_URL)")
    return url


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except (redis.RedisError, ValueError):
        _unavailable(f"Redis (REDIS_URL={url!r})")
    return url


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Release:
    """The outcome of the release step and a running web process."""

    def __init__(self, root: Path):
        self.static_root = root / "staticfiles"
        self.port = 0
        self.ran: list[subprocess.CompletedProcess] = []
        self.check_before_release: subprocess.CompletedProcess | None = None

    def get(self, path: str, *, host: str = HOST, https: bool = True) -> tuple[int, dict, str]:
        headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {})}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
        finally:
            conn.close()


def _shell(command: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=doc.ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    server, redis_url = _server_dsn(), _redis_url()
    root = tmp_path_factory.mktemp("release")
    result = Release(root)
    database = f"dti_release_check_{secrets.token_hex(4)}"
    # Only the documented variables, and PATH with the virtualenv first (step 4 of the page).
    variables = {
        "DJANGO_SETTINGS_MODULE": "dtiportal.settings_production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": _with_database(server, database),
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(result.static_root),
        "STORAGE_BACKEND": "filesystem",
        "MEDIA_ROOT": str(root / "media"),
        "SITE_URL": f"https://{HOST}",
    }
    assert set(variables) <= doc.documented_variables(), "the test sets a variable the page does not document"
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", **variables}
    web = None
    maintenance = _with_database(server, "postgres")  # the database named by DATABASE_URL may not exist
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    try:
        result.check_before_release = _shell("python manage.py check --deploy", env)
        for command in doc.release_commands():
            ran = _shell(command, env)
            result.ran.append(ran)
            assert ran.returncode == 0, f"{command}\n{ran.stdout[-3000:]}\n{ran.stderr[-3000:]}"

        result.port = _free_port()
        web_env = {**env, "PORT": str(result.port), "WEB_CONCURRENCY": "2"}
        assert set(web_env) - set(env) <= doc.command_variables(doc.web_command())
        log = open(root / "gunicorn.log", "w+")  # noqa: SIM115 - closed below, after the process
        web = subprocess.Popen(
            ["bash", "-c", doc.web_command()], cwd=doc.ROOT, env=web_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops every worker
        )
        deadline = time.monotonic() + 60
        while True:
            assert web.poll() is None, (root / "gunicorn.log").read_text()
            try:
                result.get(PAGES["login"])
                break
            except OSError:
                assert time.monotonic() < deadline, (root / "gunicorn.log").read_text()
                time.sleep(0.25)
        yield result
    finally:
        if web is not None:
            _stop(web)
            log.close()
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# --- The documents agree ------------------------------------------------------------------


def test_the_page_the_procfile_and_compose_name_the_same_release_commands():
    commands = doc.release_commands()
    assert commands[:2] == ["python manage.py migrate --noinput", "python manage.py collectstatic --noinput"]
    assert doc.procfile_release_commands() == commands
    assert doc.compose_release_commands() == commands


def _without_bind_and_workers(command: str) -> list[str]:
    words = shlex.split(command.replace("${PORT:-8000}", "8000"))
    for flag in ("--bind", "--workers"):
        words[words.index(flag) + 1] = "…"
    return words


def test_the_page_the_procfile_and_compose_start_the_same_web_process():
    documented = _without_bind_and_workers(doc.web_command())
    assert documented[:2] == ["gunicorn", "dtiportal.wsgi"]
    assert _without_bind_and_workers(doc.procfile()["web"]) == documented
    assert _without_bind_and_workers(doc.compose_web_command()) == documented


def test_the_page_the_procfile_and_both_compose_workers_start_the_same_worker():
    documented = doc.expand(doc.worker_command(), {})
    assert documented[:4] == ["celery", "-A", "dtiportal", "worker"]
    assert doc.expand(doc.procfile()["worker"], {}) == documented
    compose = doc.compose_worker_commands()
    assert sorted(compose) == ["worker", "worker-2"]
    assert [doc.expand(c, {}) for c in compose.values()] == [documented, documented]


# --- The release step ---------------------------------------------------------------------


def test_before_collectstatic_check_deploy_refuses_to_pass(release):
    before = release.check_before_release
    assert before.returncode != 0
    assert "dtiportal.E001" in before.stderr and "staticfiles.json" in before.stderr


def test_the_release_step_collects_hashed_static_files_and_passes_check_deploy(release):
    collect, check = release.ran[1], release.ran[2]
    assert re.search(r"\d+ static files copied to .*, \d+ post-processed", collect.stdout)
    assert (release.static_root / "staticfiles.json").is_file()
    assert "System check identified no issues" in check.stdout


# --- The running portal ---------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_the_page_answers_200_under_gunicorn(release, path):
    status, _headers, body = release.get(path)
    assert status == 200, body[:2000]
    assert "</html>" in body


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_the_page_carries_the_production_headers(release, path):
    _status, headers, _body = release.get(path)
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert re.fullmatch(r"[0-9a-f]{16}", headers["x-request-id"])


def test_the_login_page_is_never_stored_by_a_cache(release):
    _status, headers, _body = release.get(PAGES["login"])
    assert "no-store" in headers["cache-control"]


def test_pages_name_the_hashed_static_files_that_the_release_collected(release):
    _status, _headers, body = release.get(PAGES["home"])
    hashed = re.search(r'/static/(vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', body)
    assert hashed, "the home page does not name a hashed stylesheet"
    collected = release.static_root / hashed.group(1)
    source = doc.ROOT / "static" / "vendor" / "bootstrap" / "css" / "bootstrap.min.css"
    # The collected copy is the vendored file (its map reference rewritten to the hashed map).
    assert collected.read_text(encoding="utf-8").split("/*# sourceMappingURL")[0] == source.read_text(
        encoding="utf-8"
    ).split("/*# sourceMappingURL")[0]


def test_favicon_ico_leads_to_the_hashed_icon_that_the_release_collected(release):
    status, headers, _body = release.get("/favicon.ico")
    hashed = re.fullmatch(r"/static/(favicon\.[0-9a-f]{12}\.ico)", headers.get("location", ""))
    assert status == 302 and hashed, headers
    assert (release.static_root / hashed.group(1)).read_bytes() == (doc.ROOT / "static" / "favicon.ico").read_bytes()


def test_pages_link_the_hashed_svg_icon_that_the_release_collected(release):
    _status, _headers, body = release.get(PAGES["home"])
    hashed = re.search(r'<link rel="icon" href="/static/(favicon\.[0-9a-f]{12}\.svg)"', body)
    assert hashed, "the home page links no hashed icon"
    assert (release.static_root / hashed.group(1)).is_file()


def test_the_api_docs_load_swagger_from_hashed_local_files(release):
    _status, _headers, body = release.get(PAGES["API docs"])
    script = re.search(r'src="/static/(drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', body)
    assert script, body[:2000]
    assert (release.static_root / script.group(1)).is_file()


def test_plain_http_is_redirected_to_https(release):
    status, headers, _body = release.get(PAGES["login"], https=False)
    assert status == 301
    assert headers["location"] == f"https://{HOST}{PAGES['login']}"


def test_a_host_not_in_the_allowed_hosts_is_refused(release):
    status, _headers, _body = release.get(PAGES["home"], host="attacker.example")
    assert status == 400
