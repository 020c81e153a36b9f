from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utc_now

DEFAULT_BRANCH = "main"


class Role(StrEnum):
    """The three estate-agency roles of the RBAC matrix (FR-033, tests/test_rbac.py)."""

    property_manager = "property_manager"
    branch_manager = "branch_manager"
    lettings_negotiator = "lettings_negotiator"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(String(32), default=Role.lettings_negotiator)
    # The branch (office) a user belongs to; branch managers manage the users of their own.
    branch: Mapped[str] = mapped_column(String(64), default=DEFAULT_BRANCH, index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Every token carries the version it was issued under; bumping it (logout, password or role
    # change, deactivation) revokes all of the user's tokens at once without a deny-list table.
    token_version: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's convention
