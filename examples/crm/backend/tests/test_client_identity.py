"""Client identity and limits (issue 18): X-Forwarded-For counts only from TRUSTED_PROXIES —
in the rate limiter *and* in uvicorn, checked through real servers — the 5/min limit covers
POST /api/auth/login only, a per-account throttle stops distributed guessing, and password
hashing runs at most PASSWORD_HASH_CONCURRENCY at a time however many logins arrive."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from argon2 import PasswordHasher
from fastapi import FastAPI

from app.__main__ import uvicorn_options
from app.auth.login_guard import LoginGuard
from app.auth.models import Role
from app.auth.passwords import use_hasher
from tests.conftest import (
    TEST_PASSWORD,
    TEST_SECRET,
    AppFactory,
    add_user,
    backend_dir,
    build_settings,
    env_without_settings,
    free_port,
    stop_server,
    wait_until_answering,
)

BACKEND = backend_dir()


@contextmanager
def _server(tmp_path: Path, command: list[str], **settings: str) -> Iterator[str]:
    """A real uvicorn (through ./serve or python -m app serve) on a free port; yields its URL."""
    port = free_port()
    env = (
        env_without_settings()
        | {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'crm.db'}",
            "SECRET_KEY": TEST_SECRET,
            "FRONTEND_ORIGIN": "http://localhost:5173",
            "PORT": str(port),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "SEED_USER_EMAIL": "seed@example.com",
            "SEED_USER_PASSWORD": TEST_PASSWORD,
            "LOG_LEVEL": "WARNING",
        }
        | settings
    )
    process = subprocess.Popen(
        command,
        cwd=BACKEND,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(base, process, lambda: process.communicate()[1])
        yield base
    finally:
        stop_server(process)


def _post(url: str, body: dict[str, Any], headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"} | headers
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _rotating_logins(base: str, count: int) -> list[int]:
    wrong = {"email": "seed@example.com", "password": "not the password"}
    return [
        _post(f"{base}/api/auth/login", wrong, {"X-Forwarded-For": f"203.0.113.{index + 1}"})
        for index in range(count)
    ]


def test_rotating_x_forwarded_for_does_not_buy_new_budgets(tmp_path: Path) -> None:
    """TRUSTED_PROXIES empty (the recommended default): the header is ignored by everyone —
    even with uvicorn's own FORWARDED_ALLOW_IPS=* in the environment."""
    command = [str(BACKEND / "serve")]
    with _server(
        tmp_path, command, AUTH_RATE_LIMIT_PER_MINUTE="5", FORWARDED_ALLOW_IPS="*"
    ) as base:
        assert _rotating_logins(base, 6) == [401] * 5 + [429]


def test_trusted_proxy_hops_are_believed(tmp_path: Path) -> None:
    """Behind a proxy on 127.0.0.1 each forwarded client has its own login budget."""
    command = [sys.executable, "-m", "app", "serve"]
    with _server(
        tmp_path, command, AUTH_RATE_LIMIT_PER_MINUTE="5", TRUSTED_PROXIES="127.0.0.1/32"
    ) as base:
        assert _rotating_logins(base, 8) == [401] * 8


def test_uvicorn_gets_the_same_trusted_list() -> None:
    settings = build_settings(Path("."), trusted_proxies="10.0.0.0/8, 192.0.2.7")
    options = uvicorn_options(settings)
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == ["10.0.0.0/8", "192.0.2.7"]
    untrusting = uvicorn_options(build_settings(Path(".")))
    assert untrusting["proxy_headers"] is False and untrusting["forwarded_allow_ips"] == []


def test_only_the_login_counts_against_the_login_limit(make_client: AppFactory) -> None:
    client = make_client(auth_rate_limit_per_minute=5, rate_limit_per_minute=1000)
    for _ in range(10):
        assert client.get("/api/auth/me").status_code == 200
    assert client.post("/api/auth/logout").status_code == 204
    wrong = {"email": "nobody@example.com", "password": "guess"}
    statuses = [client.post("/api/auth/login", json=wrong).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]


def test_per_account_throttle_stops_guessing_from_anywhere(make_client: AppFactory) -> None:
    client = make_client(as_role=None, login_account_failure_limit=3)
    app: FastAPI = client.app  # type: ignore[assignment]
    add_user(app, Role.lettings_negotiator, email="target@example.com")
    add_user(app, Role.lettings_negotiator, email="bystander@example.com")
    wrong = {"email": "Target@Example.com", "password": "guess"}
    assert [client.post("/api/auth/login", json=wrong).status_code for _ in range(3)] == [401] * 3
    right = {"email": "target@example.com", "password": TEST_PASSWORD}
    throttled = client.post("/api/auth/login", json=right)
    assert throttled.status_code == 429
    assert 1 <= int(throttled.headers["retry-after"]) <= 900
    assert throttled.json() == {
        "detail": "Too many failed logins for this account; try again later"
    }
    other = {"email": "bystander@example.com", "password": TEST_PASSWORD}
    assert client.post("/api/auth/login", json=other).status_code == 200


class _CountingHasher(PasswordHasher):
    """Cheap Argon2 that records how many verifications overlap, and is slow enough to overlap."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.lock = threading.Lock()
        self.running = 0
        self.peak = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
        with self.lock:
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(0.05)
            return super().verify(hash, password)
        finally:
            with self.lock:
                self.running -= 1


def test_a_login_flood_hashes_at_most_the_configured_number_at_once(
    make_client: AppFactory,
) -> None:
    client = make_client(password_hash_concurrency=2)
    app: FastAPI = client.app  # type: ignore[assignment]
    add_user(app, Role.lettings_negotiator, email="flooded@example.com")
    hasher = _CountingHasher()
    use_hasher(hasher)
    wrong = {"email": "flooded@example.com", "password": "wrong password"}
    with ThreadPoolExecutor(max_workers=30) as pool:
        logins = [pool.submit(client.post, "/api/auth/login", json=wrong) for _ in range(30)]
        # The rest of the API keeps answering during the flood (timings: see the README).
        others = [pool.submit(client.get, "/api/clients") for _ in range(5)]
        statuses = [future.result().status_code for future in logins]
        assert all(future.result().status_code == 200 for future in others)
    assert sorted(set(statuses)) in ([401], [401, 429])  # 429 once the account throttle trips
    guard: LoginGuard = app.state.login_guard
    assert hasher.peak == guard.peak_in_flight == 2


def test_login_guard_is_configured_from_settings(tmp_path: Path) -> None:
    from tests.conftest import build_app

    app = build_app(
        tmp_path,
        password_hash_concurrency=3,
        login_account_failure_limit=4,
        login_account_window_seconds=60,
    )
    guard: LoginGuard = app.state.login_guard
    assert (guard.concurrency, guard.failure_limit, guard.window_seconds) == (3, 4, 60)
    assert guard.store is app.state.rate_limit_store


def test_hostile_authorization_bytes_through_real_uvicorn(tmp_path: Path) -> None:
    """What the probe sent over the wire: raw non-ASCII bytes and a huge token — 401 (or the
    server's own 4xx for an oversized header), never a 5xx."""

    with _server(tmp_path, [sys.executable, "-m", "app", "serve"]) as base:
        port = int(base.rsplit(":", 1)[1])
        statuses = []
        for value in (b"Bearer \xff\xfe\xfd", "Bearer café🔑".encode(), b"Bearer " + b"A" * 60_000):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.putrequest("GET", "/api/clients")
            connection.putheader("Authorization", value)
            connection.endheaders()
            statuses.append(connection.getresponse().status)
            connection.close()
    assert statuses[:2] == [401, 401]
    assert 400 <= statuses[2] < 500
