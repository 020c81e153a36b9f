"""FR-024..FR-027, SC-005 with the in-memory store: one budget per client IP across every path
(different URLs, 404s, /metrics), 429 + Retry-After on the 101st request, a true sliding
window, and client IPs taken from the socket unless the peer is a trusted proxy."""

from __future__ import annotations

import asyncio

import pytest
from starlette.testclient import TestClient
from starlette.types import Scope

from app.core.rate_limit import MemoryStore, client_ip, parse_networks
from tests.conftest import AppFactory


def _default_limits(make_client: AppFactory) -> TestClient:
    # The shipped defaults: 100/min globally, 5/min on auth.
    return make_client(rate_limit_per_minute=100, auth_rate_limit_per_minute=5)


def test_101st_request_is_429_with_retry_after(make_client: AppFactory) -> None:
    client = _default_limits(make_client)
    statuses = [client.get("/api/properties").status_code for _ in range(100)]
    assert statuses == [200] * 100
    limited = client.get("/api/properties")
    assert limited.status_code == 429
    retry_after = int(limited.headers["retry-after"])
    assert 1 <= retry_after <= 60
    assert limited.json()["detail"] == "Too Many Requests"
    assert limited.headers["ratelimit-limit"] == "100"


def test_budget_is_shared_across_different_paths(make_client: AppFactory) -> None:
    client = _default_limits(make_client)
    paths = ["/api/properties", "/api/clients", "/health", "/api/tenancies", "/openapi.json"]
    for index in range(100):
        path = paths[index % len(paths)] if index % 2 else f"/api/clients/{index + 1}"
        assert client.get(path).status_code != 429, index
    assert client.get("/api/viewings").status_code == 429
    assert client.get("/api/clients/100000").status_code == 429


def test_404s_count_and_are_limited(make_client: AppFactory) -> None:
    client = _default_limits(make_client)
    for index in range(100):
        assert client.get(f"/does-not-exist/{index}").status_code == 404
    assert client.get("/does-not-exist/again").status_code == 429
    assert client.get("/api/properties").status_code == 429


def test_metrics_endpoint_is_limited(make_client: AppFactory) -> None:
    client = _default_limits(make_client)
    for _ in range(100):
        assert client.get("/metrics").status_code == 200
    assert client.get("/metrics").status_code == 429


def test_other_clients_have_their_own_budget(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=3)
    app = client.app
    for _ in range(3):
        client.get("/health")
    assert client.get("/health").status_code == 429
    with TestClient(app, client=("203.0.113.9", 4000)) as other:
        assert other.get("/health").status_code == 200


def test_sliding_window_never_admits_more_than_the_limit() -> None:
    store = MemoryStore()

    def hit(now: float) -> bool:
        return asyncio.run(store.hit("ip", 3, 60.0, now)).allowed

    assert [hit(0), hit(10), hit(20)] == [True, True, True]
    decision = asyncio.run(store.hit("ip", 3, 60.0, 59))
    assert not decision.allowed and decision.retry_after_seconds == pytest.approx(1)
    # A fixed window would reset at t=60 and admit 3 more; the sliding window admits one at a
    # time as old hits expire.
    assert [hit(60.5), hit(61)] == [True, False]
    assert [hit(70.5), hit(80.5)] == [True, True]


def test_memory_store_sweeps_idle_keys() -> None:
    store = MemoryStore()
    store._SWEEP_EVERY = 3
    asyncio.run(store.hit("a", 5, 1.0, 0))
    asyncio.run(store.hit("b", 5, 1.0, 0))
    assert len(store) == 2
    asyncio.run(store.hit("c", 5, 1.0, 10))  # third call sweeps keys idle for a window
    assert len(store) == 1


def _scope(peer: str, forwarded: str | None = None) -> Scope:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 1234), "headers": headers}


def test_client_ip_is_the_socket_peer_by_default() -> None:
    assert client_ip(_scope("198.51.100.7", "1.2.3.4"), ()) == "198.51.100.7"


def test_forwarded_for_is_used_only_from_trusted_proxies() -> None:
    trusted = parse_networks(["10.0.0.0/8"])
    assert client_ip(_scope("10.1.2.3", "203.0.113.5"), trusted) == "203.0.113.5"
    # Spoofed left-most entries are ignored: the right-most untrusted hop wins.
    assert client_ip(_scope("10.1.2.3", "6.6.6.6, 203.0.113.5, 10.9.9.9"), trusted) == (
        "203.0.113.5"
    )
    assert client_ip(_scope("198.51.100.7", "203.0.113.5"), trusted) == "198.51.100.7"
    assert client_ip(_scope("10.1.2.3"), trusted) == "10.1.2.3"
    assert client_ip(_scope("10.1.2.3", "garbage"), trusted) == "10.1.2.3"
    assert client_ip(_scope("10.1.2.3", "10.0.0.1"), trusted) == "10.0.0.1"
    assert client_ip(_scope("testclient"), trusted) == "testclient"
    assert client_ip({"type": "http", "headers": []}, ()) == "unknown"


def test_trusted_proxy_setting_end_to_end(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=2, trusted_proxies=("127.0.0.1",))
    with TestClient(client.app, client=("127.0.0.1", 5000)) as proxied:
        for _ in range(2):
            proxied.get("/health", headers={"X-Forwarded-For": "203.0.113.1"})
        assert proxied.get("/health", headers={"X-Forwarded-For": "203.0.113.1"}).status_code == 429
        assert proxied.get("/health", headers={"X-Forwarded-For": "203.0.113.2"}).status_code == 200


def test_websocket_and_lifespan_scopes_pass_through() -> None:
    from app.core.rate_limit import RateLimitMiddleware, RateLimitRule

    seen: list[str] = []

    async def inner(scope: Scope, receive: object, send: object) -> None:
        seen.append(scope["type"])

    middleware = RateLimitMiddleware(inner, rules=[RateLimitRule("g", 1)], store=MemoryStore())
    asyncio.run(middleware({"type": "lifespan"}, None, None))  # type: ignore[arg-type]
    assert seen == ["lifespan"]
