"""Error responses: validation failures answer 400 (not FastAPI's 422) before any database work;
a busy database 503 + Retry-After, a full disk 507 (app/core/outages.py); a write that lost a
race 412 (If-Match sent) or 409 (not sent)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError

from app.core.context import current_state
from app.core.logging import logger
from app.core.outages import classify


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


async def _outage(request: Request, exc: Exception) -> JSONResponse:
    outage = classify(exc)
    if outage is None:
        raise exc  # a bug, not a bad day: the observability middleware logs it and answers 500
    state = current_state()
    if state is not None:
        # The request log line of a 503/507 names the cause (type only: no SQL, no values).
        state.attributes["error_type"] = type(exc).__name__
    logger.warning("storage_unavailable", status=outage.status, error_type=type(exc).__name__)
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
