"""Error responses: validation failures answer 400 (not FastAPI's 422) before any database work."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.core.logging import logger


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


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ValidationErrorBody, "description": "Validation failed"},
    429: {"model": ErrorBody, "description": "Too Many Requests (see Retry-After)"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "Not found"}}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorBody, "description": "Conflict"}}
