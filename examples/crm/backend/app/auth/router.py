from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from sqlalchemy.orm import Session

from app.auth.dependencies import CurrentUser
from app.auth.schemas import LoginRequest, TokenResponse, UserOut
from app.auth.service import authenticate
from app.auth.tokens import create_access_token
from app.core.context import set_user_id
from app.core.errors import ERROR_RESPONSES, ErrorBody
from app.core.logging import logger
from app.db import get_session

router = APIRouter(prefix="/api/auth", tags=["auth"], responses=ERROR_RESPONSES)


@router.post(
    "/login",
    responses={401: {"model": ErrorBody, "description": "Invalid email or password"}},
)
def login(
    body: LoginRequest, request: Request, session: Annotated[Session, Depends(get_session)]
) -> TokenResponse:
    """Exchange e-mail and password for a bearer token. Limited to AUTH_RATE_LIMIT_PER_MINUTE
    attempts per client IP (5 by default) on top of the global limit."""
    user = authenticate(session, body.email, body.password)
    if user is None:
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
            user.id, settings.secret_key, settings.access_token_ttl_seconds
        ),
        expires_in=settings.access_token_ttl_seconds,
    )


@router.get("/me", responses={401: {"model": ErrorBody, "description": "Not authenticated"}})
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
