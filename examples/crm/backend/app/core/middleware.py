"""Outermost ASGI middleware: request ID, security headers, request log line, last-resort 500.

A 5xx log line carries the error type and a stack without exception messages (``safe_stack``):
never SQL parameters or request body values.

Written as plain ASGI (not ``BaseHTTPMiddleware``) so it adds little latency and runs in the
request's own task, which keeps the request context variable visible to everything inside.
It sits outside CORS, rate limiting and metrics, so 404/400/429/500 responses all get the
headers and the ``X-Request-ID`` echo, and every request — rejected or not — is logged once.
"""

from __future__ import annotations

import time
import traceback
from types import TracebackType

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.asgi_json import send_json
from app.core.context import (
    RequestState,
    is_valid_request_id,
    new_request_id,
    reset_state,
    set_state,
)
from app.core.logging import logger
from app.core.security_headers import apply_security_headers
from app.core.tracing import TraceStore


def safe_stack(error: BaseException) -> str:
    """The stack of ``error`` and its causes, with exception *types* but no messages.

    Messages are where data leaks: a database error's text carries the statement's parameters
    (a client's notes, an e-mail), a ValueError often quotes the value it refused. Frames (file,
    line, function, source line) say where it broke, which is what the log line is for.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        tb: TracebackType | None = current.__traceback__
        frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
        kind = type(current)
        parts.append(
            f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}\n"
        )
        current = current.__cause__ or current.__context__
    # Oldest cause first, as Python prints it.
    return "\nDuring handling of the above exception, another exception occurred:\n\n".join(
        reversed(parts)
    )


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestObservabilityMiddleware:
    def __init__(self, app: ASGIApp, *, trace_store: TraceStore | None) -> None:
        self.app = app
        self.trace_store = trace_store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        incoming = _header(scope, b"x-request-id")
        client_supplied = is_valid_request_id(incoming)
        request_id = incoming if client_supplied and incoming else new_request_id()
        state = RequestState(
            request_id=request_id, trace_store=self.trace_store, client_supplied_id=client_supplied
        )
        token = set_state(state)
        path: str = scope.get("path", "")
        method: str = scope.get("method", "")
        request_id_header = request_id.encode()
        started = time.perf_counter()
        status = 500
        response_started = False
        error: BaseException | None = None

        if self.trace_store is not None:
            if client_supplied:
                self.trace_store.add_span(
                    request_id,
                    "frontend",
                    "client request",
                    origin=_header(scope, b"origin"),
                    user_agent=_header(scope, b"user-agent"),
                    request_id_source="X-Request-ID header",
                )
            self.trace_store.add_span(request_id, "api", f"{method} {path}", phase="start")
        if incoming is not None and not client_supplied:
            logger.debug("request_id_rejected", reason="invalid X-Request-ID header")

        async def send_with_headers(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                headers = list(message.get("headers", []))
                apply_security_headers(headers, path)
                headers.append((b"x-request-id", request_id_header))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            error = exc
            status = 500
            if not response_started:
                await send_json(
                    send_with_headers,
                    500,
                    {"detail": "Internal Server Error", "request_id": request_id},
                )
        finally:
            latency_ms = round((time.perf_counter() - started) * 1000, 3)
            fields: dict[str, object] = {
                "method": method,
                "path": path,
                "status": status,
                "latency_ms": latency_ms,
                "client_ip": state.attributes.get("client_ip"),
            }
            if status >= 500:
                if error is not None:
                    fields["error_type"] = type(error).__name__
                    fields["stack_trace"] = safe_stack(error)
                else:
                    fields["error_type"] = state.attributes.get("error_type", f"HTTP{status}")
                logger.error("request", **fields)
            else:
                logger.info("request", **fields)
            if self.trace_store is not None:
                self.trace_store.add_span(
                    request_id,
                    "api",
                    f"{method} {path}",
                    phase="end",
                    status=status,
                    latency_ms=latency_ms,
                )
            reset_state(token)
