from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.auth.models import Role, User
from app.auth.passwords import hash_password, needs_rehash, verify_password
from app.auth.schemas import UserCreate


class EmailTakenError(Exception):
    pass


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.lower())).first()


def create_user(session: Session, data: UserCreate) -> User:
    if find_user_by_email(session, data.email) is not None:
        raise EmailTakenError(data.email)
    user = User(
        email=data.email.lower(),
        full_name=data.full_name,
        password_hash=hash_password(data.password),
        role=data.role,
        branch=data.branch,
    )
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user for these credentials, or None. Same work whether or not the e-mail exists."""
    user = find_user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.commit()
    return user


def ensure_seed_user(
    session: Session,
    email: str | None,
    password: str | None,
    role: Role | str = Role.lettings_negotiator,
) -> User | None:
    """Create the SEED_USER_* account once (development and end-to-end tests)."""
    if not email or not password:
        return None
    existing = find_user_by_email(session, email)
    if existing is not None:
        return existing
    data = UserCreate(email=email, full_name="Seed User", password=password, role=Role(role))
    return create_user(session, data)
