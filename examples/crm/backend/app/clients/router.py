from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from pydantic import TypeAdapter
from sqlalchemy.exc import IntegrityError

from app.auth.dependencies import require
from app.auth.models import User
from app.auth.permissions import Action, Resource
from app.clients.models import Client
from app.clients.schemas import ClientCreate, ClientOut, ClientUpdate
from app.clients.service import DuplicateEmailError, create_client, list_clients, update_client
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
from app.core.pagination import Limit, Offset
from app.core.validation import EmailSearchTerm, IdParam
from app.db import SessionDep, get_or_404

# One validation call for the whole page (rows → ClientOut), instead of one per client.
_CLIENT_PAGE = TypeAdapter(list[ClientOut])
router = APIRouter(prefix="/api/clients", tags=["clients"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.clients, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.clients, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.clients, Action.update))]
CanDelete = Annotated[User, Depends(require(Resource.clients, Action.delete))]


@router.post("", status_code=201, responses=CONFLICT)
def create(
    body: ClientCreate, session: SessionDep, response: Response, _user: CanCreate
) -> ClientOut:
    try:
        client = create_client(session, body)
    except DuplicateEmailError:
        raise HTTPException(status_code=409, detail="A client with this email exists") from None
    set_etag(response, client)
    return ClientOut.model_validate(client)


@router.get("")
def list_(
    session: SessionDep,
    _user: CanRead,
    search: Annotated[EmailSearchTerm | None, Query(description="Name or e-mail contains")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ClientOut]:
    return _CLIENT_PAGE.validate_python(
        list_clients(session, search, limit, offset), from_attributes=True
    )


@router.get("/{client_id}", responses=NOT_FOUND)
def get(client_id: IdParam, session: SessionDep, response: Response, _user: CanRead) -> ClientOut:
    client = get_or_404(session, Client, client_id)
    set_etag(response, client)
    return ClientOut.model_validate(client)


@router.patch("/{client_id}", responses=NOT_FOUND | CONFLICT | STALE)
def update(
    client_id: IdParam,
    body: ClientUpdate,
    session: SessionDep,
    response: Response,
    _user: CanUpdate,
    if_match: IfMatch = None,
) -> ClientOut:
    client = get_or_404(session, Client, client_id)
    check_if_match(if_match, client)
    try:
        updated = update_client(session, client, body)
    except DuplicateEmailError:
        raise HTTPException(status_code=409, detail="A client with this email exists") from None
    set_etag(response, updated)
    return ClientOut.model_validate(updated)


@router.delete("/{client_id}", status_code=204, responses=NOT_FOUND | CONFLICT | STALE)
def delete(
    client_id: IdParam, session: SessionDep, _user: CanDelete, if_match: IfMatch = None
) -> Response:
    client = get_or_404(session, Client, client_id)
    check_if_match(if_match, client)
    session.delete(client)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(
            status_code=409, detail="Client has tenancies, viewings or documents"
        ) from None
    return Response(status_code=204)
