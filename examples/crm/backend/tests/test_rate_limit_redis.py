"""Rate limiting against a real redis-server (started on a random port by the fixture):
the budget is shared between app instances (workers), holds across paths, and the store
falls back to memory — with a logged warning — while Redis is down, then recovers."""

from __future__ import annotations

import asyncio
import json

import pytest
import redis
from starlette.testclient import TestClient

from app.core.rate_limit import FallbackStore, RedisStore
from tests.conftest import AppFactory, RedisServer


def _keys(server: RedisServer) -> list[str]:
    connection = redis.Redis(port=server.port, decode_responses=True)
    try:
        return sorted(str(key) for key in connection.keys("crm:ratelimit:*"))
    finally:
        connection.close()


def test_limit_holds_with_redis_across_instances_and_paths(
    make_client: AppFactory, redis_server: RedisServer
) -> None:
    # A generous timeout: on a busy CI machine a slow reply must not count as "Redis down".
    settings = {
        "redis_url": redis_server.url,
        "rate_limit_per_minute": 100,
        "rate_limit_redis_timeout_ms": 5000,
    }
    worker_a = make_client(**settings)
    worker_b = make_client(**settings)  # a second process would see the same Redis budget
    for index in range(100):
        worker = worker_a if index % 2 else worker_b
        path = "/api/properties" if index % 3 else f"/missing/{index}"
        assert worker.get(path).status_code != 429, index
    limited = worker_a.get("/metrics")
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert worker_b.get("/api/clients").status_code == 429
    assert _keys(redis_server) == ["crm:ratelimit:global:testclient"]


def test_auth_limit_with_redis(make_client: AppFactory, redis_server: RedisServer) -> None:
    client = make_client(
        redis_url=redis_server.url,
        auth_rate_limit_per_minute=5,
        rate_limit_redis_timeout_ms=5000,
    )
    body = {"email": "nobody@example.com", "password": "guess"}
    statuses = [client.post("/api/auth/login", json=body).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    assert "crm:ratelimit:auth:testclient" in _keys(redis_server)


def test_falls_back_to_memory_while_redis_is_down_and_recovers(
    make_client: AppFactory,
    redis_server: RedisServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    client: TestClient = make_client(
        redis_url=redis_server.url,
        rate_limit_per_minute=5,
        rate_limit_redis_retry_seconds=0,
        rate_limit_redis_timeout_ms=5000,
    )
    store = client.app.state.rate_limit_store  # type: ignore[attr-defined]
    assert isinstance(store, FallbackStore)
    assert client.get("/health").status_code == 200
    assert _keys(redis_server) == ["crm:ratelimit:global:testclient"]

    redis_server.stop()
    capsys.readouterr()
    statuses = [client.get("/health").status_code for _ in range(5)]
    # Requests keep being served, and the limit is still enforced, from process memory — which
    # counted the request Redis saw, so the budget carries on from 1 of 5, not from zero.
    assert statuses == [200] * 4 + [429]
    assert store.degraded
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    warnings = [line for line in lines if line["event"] == "rate_limit_storage_unavailable"]
    assert len(warnings) == 1  # once per outage, not once per request
    assert warnings[0]["level"] == "warning" and warnings[0]["fallback"] == "memory"

    redis_server.start()  # same port, empty data set
    store.fallback = type(store.fallback)()  # the window passed (rather than sleep for 60 s)
    assert client.get("/health").status_code == 200
    assert not store.degraded
    assert _keys(redis_server) == ["crm:ratelimit:global:testclient"]
    recovered = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert any(line["event"] == "rate_limit_storage_recovered" for line in recovered)


def test_degraded_store_probes_redis_only_after_the_retry_interval(
    redis_server: RedisServer,
) -> None:
    now = [0.0]
    store = FallbackStore(RedisStore(redis_server.url), retry_seconds=30, clock=lambda: now[0])

    async def scenario() -> list[bool]:
        results = [(await store.hit("k", 10, 60, 1.0)).allowed]
        redis_server.stop()
        results.append((await store.hit("k", 10, 60, 2.0)).allowed)
        redis_server.start()
        now[0] = 10.0  # Redis is back, but the next probe is not due until t=30
        results.append((await store.hit("k", 10, 60, 3.0)).allowed)
        degraded_before_probe = store.degraded
        now[0] = 31.0
        results.append((await store.hit("k", 10, 60, 4.0)).allowed)
        results.append(degraded_before_probe and not store.degraded)
        await store.primary.close()
        return results

    assert asyncio.run(scenario()) == [True, True, True, True, True]


def test_redis_store_sliding_window(redis_server: RedisServer) -> None:
    store = RedisStore(redis_server.url)

    async def scenario() -> list[tuple[bool, int, float]]:
        out = []
        for now in (100.0, 110.0, 120.0, 159.0, 160.5):
            decision = await store.hit("window", 3, 60.0, now)
            out.append((decision.allowed, decision.remaining, decision.retry_after_seconds))
        await store.close()
        return out

    assert asyncio.run(scenario()) == [
        (True, 2, 0.0),
        (True, 1, 0.0),
        (True, 0, 0.0),
        (False, 0, 1.0),
        (True, 0, 0.0),
    ]


def test_budget_keeps_counting_while_redis_comes_and_goes(
    make_client: AppFactory, redis_server: RedisServer
) -> None:
    """The probe of issue 18 got 260 requests through a 100/min limit by stopping and starting
    Redis: each switch restarted the count from zero. Now no switch reopens the budget."""
    client = make_client(
        redis_url=redis_server.url,
        rate_limit_per_minute=20,
        rate_limit_redis_retry_seconds=0,
        rate_limit_redis_timeout_ms=5000,
    )
    store = client.app.state.rate_limit_store  # type: ignore[attr-defined]
    allowed = 0
    for phase in range(4):  # up, down, up (empty), down
        if phase in (1, 3):
            redis_server.stop()
        elif phase == 2:
            redis_server.start()
        statuses = [client.get("/health").status_code for _ in range(6)]
        assert store.degraded == (phase in (1, 3))
        allowed += statuses.count(200)
        assert set(statuses) <= {200, 429}
    assert allowed == 20  # exactly the limit over the whole minute, across three switches


def test_login_limit_survives_a_redis_outage(
    make_client: AppFactory, redis_server: RedisServer
) -> None:
    client = make_client(
        redis_url=redis_server.url,
        auth_rate_limit_per_minute=5,
        rate_limit_redis_retry_seconds=0,
        rate_limit_redis_timeout_ms=5000,
    )
    body = {"email": "nobody@example.com", "password": "guess"}
    first = [client.post("/api/auth/login", json=body).status_code for _ in range(3)]
    redis_server.stop()
    rest = [client.post("/api/auth/login", json=body).status_code for _ in range(3)]
    assert first + rest == [401] * 5 + [429]


def test_account_throttle_is_shared_through_redis(
    make_client: AppFactory, redis_server: RedisServer
) -> None:
    """Failures counted by one worker throttle the account on every worker; Redis holds a hash
    of the e-mail, never the address."""
    settings = {
        "redis_url": redis_server.url,
        "login_account_failure_limit": 3,
        "rate_limit_redis_timeout_ms": 5000,
    }
    worker_a, worker_b = make_client(**settings), make_client(**settings)
    wrong = {"email": "target@example.com", "password": "guess"}
    assert [worker_a.post("/api/auth/login", json=wrong).status_code for _ in range(3)] == [401] * 3
    assert worker_b.post("/api/auth/login", json=wrong).status_code == 429
    account_keys = [key for key in _keys(redis_server) if "login-account" in key]
    assert len(account_keys) == 1 and "target" not in account_keys[0]
