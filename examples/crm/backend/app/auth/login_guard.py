"""What stands between a login flood and the rest of the API.

* **Bounded hashing**: at most PASSWORD_HASH_CONCURRENCY Argon2 verifications run at once (each
  takes 64 MiB and ~100 ms of a core). Waiting logins wait on an asyncio semaphore, not in a
  worker thread, so a flood neither exhausts the thread pool the other endpoints run in nor
  multiplies memory: 30 parallel logins cost what 2 do, just later.
* **Per-account throttle**: after LOGIN_ACCOUNT_FAILURE_LIMIT failed logins for one e-mail within
  LOGIN_ACCOUNT_WINDOW_SECONDS, further attempts for it are 429 *before* any hashing, whichever
  IP they come from (the per-IP 5/min limit cannot see a botnet). Counted in the rate-limit store,
  so Redis shares it between workers. The key is a hash: no e-mail addresses in Redis.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from app.core.rate_limit import Decision, RateLimitStore


class LoginGuard:
    def __init__(
        self,
        *,
        concurrency: int,
        failure_limit: int,
        window_seconds: float,
        store: RateLimitStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.concurrency = concurrency
        self.failure_limit = failure_limit
        self.window_seconds = window_seconds
        self.store = store
        self.clock = clock
        self.in_flight = 0
        self.peak_in_flight = 0
        self._slots: asyncio.Semaphore | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _semaphore(self) -> asyncio.Semaphore:
        # Created on first use in the serving loop (a semaphore is bound to one event loop).
        loop = asyncio.get_running_loop()
        if self._slots is None or self._loop is not loop:
            self._slots, self._loop = asyncio.Semaphore(self.concurrency), loop
        return self._slots

    @asynccontextmanager
    async def hashing_slot(self) -> AsyncIterator[None]:
        async with self._semaphore():
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            try:
                yield
            finally:
                self.in_flight -= 1

    @staticmethod
    def _key(email: str) -> str:
        digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
        return f"login-account:{digest}"

    async def account_blocked(self, email: str) -> Decision | None:
        """The refusal when this account has too many recent failures, else None."""
        decision = await self.store.peek(
            self._key(email), self.failure_limit, self.window_seconds, self.clock()
        )
        return None if decision.allowed else decision

    async def record_failure(self, email: str) -> None:
        await self.store.hit(
            self._key(email), self.failure_limit, self.window_seconds, self.clock()
        )
