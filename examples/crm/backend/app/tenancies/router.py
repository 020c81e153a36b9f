from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from sqlalchemy import select

from app.auth.dependencies import OptionalUser
from app.core.errors import CONFLICT, ERROR_RESPONSES, NOT_FOUND
from app.core.pagination import Limit, Offset
from app.core.validation import IdParam
from app.db import SessionDep, get_or_404
from app.tenancies.models import Tenancy, TenancyStatus
from app.tenancies.schemas import TenancyCreate, TenancyOut, TenancyUpdate
from app.tenancies.service import NotFoundError, TenancyRuleError, create_tenancy, update_tenancy

router = APIRouter(prefix="/api/tenancies", tags=["tenancies"], responses=ERROR_RESPONSES)


@router.post("", status_code=201, responses=NOT_FOUND | CONFLICT)
def create(body: TenancyCreate, session: SessionDep, _user: OptionalUser) -> TenancyOut:
    try:
        return TenancyOut.model_validate(create_tenancy(session, body))
    except NotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    except TenancyRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None


@router.get("")
def list_(
    session: SessionDep,
    _user: OptionalUser,
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
def get(tenancy_id: IdParam, session: SessionDep, _user: OptionalUser) -> TenancyOut:
    return TenancyOut.model_validate(get_or_404(session, Tenancy, tenancy_id))


@router.patch("/{tenancy_id}", responses=NOT_FOUND | CONFLICT)
def update(
    tenancy_id: IdParam, body: TenancyUpdate, session: SessionDep, _user: OptionalUser
) -> TenancyOut:
    tenancy = get_or_404(session, Tenancy, tenancy_id)
    try:
        return TenancyOut.model_validate(update_tenancy(session, tenancy, body))
    except TenancyRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
