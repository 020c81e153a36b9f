"""``/api/users``: the "users and roles — CRUD (branch)" row of the RBAC matrix.

Only branch managers, and only for users of their own branch: another branch's user is 403
for every operation (and creating one there too). Changing a user's role, password or active
flag bumps their token version, so their existing tokens stop working at once.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response
from sqlalchemy import select

from app.auth.dependencies import forbidden, require
from app.auth.models import User
from app.auth.passwords import hash_password
from app.auth.permissions import Action, Resource
from app.auth.schemas import UserCreate, UserCreateRequest, UserOut, UserUpdate
from app.auth.service import EmailTakenError, create_user
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
from app.core.pagination import Limit, Offset
from app.core.validation import IdParam
from app.db import SessionDep, get_or_404

router = APIRouter(prefix="/api/users", tags=["users"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.users, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.users, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.users, Action.update))]
CanDelete = Annotated[User, Depends(require(Resource.users, Action.delete))]


def _own_branch_only(manager: User) -> str:
    return f"You manage only the users of your own branch ({manager.branch})"


def _same_branch(session: SessionDep, manager: User, user_id: int, action: str) -> User:
    user = get_or_404(session, User, user_id)
    if user.branch != manager.branch:
        raise forbidden(manager, action, "users", _own_branch_only(manager))
    return user


@router.get("")
def list_(
    session: SessionDep, manager: CanRead, limit: Limit = 50, offset: Offset = 0
) -> list[UserOut]:
    """The users of your branch."""
    query = select(User).where(User.branch == manager.branch).order_by(User.id)
    return [UserOut.model_validate(u) for u in session.scalars(query.limit(limit).offset(offset))]


@router.post("", status_code=201, responses=CONFLICT)
def create(
    body: UserCreateRequest, session: SessionDep, response: Response, manager: CanCreate
) -> UserOut:
    branch = body.branch or manager.branch
    if branch != manager.branch:
        raise forbidden(manager, "create", "users", _own_branch_only(manager))
    data = UserCreate(**(body.model_dump() | {"branch": branch}))
    try:
        user = create_user(session, data)
    except EmailTakenError:
        raise HTTPException(status_code=409, detail="A user with this email exists") from None
    set_etag(response, user)
    return UserOut.model_validate(user)


@router.get("/{user_id}", responses=NOT_FOUND)
def get(user_id: IdParam, session: SessionDep, response: Response, manager: CanRead) -> UserOut:
    user = _same_branch(session, manager, user_id, "read")
    set_etag(response, user)
    return UserOut.model_validate(user)


@router.patch("/{user_id}", responses=NOT_FOUND | STALE)
def update(
    user_id: IdParam,
    body: UserUpdate,
    session: SessionDep,
    response: Response,
    manager: CanUpdate,
    if_match: IfMatch = None,
) -> UserOut:
    user = _same_branch(session, manager, user_id, "change")
    check_if_match(if_match, user)
    changes = body.model_dump(exclude_unset=True, exclude_none=True)
    if "password" in changes:
        user.password_hash = hash_password(changes.pop("password"))
        user.token_version += 1
    if ("role" in changes and changes["role"] != user.role) or (
        "is_active" in changes and changes["is_active"] != user.is_active
    ):
        user.token_version += 1
    for field, value in changes.items():
        setattr(user, field, value)
    session.commit()
    set_etag(response, user)
    return UserOut.model_validate(user)


@router.delete("/{user_id}", status_code=204, responses=NOT_FOUND | CONFLICT | STALE)
def delete(
    user_id: IdParam, session: SessionDep, manager: CanDelete, if_match: IfMatch = None
) -> Response:
    user = _same_branch(session, manager, user_id, "delete")
    if user.id == manager.id:
        raise HTTPException(status_code=409, detail="You cannot delete your own account")
    check_if_match(if_match, user)
    session.delete(user)
    session.commit()
    return Response(status_code=204)
