"""The run contract other tools rely on: ./serve (fail-fast settings, FR-060/061, SC-012), the
committed OpenAPI baseline, and .env.example documenting every setting with annotations."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from app.__main__ import CLI_VARIABLES, main, openapi_document, render_openapi
from app.core.metrics import METRICS_DIRECTORY_VARIABLE
from app.db import LIBPQ_VARIABLES, engine_url
from app.migrations.compare import head_revision
from app.settings import REQUIRED_VARIABLES, Settings, SettingsError, load_settings
from tests.conftest import (
    DATABASE_CHOICE,
    SERVER_START_SECONDS,
    TEST_SECRET,
    RedisServer,
    backend_dir,
    env_without_settings,
    free_port,
    fresh_database_url,
    stop_server,
)

BACKEND = backend_dir()
PYTHON = sys.executable


def _run_app(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "app", *args],
        cwd=BACKEND,
        env=env_without_settings() | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_startup_names_every_missing_variable_without_a_traceback() -> None:
    result = _run_app({}, "serve")
    assert result.returncode == 2
    assert "missing required environment variables: DATABASE_URL, SECRET_KEY, FRONTEND_ORIGIN" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_startup_names_only_what_is_missing_and_invalid_values() -> None:
    result = _run_app(
        {"DATABASE_URL": "sqlite://", "FRONTEND_ORIGIN": "not a url", "PORT": "http"}, "serve"
    )
    assert result.returncode == 2
    assert "missing required environment variables: SECRET_KEY\n" in result.stderr
    assert "invalid environment variable FRONTEND_ORIGIN" in result.stderr
    assert "invalid environment variable PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_load_settings_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SettingsError, match="SECRET_KEY: Value error, must not be empty"):
        load_settings(database_url="sqlite://", secret_key="  ", frontend_origin="http://x")
    with pytest.raises(SettingsError, match="TRUSTED_PROXIES"):
        load_settings(
            database_url="sqlite://",
            secret_key="k",
            frontend_origin="http://x",
            trusted_proxies="10.0.0.0/8, not-an-ip",
        )
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("FRONTEND_ORIGIN", "https://crm.example.com/")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1, 192.168.0.0/16")
    monkeypatch.setenv("ENVIRONMENT", "production")
    settings = load_settings()
    assert settings.frontend_origin == "https://crm.example.com"
    assert settings.trusted_proxies == ("10.0.0.1", "192.168.0.0/16")
    assert settings.rate_limit_per_minute == 100 and settings.auth_rate_limit_per_minute == 5
    assert not settings.docs_enabled and not settings.tracing_enabled
    monkeypatch.setenv("TRACE_ENABLED", "true")
    assert load_settings().tracing_enabled


def test_serve_starts_migrates_the_schema_and_logs_json(tmp_path: Path) -> None:
    """End to end through the real ./serve script: a fresh database (a new SQLite file, or an
    empty PostgreSQL schema in the PostgreSQL run) migrated to head, real uvicorn, real HTTP."""
    port = free_port()
    database = tmp_path / "serve.db"
    database_url = f"sqlite:///{database}" if DATABASE_CHOICE == "sqlite" else fresh_database_url()
    env = env_without_settings() | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": TEST_SECRET,
        "FRONTEND_ORIGIN": "http://localhost:5173",
        "PORT": str(port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "SEED_USER_EMAIL": "seed@example.com",
        "SEED_USER_PASSWORD": "seed-password-123",
        "SEED_USER_ROLE": "branch_manager",
    }
    process = subprocess.Popen(
        [str(BACKEND / "serve")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        health = None
        while time.monotonic() < deadline and health is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    health = (r.status, r.headers["content-type"], json.loads(r.read()))
            except OSError:
                assert process.poll() is None, process.communicate()
                time.sleep(0.1)
        assert health is not None and health[0] == 200
        assert health[1] == "application/health+json"
        assert health[2]["checks"]["database:connectivity"][0]["status"] == "pass"
        assert database.exists() == (DATABASE_CHOICE == "sqlite")
        engine = create_engine(engine_url(database_url))
        try:
            with engine.connect() as connection:
                version = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert version.scalar_one() == head_revision()
        finally:
            engine.dispose()
        login = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/auth/login",
            data=json.dumps(
                {"email": "seed@example.com", "password": "seed-password-123"}
            ).encode(),
            headers={"Content-Type": "application/json", "X-Request-ID": "serve-test-login-1"},
        )
        with urllib.request.urlopen(login, timeout=5) as response:
            assert response.status == 200
            token = json.loads(response.read())["access_token"]
        me = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/auth/me", headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(me, timeout=5) as response:
            assert json.loads(response.read())["role"] == "branch_manager"  # SEED_USER_ROLE
    finally:
        stdout, _stderr = stop_server(process)
    lines = [json.loads(line) for line in stdout.splitlines()]  # stdout is pure JSON lines
    requests = [line for line in lines if line["event"] == "request"]
    assert any(
        line["path"] == "/api/auth/login"
        and line["status"] == 200
        and line["request_id"] == "serve-test-login-1"
        and line["user_id"] == 1
        for line in requests
    )


def test_committed_openapi_baseline_is_fresh() -> None:
    committed = (BACKEND.parent / "openapi.json").read_text(encoding="utf-8")
    assert committed == render_openapi(openapi_document()), (
        "examples/crm/openapi.json is stale: run examples/crm/backend/scripts/export-openapi"
    )
    document = json.loads(committed)
    assert "/api/clients" in document["paths"]
    assert "422" not in json.dumps(document["paths"])  # validation errors are documented as 400


def test_export_openapi_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "openapi.json"
    assert main(["export-openapi", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "components"')
    assert main(["export-openapi", "-"]) == 0
    assert capsys.readouterr().out == text


def _env_example() -> dict[str, list[str]]:
    """key -> the comment lines directly above it."""
    entries: dict[str, list[str]] = {}
    comments: list[str] = []
    for line in (BACKEND / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comments.append(line[1:].strip())
        elif "=" in line:
            entries[line.split("=", 1)[0]] = comments
            comments = []
        else:
            comments = []
    return entries


def test_env_example_documents_every_setting() -> None:
    entries = _env_example()
    settings = {name.upper() for name in Settings.model_fields}
    assert set(entries) == settings | set(CLI_VARIABLES) | set(LIBPQ_VARIABLES)
    for key, comments in entries.items():
        description = [c for c in comments if c and not c.startswith("@")]
        assert description, f"{key} has no description"
        annotations = [c for c in comments if c.startswith("@")]
        for annotation in annotations:
            assert re.fullmatch(
                r"@(secret|optional|type=(url|int|port|bool|email|enum\([^)]*\))|rotate=\d+d|docs=https://\S+)",
                annotation,
            ), (key, annotation)
        assert ("@optional" in annotations) == (key not in REQUIRED_VARIABLES), key
    assert "@secret" in entries["SECRET_KEY"] and "@secret" in entries["DATABASE_URL"]


def test_env_example_has_only_placeholders() -> None:
    values = {
        line.split("=", 1)[0]: line.split("=", 1)[1]
        for line in (BACKEND / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert values["SECRET_KEY"] == "<your-secret-key>"
    assert values["SEED_USER_PASSWORD"] == "changeme"
    assert values["REDIS_URL"] == ""


def test_more_than_one_worker_needs_redis() -> None:
    with pytest.raises(SettingsError, match="WORKERS above 1 needs REDIS_URL"):
        load_settings(
            database_url="sqlite://", secret_key="k", frontend_origin="http://x", workers=2
        )
    result = _run_app(
        {
            "DATABASE_URL": "sqlite://",
            "SECRET_KEY": "k",
            "FRONTEND_ORIGIN": "http://x",
            "WORKERS": "2",
        },
        "serve",
    )
    assert result.returncode == 2 and "WORKERS above 1 needs REDIS_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_with_two_workers_shares_rate_limits_and_metrics(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """WORKERS=2: uvicorn's supervisor and two worker processes, each building the app from the
    environment. The shared Redis keeps one rate-limit budget across them, and every scrape of
    /metrics — whichever worker answers it — counts the requests of both (prometheus_client's
    multiprocess mode), also after a worker is killed and replaced."""
    port = free_port()
    metrics_token = secrets.token_urlsafe(32)
    env = env_without_settings() | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'workers.db'}",
        "SECRET_KEY": TEST_SECRET,
        "FRONTEND_ORIGIN": "http://localhost:5173",
        "PORT": str(port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "REDIS_URL": redis_server.url,
        "WORKERS": "2",
        "RATE_LIMIT_PER_MINUTE": "30",
        "METRICS_TOKEN": metrics_token,
    }
    env.pop(METRICS_DIRECTORY_VARIABLE, None)
    process = subprocess.Popen(
        [PYTHON, "-m", "app", "serve"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        statuses: list[int] = []
        while time.monotonic() < deadline and not statuses:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    statuses.append(r.status)
            except OSError:
                assert process.poll() is None, process.communicate()
                time.sleep(0.2)
        assert statuses == [200]
        workers = _children_of(process.pid)
        assert len(workers) >= 2, workers  # two workers (plus, maybe, a resource tracker)
        for _ in range(40):  # over the 30/minute budget, spread over both workers
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    statuses.append(r.status)
            except urllib.error.HTTPError as error:
                statuses.append(error.code)
        assert statuses.count(200) == 30 and statuses.count(429) == 11

        # Prometheus scrapes from another address (its own rate-limit budget). The instrumentator
        # counts a request just after answering it, so the first scrape may wait for the last
        # count; from then on, every scrape — whichever worker answers — sees all 41 requests:
        # 30 answered, 11 refused.
        expected = {("/health", "2xx"): 30, ("/health", "4xx"): 11}
        for attempt in range(10):  # well inside the scraper's 30/minute budget
            if _health_totals(_request_totals(port, metrics_token)) == expected:
                break
            assert attempt < 9, "no scrape saw every request"
            time.sleep(0.1)
        scrapes = [_request_totals(port, metrics_token) for _ in range(6)]
        assert [_health_totals(totals) for totals in scrapes] == [expected] * 6
        scraped = [totals[("/metrics", "2xx")] for totals in scrapes]  # earlier scrapes
        assert scraped == sorted(scraped) and scraped[-1] >= scraped[0] + 4, scraped

        # A worker killed outright: its counts stay (counters never go back), and the supervisor
        # drops its live-gauge file so http_requests_inprogress does not keep its last value.
        directory = Path(_environment_of(workers[0])[METRICS_DIRECTORY_VARIABLE])
        served = [pid for pid in workers if (directory / f"gauge_livesum_{pid}.db").exists()]
        assert served, sorted(path.name for path in directory.iterdir())
        os.kill(served[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while (directory / f"gauge_livesum_{served[0]}.db").exists():
            assert time.monotonic() < deadline, "the dead worker's gauge file was kept"
            time.sleep(0.1)
        after_kill = _request_totals(port, metrics_token)
        assert _health_totals(after_kill) == expected
        assert after_kill[("/metrics", "2xx")] >= scraped[-1]
    finally:
        stop_server(process)
    assert not directory.exists(), "the per-start metrics directory was left behind"


def _request_totals(port: int, metrics_token: str) -> dict[tuple[str, str], int]:
    """``http_requests_total`` by (handler, status class), scraped from 127.0.0.2."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=("127.0.0.2", 0)
    )
    try:
        connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {metrics_token}"})
        response = connection.getresponse()
        body = response.read().decode()
    finally:
        connection.close()
    assert response.status == 200, body
    totals: dict[tuple[str, str], int] = {}
    for family in text_string_to_metric_families(body):
        for sample in family.samples:
            if sample.name == "http_requests_total":
                key = (sample.labels["handler"], sample.labels["status"])
                totals[key] = totals.get(key, 0) + int(sample.value)
    return totals


def _health_totals(totals: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    return {key: value for key, value in totals.items() if key[0] == "/health"}


def _children_of(parent: int) -> list[int]:
    return sorted(
        pid
        for pid in (int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit())
        if _parent_of(pid) == parent
    )


def _environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    entries = (item.decode(errors="replace").partition("=") for item in raw if b"=" in item)
    return {name: value for name, _, value in entries}


def _parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
