from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.auth.models import DEFAULT_BRANCH, Role
from app.core.validation import Email, PersonName

# A branch is a short lower-case slug: "main", "dublin-north".
BranchName = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", max_length=64)
]
Password = Annotated[str, Field(min_length=12, max_length=256)]


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    password: str = Field(min_length=1, max_length=256)


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - OAuth2 token type, not a secret
    expires_in: int


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    full_name: str
    role: Role
    branch: str
    is_active: bool


class UserCreate(BaseModel):
    """A new login (CLI, seed user, and the body of POST /api/users)."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    full_name: PersonName
    password: Password
    role: Role = Role.lettings_negotiator
    branch: BranchName = DEFAULT_BRANCH


class UserCreateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    full_name: PersonName
    password: Password
    role: Role = Role.lettings_negotiator
    branch: BranchName | None = Field(
        default=None, description="Defaults to the branch manager's own; any other is 403"
    )


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: PersonName | None = None
    role: Role | None = None
    is_active: bool | None = None
    password: Password | None = None
