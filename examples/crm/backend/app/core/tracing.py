"""In-process trace recorder behind ``GET /trace`` (FR-049, SC-009).

Each request ID maps to the ordered spans and log lines recorded while it was served: the
frontend hop (from the incoming ``X-Request-ID``/``Origin``), the API request and every database
statement. Bounded (oldest request IDs are evicted) so it cannot grow without limit; it is
per-process, which is enough for the example and documented in the README.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any

MAX_ENTRIES_PER_REQUEST = 200


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TraceStore:
    def __init__(self, max_requests: int = 1000) -> None:
        self._max_requests = max_requests
        self._entries: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
        self._lock = threading.Lock()

    def add_span(self, request_id: str, component: str, name: str, **attributes: Any) -> None:
        self._append(
            request_id,
            {"kind": "span", "component": component, "name": name, "time": utc_now_iso()}
            | attributes,
        )

    def add_log(self, request_id: str, event: dict[str, Any]) -> None:
        self._append(request_id, {"kind": "log"} | event)

    def _append(self, request_id: str, entry: dict[str, Any]) -> None:
        with self._lock:
            entries = self._entries.get(request_id)
            if entries is None:
                entries = self._entries[request_id] = []
                while len(self._entries) > self._max_requests:
                    self._entries.popitem(last=False)
            if len(entries) < MAX_ENTRIES_PER_REQUEST:
                entries.append(entry)

    def get(self, request_id: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries.get(request_id, [])]

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
