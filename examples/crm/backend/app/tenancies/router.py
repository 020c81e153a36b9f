from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response
from sqlalchemy import select

from app.auth.dependencies import require
from app.auth.models import User
from app.auth.permissions import Action, Resource
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
from app.core.pagination import Limit, Offset
from app.core.validation import IdParam
from app.db import SessionDep, get_or_404
from app.tenancies.models import Tenancy, TenancyStatus
from app.tenancies.schemas import TenancyCreate, TenancyOut, TenancyUpdate
from app.tenancies.service import NotFoundError, TenancyRuleError, create_tenancy, update_tenancy

router = APIRouter(prefix="/api/tenancies", tags=["tenancies"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.tenancies, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.tenancies, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.tenancies, Action.update))]


@router.post("", status_code=201, responses=NOT_FOUND | CONFLICT)
def create(
    body: TenancyCreate, session: SessionDep, response: Response, _user: CanCreate
) -> TenancyOut:
    try:
        tenancy = create_tenancy(session, body)
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    except TenancyRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    set_etag(response, tenancy)
    return TenancyOut.model_validate(tenancy)


@router.get("")
def list_(
    session: SessionDep,
    _user: CanRead,
    property_id: Annotated[IdParam | None, Query()] = None,
    client_id: Annotated[IdParam | None, Query()] = None,
    status: TenancyStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[TenancyOut]:
    query = select(Tenancy).order_by(Tenancy.id)
    if property_id is not None:
        query = query.where(Tenancy.property_id == property_id)
    if client_id is not None:
        query = query.where(Tenancy.client_id == client_id)
    if status is not None:
        query = query.where(Tenancy.status == status)
    rows = session.scalars(query.limit(limit).offset(offset))
    return [TenancyOut.model_validate(t) for t in rows]


@router.get("/{tenancy_id}", responses=NOT_FOUND)
def get(tenancy_id: IdParam, session: SessionDep, response: Response, _user: CanRead) -> TenancyOut:
    tenancy = get_or_404(session, Tenancy, tenancy_id)
    set_etag(response, tenancy)
    return TenancyOut.model_validate(tenancy)


@router.patch("/{tenancy_id}", responses=NOT_FOUND | CONFLICT | STALE)
def update(
    tenancy_id: IdParam,
    body: TenancyUpdate,
    session: SessionDep,
    response: Response,
    _user: CanUpdate,
    if_match: IfMatch = None,
) -> TenancyOut:
    tenancy = get_or_404(session, Tenancy, tenancy_id)
    check_if_match(if_match, tenancy)
    try:
        updated = update_tenancy(session, tenancy, body)
    except TenancyRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    set_etag(response, updated)
    return TenancyOut.model_validate(updated)
