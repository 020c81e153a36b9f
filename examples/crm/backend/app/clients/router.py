from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response
from sqlalchemy.exc import IntegrityError

from app.auth.dependencies import OptionalUser
from app.clients.models import Client
from app.clients.schemas import ClientCreate, ClientOut, ClientUpdate
from app.clients.service import DuplicateEmailError, create_client, list_clients, update_client
from app.core.errors import CONFLICT, ERROR_RESPONSES, NOT_FOUND
from app.core.pagination import Limit, Offset
from app.core.validation import EmailSearchTerm, IdParam
from app.db import SessionDep, get_or_404

router = APIRouter(prefix="/api/clients", tags=["clients"], responses=ERROR_RESPONSES)


@router.post("", status_code=201, responses=CONFLICT)
def create(body: ClientCreate, session: SessionDep, _user: OptionalUser) -> ClientOut:
    try:
        return ClientOut.model_validate(create_client(session, body))
    except DuplicateEmailError:
        raise HTTPException(status_code=409, detail="A client with this email exists") from None


@router.get("")
def list_(
    session: SessionDep,
    _user: OptionalUser,
    search: Annotated[EmailSearchTerm | None, Query(description="Name or e-mail contains")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[ClientOut]:
    return [ClientOut.model_validate(c) for c in list_clients(session, search, limit, offset)]


@router.get("/{client_id}", responses=NOT_FOUND)
def get(client_id: IdParam, session: SessionDep, _user: OptionalUser) -> ClientOut:
    return ClientOut.model_validate(get_or_404(session, Client, client_id))


@router.patch("/{client_id}", responses=NOT_FOUND | CONFLICT)
def update(
    client_id: IdParam, body: ClientUpdate, session: SessionDep, _user: OptionalUser
) -> ClientOut:
    client = get_or_404(session, Client, client_id)
    try:
        return ClientOut.model_validate(update_client(session, client, body))
    except DuplicateEmailError:
        raise HTTPException(status_code=409, detail="A client with this email exists") from None


@router.delete("/{client_id}", status_code=204, responses=NOT_FOUND | CONFLICT)
def delete(client_id: IdParam, session: SessionDep, _user: OptionalUser) -> Response:
    session.delete(get_or_404(session, Client, client_id))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise HTTPException(
            status_code=409, detail="Client has tenancies, viewings or documents"
        ) from None
    return Response(status_code=204)
