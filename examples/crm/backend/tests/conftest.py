"""Shared fixtures: an app per test on its own database, and a real redis-server.

The database is in-memory SQLite, or with ``CRM_TEST_DATABASE=postgresql`` a private schema on
a real PostgreSQL server that this session starts (tests/postgres.py); scripts/test runs the
suite both ways. Tests about SQLite files themselves carry ``@pytest.mark.sqlite_only`` and
are deselected (not skipped) in the PostgreSQL run; the slow whole-API fuzz run and the tests
of PostgreSQL's own locks and timeouts carry ``@pytest.mark.postgresql_only`` and are
deselected in the SQLite run.

Every ``/api`` operation needs a bearer token, so the test clients are logged in by default — as
a branch manager, the one role the RBAC matrix allows everything — with ``Authorization`` set
on the client. ``make_client(as_role=None)`` gives an anonymous client; ``auth_headers`` a
token for any other role or branch.
"""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import event
from starlette.testclient import TestClient

from app.auth.models import Role, User
from app.auth.passwords import PRODUCTION_HASHER, hash_password, use_hasher
from app.auth.tokens import create_access_token
from app.core.logging import logger
from app.db import create_schema
from app.main import create_app
from app.settings import Settings
from tests.postgres import PostgresServer

SETTINGS_ENV = [name.upper() for name in Settings.model_fields]
DATABASE_CHOICE = os.environ.get("CRM_TEST_DATABASE", "sqlite")
if DATABASE_CHOICE not in ("sqlite", "postgresql"):
    raise pytest.UsageError(
        f"CRM_TEST_DATABASE must be sqlite or postgresql, not {DATABASE_CHOICE!r}"
    )
_postgres: PostgresServer | None = None
TEST_SECRET = "test-secret-key-0123456789abcdef-not-real"
FRONTEND = "http://localhost:5173"

TEST_PASSWORD = "correct horse battery staple"

AppFactory = Callable[..., TestClient]
_user_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: about SQLite files themselves; left out of the PostgreSQL run"
    )
    config.addinivalue_line(
        "markers",
        "postgresql_only: about PostgreSQL itself (row locks, timeouts), or slow whole-API runs "
        "done once, on the production database; left out of the SQLite run",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    other = "sqlite_only" if DATABASE_CHOICE == "postgresql" else "postgresql_only"
    kept = [item for item in items if item.get_closest_marker(other) is None]
    deselected = [item for item in items if item.get_closest_marker(other) is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def _database_server() -> Iterator[None]:
    """Starts PostgreSQL once per session when the run asks for it."""
    global _postgres
    if DATABASE_CHOICE != "postgresql":
        yield
        return
    server = PostgresServer(free_port())
    server.start()
    _postgres = server
    try:
        yield
    finally:
        _postgres = None
        server.stop()


def fresh_database_url() -> str:
    """A fresh, empty database for one app: in-memory SQLite, or a new PostgreSQL schema."""
    if _postgres is None:
        return "sqlite://"
    return _postgres.new_schema_url()


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's or CI's real settings."""
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    logger.configure("DEBUG")


@pytest.fixture(autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Argon2id with tiny parameters: same code paths, ~1 ms instead of ~100 ms per hash.
    test_auth.py checks the production parameters separately."""
    use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    yield
    use_hasher(PRODUCTION_HASHER)


def build_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        # In-memory SQLite (one shared connection): an order of magnitude faster per test than
        # a file; test_run_contract.py covers a real file database through ./serve. Or a
        # private PostgreSQL schema in the PostgreSQL run.
        "database_url": overrides.get("database_url") or fresh_database_url(),
        "secret_key": TEST_SECRET,
        "frontend_origin": FRONTEND,
        "upload_dir": str(tmp_path / "uploads"),
        "rate_limit_per_minute": 100_000,
        "auth_rate_limit_per_minute": 100_000,
    } | overrides
    return Settings(**values)


def build_app(tmp_path: Path, **overrides: Any) -> FastAPI:
    settings = build_settings(tmp_path, **overrides)
    app = create_app(settings)
    create_schema(app.state.engine)
    return app


def add_user(
    app: FastAPI,
    role: Role | str = Role.branch_manager,
    *,
    branch: str = "main",
    email: str | None = None,
    password: str = TEST_PASSWORD,
) -> User:
    """A user straight in the database (no API call, so no role is needed to make one)."""
    with app.state.sessionmaker() as session:
        user = User(
            email=email or f"user{next(_user_numbers)}@example.com",
            full_name="Test User",
            password_hash=hash_password(password),
            role=Role(role),
            branch=branch,
        )
        session.add(user)
        session.commit()
        return user


def token_for(app: FastAPI, user: User) -> str:
    settings = app.state.settings
    return create_access_token(
        user.id,
        settings.secret_key,
        settings.access_token_ttl_seconds,
        token_version=user.token_version,
    )


def auth_headers(client: TestClient, role: Role | str, *, branch: str = "main") -> dict[str, str]:
    """``Authorization`` for a new user with this role: ``client.get(..., headers=…)``."""
    app: FastAPI = client.app  # type: ignore[assignment]
    return {"Authorization": f"Bearer {token_for(app, add_user(app, role, branch=branch))}"}


def log_in(client: TestClient, role: Role | str | None) -> None:
    """Make every request of ``client`` carry a token for a new user of ``role``."""
    client.headers.pop("Authorization", None)
    if role is not None:
        client.headers.update(auth_headers(client, role))


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[AppFactory]:
    """``make_client(as_role=Role.branch_manager, **settings_overrides)`` → a started
    TestClient (lifespan run), logged in as a new user of ``as_role`` (None: anonymous)."""
    clients: list[TestClient] = []

    def factory(
        *, as_role: Role | str | None = Role.branch_manager, **overrides: Any
    ) -> TestClient:
        app = build_app(tmp_path, **overrides)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        log_in(client, as_role)
        return client

    yield factory
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for a whole module, for tests that only read or add unrelated rows."""
    app = build_app(tmp_path_factory.mktemp("shared"))
    with TestClient(app, raise_server_exceptions=False) as client:
        log_in(client, Role.branch_manager)
        yield client


@pytest.fixture
def client(make_client: AppFactory) -> TestClient:
    """An app with limits high enough that functional tests never hit them."""
    return make_client()


class StatementLog:
    """Every SQL statement the app's engine sends to the database."""

    def __init__(self, app: FastAPI) -> None:
        self.statements: list[str] = []
        self.engine = app.state.engine
        event.listen(self.engine, "before_cursor_execute", self._record)

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, *args: Any) -> None:
        self.statements.append(str(args[2]))

    def clear(self) -> None:
        self.statements.clear()


@pytest.fixture
def sql_log(client: TestClient) -> Iterator[StatementLog]:
    app: FastAPI = client.app  # type: ignore[assignment]
    log = StatementLog(app)
    yield log
    log.close()


SERVER_START_SECONDS = 120
"""How long a test waits for a server it started (./serve, python -m app serve) to answer.
Generous on purpose: with two act scenarios each running this suite on a 2-core machine,
start-up (bootstrap, migrations, imports) has taken over 60 s. A server that never answers
still fails the test, only later."""


def wait_until_answering(
    base: str, process: subprocess.Popen[Any], exit_output: Callable[[], object]
) -> None:
    """Polls ``base``/health until the server a test started answers with any HTTP status, for
    at most SERVER_START_SECONDS; if it exits first, fails with ``exit_output()`` (its stderr
    or log), so a start-up error reads as such."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            assert process.poll() is None, exit_output()
            assert time.monotonic() < deadline, f"no answer in {SERVER_START_SECONDS} s"
            time.sleep(0.1)


def stop_server(process: subprocess.Popen[Any], grace: float = 30) -> tuple[Any, Any]:
    """Ctrl-C for a server a test started with ``start_new_session=True``; returns its output.

    SIGINT goes to the server process alone, as uvicorn expects (its supervisor stops the
    workers). If it has not exited after ``grace`` seconds, the whole process group is killed:
    e.g. ./serve was still in its bash set-up when the test gave up, and a non-interactive bash
    that gets SIGINT while waiting for a child carries on when the child exits normally. The
    test then reports its own failure, not a TimeoutExpired from the clean-up."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate(timeout=10)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A throwaway redis-server on a random port in a temp dir (no system service)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server missing: run scripts/install-system-deps.sh"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            # A redis-server that exited could not bind: whatever answers on the port is not ours.
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"redis-server exited ({code}): port {self.port} taken?")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory)
    server.start()
    yield server
    server.stop()


def backend_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def env_without_settings() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in SETTINGS_ENV}
