from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.auth.models import Role
from app.core.validation import Email, PersonName


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


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    full_name: PersonName
    password: str = Field(min_length=12, max_length=256)
    role: Role = Role.lettings_negotiator
