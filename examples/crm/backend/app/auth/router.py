from __future__ import annotations

import math
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from app.auth.dependencies import CurrentUser
from app.auth.login_guard import LoginGuard
from app.auth.schemas import LoginRequest, TokenResponse, UserOut
from app.auth.service import authenticate
from app.auth.tokens import create_access_token
from app.core.context import set_user_id
from app.core.errors import AUTH_RESPONSES, ERROR_RESPONSES, ErrorBody
from app.core.logging import logger
from app.db import SessionDep

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=ERROR_RESPONSES)
_BAD_CREDENTIALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Invalid email or password"}
}
_ACCOUNT_THROTTLED: dict[int | str, dict[str, Any]] = {
    429: {
        "model": ErrorBody,
        "description": "Too many attempts from this client, or failures for this account",
    }
}


@router.post("/login", responses=_BAD_CREDENTIALS | _ACCOUNT_THROTTLED)
async def login(body: LoginRequest, request: Request, session: SessionDep) -> TokenResponse:
    """Exchange e-mail and password for a bearer token. Limited to AUTH_RATE_LIMIT_PER_MINUTE
    attempts per client IP (5 by default) on top of the global limit, and to
    LOGIN_ACCOUNT_FAILURE_LIMIT failures per account per LOGIN_ACCOUNT_WINDOW_SECONDS."""
    guard: LoginGuard = request.app.state.login_guard
    blocked = await guard.account_blocked(body.email)
    if blocked is not None:
        retry_after = max(1, math.ceil(blocked.retry_after_seconds))
        logger.warning("login_throttled", reason="account_failures", retry_after=retry_after)
        raise HTTPException(
            status_code=429,
            detail="Too many failed logins for this account; try again later",
            headers={"Retry-After": str(retry_after)},
        )
    async with guard.hashing_slot():
        user = await run_in_threadpool(authenticate, session, body.email, body.password)
    if user is None:
        await guard.record_failure(body.email)
        logger.warning("login_failed", reason="invalid_credentials")
        raise HTTPException(
            status_code=401,
            detail="Invalid email or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    set_user_id(user.id)
    settings = request.app.state.settings
    logger.info("login_succeeded")
    return TokenResponse(
        access_token=create_access_token(
            user.id,
            settings.secret_key,
            settings.access_token_ttl_seconds,
            token_version=user.token_version,
        ),
        expires_in=settings.access_token_ttl_seconds,
    )


@router.get("/me", responses=AUTH_RESPONSES)
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)


@router.post("/logout", status_code=204, responses=AUTH_RESPONSES)
def logout(user: CurrentUser, session: SessionDep) -> Response:
    """Revoke the token: every token issued to this user so far stops working (401)."""
    user.token_version += 1
    session.commit()
    logger.info("logout")
    return Response(status_code=204)
