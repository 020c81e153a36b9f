"""Fuzzing in the suite: schemathesis (every check, 25 examples per operation, fixed seed)
against the real server — ``python -m app serve`` on a spare port, a fresh database (SQLite
file, or a PostgreSQL schema in the PostgreSQL run), a logged-in user's bearer token. Zero
failures allowed: a response outside the OpenAPI document, a 5xx, a schema-valid request
refused or a schema-invalid one accepted fails this test with schemathesis' own report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import (
    DATABASE_CHOICE,
    TEST_SECRET,
    backend_dir,
    env_without_settings,
    free_port,
    fresh_database_url,
    stop_server,
    wait_until_answering,
)

# Once per suite, on the production database (about a minute on a quiet 2-core machine).
pytestmark = pytest.mark.postgresql_only
BACKEND = backend_dir()
EXAMPLES_PER_OPERATION = 25
SEED = 20261205
USER = {"email": "fuzz@example.com", "password": "fuzz-password-123"}


@pytest.fixture
def running_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    database = (
        f"sqlite:///{tmp_path / 'fuzz.db'}" if DATABASE_CHOICE == "sqlite" else fresh_database_url()
    )
    env = env_without_settings() | {
        "DATABASE_URL": database,
        "SECRET_KEY": TEST_SECRET,
        "FRONTEND_ORIGIN": "http://localhost:5173",
        "PORT": str(port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        # The fuzzer sends thousands of requests a minute; the limits have their own tests.
        "RATE_LIMIT_PER_MINUTE": "1000000",
        "AUTH_RATE_LIMIT_PER_MINUTE": "1000000",
        "LOG_LEVEL": "WARNING",
    }
    # A branch manager: the role the RBAC matrix allows every operation, so the fuzzer reaches
    # the handlers instead of stopping at 403 (the matrix has its own tests).
    created = subprocess.run(
        [
            *(sys.executable, "-m", "app", "create-user", "--email", USER["email"]),
            *("--full-name", "Fuzz Manager", "--role", "branch_manager"),
        ],
        cwd=BACKEND,
        env=env | {"CRM_NEW_USER_PASSWORD": USER["password"]},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert created.returncode == 0, created.stderr
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve"],
        cwd=BACKEND,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, process, (tmp_path / "server.log").read_text)
        yield base
    finally:
        stop_server(process)
        log.close()


def _token(base: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/auth/login",
        data=json.dumps(USER).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.loads(response.read())["access_token"])


def test_schemathesis_finds_no_failure_with_every_check(
    running_server: str, tmp_path: Path
) -> None:
    token = _token(running_server)
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(BACKEND / "tests" / "schemathesis.toml"),
        "run",
        f"{running_server}/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--generation-database",
        "none",
        "--workers",
        "2",
        "--header",
        f"Authorization: Bearer {token}",
        # Logout revokes the fuzzer's own token, and every later request would be a 401;
        # logout and revocation are tested in tests/test_auth.py.
        "--exclude-path",
        "/api/auth/logout",
        "--request-timeout",
        "20",
        "--no-color",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path / "report"),
    ]
    result = subprocess.run(
        command,
        cwd=BACKEND,
        env=os.environ | {"SCHEMATHESIS_HOOKS": "tests.fuzz_hooks", "PYTHONPATH": str(BACKEND)},
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
    )
    report = result.stdout[-20000:] + result.stderr[-4000:]
    assert result.returncode == 0, report
    assert "No issues found" in result.stdout or " passed" in result.stdout, report
