from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from app.clients.models import Client
from app.clients.schemas import ClientCreate, ClientUpdate
from app.core.pagination import like_pattern


class DuplicateEmailError(Exception):
    pass


def _email_in_use(session: Session, email: str, exclude_id: int | None = None) -> bool:
    query = select(func.count()).select_from(Client).where(Client.email == email)
    if exclude_id is not None:
        query = query.where(Client.id != exclude_id)
    return bool(session.scalar(query))


def create_client(session: Session, data: ClientCreate) -> Client:
    if _email_in_use(session, data.email):
        raise DuplicateEmailError(data.email)
    client = Client(**data.model_dump())
    session.add(client)
    session.commit()
    return client


def update_client(session: Session, client: Client, data: ClientUpdate) -> Client:
    changes = data.model_dump(exclude_unset=True)
    if changes.get("email") and _email_in_use(session, changes["email"], exclude_id=client.id):
        raise DuplicateEmailError(changes["email"])
    for field, value in changes.items():
        if value is None and field in ("full_name", "email", "notes"):
            continue  # required columns: null means "leave unchanged"
        setattr(client, field, value)
    session.commit()
    return client


# The columns a list shows, read as plain rows: a page of clients is read-only, so the ORM's
# per-object work (identity map, change tracking, instance state) is skipped. On the load
# bench this cut the list endpoint's server CPU per request (README, "Load test").
_LIST_COLUMNS = tuple(
    Client.__table__.c[name]
    for name in ("id", "full_name", "email", "phone", "notes", "created_at", "updated_at")
)


def list_clients(
    session: Session, search: str | None, limit: int, offset: int
) -> Sequence[Row[Any]]:
    query = select(*_LIST_COLUMNS).order_by(Client.id)
    if search:
        pattern = like_pattern(search)
        query = query.where(
            or_(
                Client.full_name.ilike(pattern, escape="\\"),
                Client.email.ilike(pattern, escape="\\"),
            )
        )
    return session.execute(query.limit(limit).offset(offset)).all()
