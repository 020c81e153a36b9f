"""A JSON answer sent straight over ASGI, for middleware that refuses a request itself.

The body limit (413), the rate limiter (429) and the last-resort 500 answer before or outside
FastAPI, so no ``JSONResponse`` is at hand; they share this instead of three copies of the
two ASGI messages and their ``Content-Length``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.types import Send


async def send_json(
    send: Send,
    status: int,
    payload: dict[str, object],
    extra_headers: Iterable[tuple[bytes, bytes]] = (),
) -> None:
    """Send ``payload`` as a complete ``application/json`` response with ``status``."""
    body = json.dumps(payload).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
