"""Error responses: validation failures answer 400 (not FastAPI's 422) before any database work;
a busy database 503 + Retry-After, a full disk 507 (app/core/outages.py); a write that lost a
race 412 (If-Match sent) or 409 (not sent).

Every 400 has the documented ``ValidationErrorBody`` shape, including a body that is not JSON at
all (FastAPI's own "There was an error parsing the body"), and a 405 lists in ``Allow`` every
method of the path, not only those of the first route that matched it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from app.core.context import current_state
from app.core.logging import logger
from app.core.outages import classify, error_code


class ErrorDetail(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorBody(BaseModel):
    detail: str
    errors: list[ErrorDetail]


class ErrorBody(BaseModel):
    detail: str


def _clean(error: dict[str, Any]) -> dict[str, Any]:
    # Leave out the offending input: it may be a password, and echoing payloads helps nobody.
    return {"loc": list(error.get("loc", ())), "msg": error.get("msg", ""), "type": error["type"]}


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101 - registered for this type only
    errors = [_clean(e) for e in exc.errors()]
    # A security event (seed: "Security Event" entity) without the payload itself: which
    # fields were refused and why is enough to spot a probe in the logs.
    logger.warning(
        "input_rejected",
        path=request.url.path,
        fields=[".".join(str(part) for part in e["loc"]) for e in errors],
        reasons=sorted({e["type"] for e in errors}),
    )
    return JSONResponse(status_code=400, content={"detail": "Validation failed", "errors": errors})


def _leaf_routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        # FastAPI keeps an included APIRouter as one wrapper route (``original_router``);
        # Starlette's own 405 only sees the first route that matched the path inside it.
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _leaf_routes(included.routes)
        else:
            yield route


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this request's path."""
    methods: set[str] = set()
    for route in _leaf_routes(request.app.router.routes):
        match, _ = route.matches(request.scope)
        route_methods: set[str] | None = getattr(route, "methods", None)
        if match != Match.NONE and route_methods:
            methods |= route_methods
    return sorted(methods)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101 - registered for this type only
    if exc.status_code == 400 and isinstance(exc.detail, str):
        # Raised by FastAPI itself when the body cannot be decoded (not JSON, not UTF-8).
        errors = [{"loc": ["body"], "msg": exc.detail, "type": "body_unreadable"}]
        return JSONResponse(
            status_code=400,
            content={"detail": "Validation failed", "errors": errors},
            headers=exc.headers,
        )
    if exc.status_code == 405:
        headers = dict(exc.headers or {}) | {"Allow": ", ".join(allowed_methods(request))}
        return JSONResponse(
            status_code=405, content={"detail": "Method Not Allowed"}, headers=headers
        )
    return await http_exception_handler(request, exc)


async def _outage(request: Request, exc: Exception) -> JSONResponse:
    outage = classify(exc)
    if outage is None:
        raise exc  # a bug, not a bad day: the observability middleware logs it and answers 500
    state = current_state()
    if state is not None:
        # The request log line of a 503/507 names the cause (type only: no SQL, no values).
        state.attributes["error_type"] = type(exc).__name__
    logger.warning(
        "storage_unavailable",
        status=outage.status,
        error_type=type(exc).__name__,
        code=error_code(exc),
    )
    headers = {}
    if outage.retry_after_seconds is not None:
        headers["Retry-After"] = str(outage.retry_after_seconds)
    return JSONResponse(
        status_code=outage.status, content={"detail": outage.detail}, headers=headers
    )


async def _lost_race(request: Request, exc: Exception) -> JSONResponse:
    """The row changed between this request's read and its write (SQLAlchemy version check)."""
    if request.headers.get("if-match") is not None:
        return JSONResponse(
            status_code=412,
            content={"detail": "The record was changed by someone else; reload it and retry"},
        )
    return JSONResponse(
        status_code=409,
        content={"detail": "The record was changed by a concurrent request; retry"},
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DBAPIError, _outage)
    app.add_exception_handler(PoolTimeoutError, _outage)
    app.add_exception_handler(OSError, _outage)
    app.add_exception_handler(StaleDataError, _lost_race)


_UNAVAILABLE_HEADERS = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds"}}

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ValidationErrorBody, "description": "Validation failed"},
    429: {"model": ErrorBody, "description": "Too Many Requests (see Retry-After)"},
    503: {
        "model": ErrorBody,
        "description": "The database is busy or unavailable (see Retry-After)",
        "headers": _UNAVAILABLE_HEADERS,
    },
}
# Every operation that needs a bearer token.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {
        "model": ErrorBody,
        "description": "Missing, invalid, expired or revoked token",
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    },
    403: {"model": ErrorBody, "description": "Your role may not do this (RBAC matrix)"},
}
PROTECTED_RESPONSES = ERROR_RESPONSES | AUTH_RESPONSES
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "Not found"}}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorBody, "description": "Conflict"}}
STALE: dict[int | str, dict[str, Any]] = {
    412: {"model": ErrorBody, "description": "If-Match does not match the current ETag"},
    409: {"model": ErrorBody, "description": "Conflict"},
}
STORAGE_FULL: dict[int | str, dict[str, Any]] = {
    507: {"model": ErrorBody, "description": "Storage is full; nothing was saved"}
}
