"""Per-client-IP rate limiting as ASGI middleware (FR-024..FR-027, SC-005; ASVS 6.3.1).

Why not slowapi: it keys limits per exact URL and silently skips routes on included routers in
recent FastAPI versions, so ``/api/clients/1`` and ``/api/clients/2`` — or a stream of 404s —
would each get their own budget. This middleware sits in front of routing, so one budget covers
every path, unknown paths and ``/metrics`` alike.

Algorithm: sliding-window log. A request is allowed when fewer than ``limit`` allowed requests
from the same key fall in the last ``window`` seconds, so no 60-second span ever holds more than
``limit`` allowed requests (a fixed window would allow 2x across a boundary). ``Retry-After`` is
the time until the oldest counted request leaves the window. Rejected requests are not counted.

Storage: Redis (one atomic Lua script per check) when ``REDIS_URL`` is set, so every worker and
instance shares the budget. Process memory counts every request too, all the time: if Redis
fails, checks carry on from that count (not from zero) with a logged warning, Redis is probed
again every ``retry_seconds`` and recovery is logged; a request is allowed only when both the
local count and Redis allow it, so a Redis that comes back empty does not reopen the budget.

Client identity: the socket peer, or — only when the peer is in TRUSTED_PROXIES — the right-most
untrusted ``X-Forwarded-For`` hop. uvicorn gets the same list as ``forwarded_allow_ips``
(app/__main__.py), so it cannot rewrite the peer from a header nobody should trust.
"""

from __future__ import annotations

import ipaddress
import math
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.asgi_json import send_json
from app.core.context import current_state
from app.core.logging import logger

Clock = Callable[[], float]


@dataclass(frozen=True)
class RateLimitRule:
    """``limit`` requests per ``window_seconds`` for paths starting with any of ``prefixes``
    and, when ``methods`` is not empty, only for those methods."""

    name: str
    limit: int
    window_seconds: float = 60.0
    prefixes: tuple[str, ...] = ("/",)
    methods: frozenset[str] = frozenset()

    def applies_to(self, path: str, method: str = "GET") -> bool:
        if self.methods and method not in self.methods:
            return False
        return any(path.startswith(prefix) for prefix in self.prefixes)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after_seconds: float


class RateLimitStore(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float, now: float) -> Decision: ...

    async def peek(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        """Like ``hit`` without counting: would the next one be allowed?"""
        ...


class MemoryStore:
    """Sliding-window log in process memory. Used alone, or as the Redis fallback."""

    _SWEEP_EVERY = 10_000

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._calls = 0

    async def hit(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        return self.hit_sync(key, limit, window_seconds, now)

    async def peek(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        return self.peek_sync(key, limit, window_seconds, now)

    def peek_sync(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        horizon = now - window_seconds
        recent = [hit for hit in self._hits.get(key, ()) if hit > horizon]
        if len(recent) < limit:
            return Decision(True, limit, limit - len(recent), 0.0)
        return Decision(False, limit, 0, recent[0] + window_seconds - now)

    def forget_last(self, key: str, now: float) -> None:
        """Un-count the hit just made at ``now`` (another store refused the request)."""
        hits = self._hits.get(key)
        if hits and hits[-1] == now:
            hits.pop()

    def hit_sync(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        self._calls += 1
        if self._calls % self._SWEEP_EVERY == 0:
            self._sweep(now, window_seconds)
        hits = self._hits.setdefault(key, deque())
        horizon = now - window_seconds
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) < limit:
            hits.append(now)
            return Decision(True, limit, limit - len(hits), 0.0)
        return Decision(False, limit, 0, hits[0] + window_seconds - now)

    def _sweep(self, now: float, window_seconds: float) -> None:
        horizon = now - window_seconds
        for key in [key for key, hits in self._hits.items() if not hits or hits[-1] <= horizon]:
            del self._hits[key]

    def __len__(self) -> int:
        return len(self._hits)


# KEYS[1] = bucket; ARGV = now_ms, window_ms, limit, unique member.
# Returns {allowed (0/1), count after the call, ms until the oldest hit leaves the window}.
_SLIDING_WINDOW_LUA = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return {1, count + 1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, count, tonumber(oldest[2]) + window - now}
"""
# Same arguments; counts without adding (per-account login throttle checks before hashing).
_PEEK_LUA = """
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local horizon = '(' .. (now - window)
local count = redis.call('ZCOUNT', key, horizon, '+inf')
if count < limit then
  return {1, count, 0}
end
local oldest = redis.call('ZRANGEBYSCORE', key, horizon, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
return {0, count, tonumber(oldest[2]) + window - now}
"""


class RedisStore:
    def __init__(self, url: str, *, timeout_seconds: float = 0.25) -> None:
        # No client-side retries: a down Redis must fail fast so the fallback takes over.
        self.client: Redis = Redis.from_url(
            url,
            socket_connect_timeout=timeout_seconds,
            socket_timeout=timeout_seconds,
            retry=Retry(NoBackoff(), 0),
        )
        self._script = self.client.register_script(_SLIDING_WINDOW_LUA)
        self._peek_script = self.client.register_script(_PEEK_LUA)

    async def hit(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        now_ms = int(now * 1000)
        result = await self._script(
            keys=[f"crm:ratelimit:{key}"],
            args=[now_ms, int(window_seconds * 1000), limit, f"{now_ms}:{uuid.uuid4().hex}"],
        )
        allowed, count, retry_ms = (int(part) for part in result)
        return Decision(bool(allowed), limit, max(limit - count, 0), retry_ms / 1000)

    async def peek(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        result = await self._peek_script(
            keys=[f"crm:ratelimit:{key}"],
            args=[int(now * 1000), int(window_seconds * 1000), limit],
        )
        allowed, count, retry_ms = (int(part) for part in result)
        return Decision(bool(allowed), limit, max(limit - count, 0), retry_ms / 1000)

    async def close(self) -> None:
        await self.client.aclose()


class FallbackStore:
    """Redis first, with process memory always counting too (edge case in the seed spec).

    Memory is a per-process lower bound of the shared count: it never forgets a request because
    Redis was away, so an outage (or Redis restarting empty) cannot reset anyone's budget.
    """

    def __init__(self, primary: RedisStore, *, retry_seconds: float, clock: Clock) -> None:
        self.primary = primary
        self.fallback = MemoryStore()
        self.retry_seconds = retry_seconds
        self.clock = clock
        self.degraded = False
        self._next_probe = 0.0

    def _redis_due(self) -> bool:
        return not self.degraded or self.clock() >= self._next_probe

    def _mark_down(self, error: BaseException) -> None:
        if not self.degraded:
            logger.warning(
                "rate_limit_storage_unavailable",
                storage="redis",
                fallback="memory",
                error_type=type(error).__name__,
                error=str(error),
            )
        self.degraded = True
        self._next_probe = self.clock() + self.retry_seconds

    def _mark_up(self) -> None:
        if self.degraded:
            self.degraded = False
            logger.warning("rate_limit_storage_recovered", storage="redis")

    async def hit(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        local = self.fallback.hit_sync(key, limit, window_seconds, now)
        if not local.allowed or not self._redis_due():
            return local
        try:
            shared = await self.primary.hit(key, limit, window_seconds, now)
        except (RedisError, OSError) as error:
            self._mark_down(error)
            return local
        self._mark_up()
        if not shared.allowed:
            self.fallback.forget_last(key, now)  # refused requests are not counted
        return shared

    async def peek(self, key: str, limit: int, window_seconds: float, now: float) -> Decision:
        local = self.fallback.peek_sync(key, limit, window_seconds, now)
        if not local.allowed or not self._redis_due():
            return local
        try:
            shared = await self.primary.peek(key, limit, window_seconds, now)
        except (RedisError, OSError) as error:
            self._mark_down(error)
            return local
        self._mark_up()
        return shared


def parse_networks(
    entries: Sequence[str],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _as_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_ip(
    scope: Scope, trusted: Sequence[ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> str:
    """The socket peer, unless the peer is a trusted proxy: then the right-most untrusted
    ``X-Forwarded-For`` hop (the left-most entries are client-controlled and easy to forge)."""
    client = scope.get("client")
    peer = str(client[0]) if client else "unknown"
    if not trusted:
        return peer
    peer_ip = _as_ip(peer)
    if peer_ip is None or not any(peer_ip in network for network in trusted):
        return peer
    forwarded = ""
    for key, value in scope.get("headers", ()):
        if key == b"x-forwarded-for":
            forwarded = value.decode("latin-1")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        hop_ip = _as_ip(hop)
        if hop_ip is None:
            return peer
        if not any(hop_ip in network for network in trusted):
            return str(hop_ip)
    return str(_as_ip(hops[0])) if hops else peer


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        rules: Sequence[RateLimitRule],
        store: RateLimitStore,
        trusted_proxies: Sequence[str] = (),
        cors_origin: str | None = None,
        clock: Clock = time.time,
    ) -> None:
        self.app = app
        # This middleware sits outside CORS (so preflights are counted too); it therefore adds
        # the CORS headers to its own 429s, or the browser would hide the status from the app.
        self.cors_origin = cors_origin.encode() if cors_origin else None
        self.rules = tuple(rules)
        self.store = store
        self.trusted = parse_networks(trusted_proxies)
        self.clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        ip = client_ip(scope, self.trusted)
        state = current_state()
        if state is not None:
            state.attributes["client_ip"] = ip
        now = self.clock()
        for rule in self.rules:
            if not rule.applies_to(path, method):
                continue
            decision = await self.store.hit(
                f"{rule.name}:{ip}", rule.limit, rule.window_seconds, now
            )
            if not decision.allowed:
                logger.warning("rate_limited", rule=rule.name, client_ip=ip, limit=rule.limit)
                await self._reject(scope, send, rule, decision)
                return
        await self.app(scope, receive, send)

    async def _reject(
        self, scope: Scope, send: Send, rule: RateLimitRule, decision: Decision
    ) -> None:
        retry_after = max(1, math.ceil(decision.retry_after_seconds))
        headers = [
            (b"retry-after", str(retry_after).encode()),
            (b"ratelimit-limit", str(rule.limit).encode()),
            (b"ratelimit-remaining", b"0"),
            (b"ratelimit-reset", str(retry_after).encode()),
        ]
        origin = next((v for k, v in scope.get("headers", ()) if k == b"origin"), None)
        if self.cors_origin is not None and origin == self.cors_origin:
            headers += [
                (b"access-control-allow-origin", self.cors_origin),
                (b"access-control-allow-credentials", b"true"),
                (b"access-control-expose-headers", b"X-Request-ID, Retry-After"),
                (b"vary", b"Origin"),
            ]
        payload: dict[str, object] = {
            "detail": "Too Many Requests",
            "limit": f"{rule.limit} per {int(rule.window_seconds)} seconds",
            "retry_after_seconds": retry_after,
        }
        await send_json(send, 429, payload, headers)
