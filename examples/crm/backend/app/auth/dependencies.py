"""Who is calling, and may they: bearer token → user → RBAC matrix (app/auth/permissions.py).

Every protected operation depends on :data:`bearer_scheme`, so FastAPI lists the ``bearerAuth``
scheme under the operation's ``security`` in the OpenAPI document; ``POST /api/auth/login`` is the
only ``/api`` operation without it (tests/test_auth_required.py derives the list from the spec).
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from app.auth.models import User
from app.auth.permissions import Action, Resource, is_allowed
from app.auth.tokens import InvalidTokenError, read_access_token
from app.core.context import set_user_id
from app.core.logging import logger
from app.db import get_session

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    bearerFormat="opaque (v1.<payload>.<signature>)",
    description="The access_token from POST /api/auth/login, as `Authorization: Bearer <token>`.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def unauthorized(detail: str = "Invalid or expired token") -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def user_from_token(request: Request, session: Session, token: str) -> User:
    """The active user a token was issued to, or a 401 (never another error, whatever the bytes)."""
    try:
        claims = read_access_token(token, request.app.state.settings.secret_key)
    except InvalidTokenError:
        raise unauthorized() from None
    user = session.get(User, claims.user_id)
    if user is None or not user.is_active or user.token_version != claims.token_version:
        raise unauthorized()
    set_user_id(user.id)
    return user


def current_user(
    request: Request, session: Annotated[Session, Depends(get_session)], credentials: Credentials
) -> User:
    if credentials is None:
        # No header, or a scheme other than Bearer (Basic, Token…).
        if request.headers.get("authorization") is None:
            raise unauthorized("Not authenticated")
        raise unauthorized()
    return user_from_token(request, session, credentials.credentials)


CurrentUser = Annotated[User, Depends(current_user)]


def forbidden(user: User, action: str, resource: str, detail: str | None = None) -> HTTPException:
    logger.warning("access_denied", role=str(user.role), action=action, resource=resource)
    return HTTPException(
        status_code=403,
        detail=detail or f"Your role ({user.role}) may not {action} {resource.replace('_', ' ')}",
    )


def require(resource: Resource, action: Action) -> Callable[[User], User]:
    """Dependency: the current user, or 403 when the matrix does not grant ``action``."""

    def allowed_user(user: CurrentUser) -> User:
        if not is_allowed(user.role, resource, action):
            raise forbidden(user, action.value, resource.value)
        return user

    allowed_user.__name__ = f"may_{action.value}_{resource.value}"
    return allowed_user


def metrics_access(
    request: Request, session: Annotated[Session, Depends(get_session)], credentials: Credentials
) -> None:
    """Who may scrape ``GET /metrics``:

    * ``Authorization: Bearer $METRICS_TOKEN`` (Prometheus: ``authorization.credentials_file``);
    * a branch manager's access token (RBAC matrix: "/metrics, /trace — BM: R"), other roles 403;
    * nobody else — except that with no METRICS_TOKEN set, outside production, anonymous
      scrapes are still answered (a local Prometheus needs no secret on a laptop).
    """
    settings = request.app.state.settings
    expected: str | None = settings.metrics_token
    if credentials is None:
        if expected is None and settings.environment != "production":
            return
        raise unauthorized("Not authenticated")
    # Header text is latin-1 decoded by the server, so encoding back cannot fail.
    presented = credentials.credentials.encode("latin-1")
    if expected is not None and hmac.compare_digest(presented, expected.encode()):
        return
    user = user_from_token(request, session, credentials.credentials)
    if not is_allowed(user.role, Resource.operations, Action.read):
        raise forbidden(user, "read", "metrics")
