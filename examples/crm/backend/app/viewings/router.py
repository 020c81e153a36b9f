from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from sqlalchemy import select

from app.auth.dependencies import require
from app.auth.models import User
from app.auth.permissions import Action, Resource
from app.clients.models import Client
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
from app.core.pagination import Limit, Offset
from app.core.validation import BoundedDatetime, IdParam
from app.db import SessionDep, get_or_404
from app.properties.models import Property, PropertyStatus
from app.viewings.models import Viewing, ViewingStatus
from app.viewings.schemas import ViewingCreate, ViewingOut, ViewingUpdate

router = APIRouter(prefix="/api/viewings", tags=["viewings"], responses=PROTECTED_RESPONSES)
_CLOSED = frozenset({PropertyStatus.sold, PropertyStatus.withdrawn})
CanCreate = Annotated[User, Depends(require(Resource.viewings, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.viewings, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.viewings, Action.update))]
CanDelete = Annotated[User, Depends(require(Resource.viewings, Action.delete))]


@router.post("", status_code=201, responses=NOT_FOUND | CONFLICT)
def create(
    body: ViewingCreate, session: SessionDep, response: Response, _user: CanCreate
) -> ViewingOut:
    prop = get_or_404(session, Property, body.property_id)
    get_or_404(session, Client, body.client_id)
    if prop.status in _CLOSED:
        raise HTTPException(status_code=409, detail=f"property is {prop.status}")
    viewing = Viewing(**body.model_dump(), status=ViewingStatus.scheduled)
    session.add(viewing)
    session.commit()
    set_etag(response, viewing)
    return ViewingOut.model_validate(viewing)


@router.get("")
def list_(
    session: SessionDep,
    _user: CanRead,
    property_id: Annotated[IdParam | None, Query()] = None,
    client_id: Annotated[IdParam | None, Query()] = None,
    scheduled_from: Annotated[BoundedDatetime | None, Query(alias="from")] = None,
    scheduled_to: Annotated[BoundedDatetime | None, Query(alias="to")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ViewingOut]:
    query = select(Viewing).order_by(Viewing.scheduled_at, Viewing.id)
    if property_id is not None:
        query = query.where(Viewing.property_id == property_id)
    if client_id is not None:
        query = query.where(Viewing.client_id == client_id)
    if scheduled_from is not None:
        query = query.where(Viewing.scheduled_at >= scheduled_from)
    if scheduled_to is not None:
        query = query.where(Viewing.scheduled_at < scheduled_to)
    return [
        ViewingOut.model_validate(v) for v in session.scalars(query.limit(limit).offset(offset))
    ]


@router.get("/{viewing_id}", responses=NOT_FOUND)
def get(viewing_id: IdParam, session: SessionDep, response: Response, _user: CanRead) -> ViewingOut:
    viewing = get_or_404(session, Viewing, viewing_id)
    set_etag(response, viewing)
    return ViewingOut.model_validate(viewing)


@router.patch("/{viewing_id}", responses=NOT_FOUND | CONFLICT | STALE)
def update(
    viewing_id: IdParam,
    body: ViewingUpdate,
    session: SessionDep,
    response: Response,
    _user: CanUpdate,
    if_match: IfMatch = None,
) -> ViewingOut:
    viewing = get_or_404(session, Viewing, viewing_id)
    check_if_match(if_match, viewing)
    if viewing.status != ViewingStatus.scheduled and body.scheduled_at is not None:
        raise HTTPException(status_code=409, detail=f"viewing is already {viewing.status}")
    for field, value in body.model_dump(exclude_unset=True).items():
        if value is not None:
            setattr(viewing, field, value)
    session.commit()
    set_etag(response, viewing)
    return ViewingOut.model_validate(viewing)


@router.delete("/{viewing_id}", status_code=204, responses=NOT_FOUND | STALE)
def delete(
    viewing_id: IdParam, session: SessionDep, _user: CanDelete, if_match: IfMatch = None
) -> Response:
    """Remove a booking made in error (cancelled viewings keep their record: PATCH status)."""
    viewing = get_or_404(session, Viewing, viewing_id)
    check_if_match(if_match, viewing)
    session.delete(viewing)
    session.commit()
    return Response(status_code=204)
