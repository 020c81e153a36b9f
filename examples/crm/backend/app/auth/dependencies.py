"""Who is calling: optional bearer token → ``user_id`` in the request context and logs."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from app.auth.models import User
from app.auth.tokens import InvalidTokenError, verify_access_token
from app.core.context import set_user_id
from app.db import get_session

_UNAUTHORIZED = HTTPException(
    status_code=401, detail="Invalid or expired token", headers={"WWW-Authenticate": "Bearer"}
)


def optional_user(
    request: Request, session: Annotated[Session, Depends(get_session)]
) -> User | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise _UNAUTHORIZED
    try:
        user_id = verify_access_token(token.strip(), request.app.state.settings.secret_key)
    except InvalidTokenError:
        raise _UNAUTHORIZED from None
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise _UNAUTHORIZED
    set_user_id(user.id)
    return user


def current_user(user: Annotated[User | None, Depends(optional_user)]) -> User:
    if user is None:
        raise HTTPException(
            status_code=401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"}
        )
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
