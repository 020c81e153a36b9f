from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from app.auth.dependencies import OptionalUser
from app.core.errors import CONFLICT, ERROR_RESPONSES, NOT_FOUND
from app.core.pagination import Limit, Offset
from app.core.validation import IdParam, SearchTerm
from app.db import SessionDep, get_or_404
from app.properties.models import ListingType, Property, PropertyStatus
from app.properties.schemas import PropertyCreate, PropertyOut, PropertyUpdate
from app.properties.service import (
    InvalidTransitionError,
    create_property,
    search_properties,
    update_property,
)

router = APIRouter(prefix="/api/properties", tags=["properties"], responses=ERROR_RESPONSES)


@router.get("")
def list_(
    session: SessionDep,
    _user: OptionalUser,
    search: Annotated[
        SearchTerm | None, Query(description="Address, city or postcode contains")
    ] = None,
    status: PropertyStatus | None = None,
    listing_type: ListingType | None = None,
    min_bedrooms: Annotated[int | None, Query(ge=0, le=50)] = None,
    max_price_pence: Annotated[int | None, Query(ge=0, le=10**12)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[PropertyOut]:
    found = search_properties(
        session,
        search=search,
        status=status,
        listing_type=listing_type,
        min_bedrooms=min_bedrooms,
        max_price_pence=max_price_pence,
        limit=limit,
        offset=offset,
    )
    return [PropertyOut.model_validate(p) for p in found]


@router.post("", status_code=201)
def create(body: PropertyCreate, session: SessionDep, _user: OptionalUser) -> PropertyOut:
    return PropertyOut.model_validate(create_property(session, body))


@router.get("/{property_id}", responses=NOT_FOUND)
def get(property_id: IdParam, session: SessionDep, _user: OptionalUser) -> PropertyOut:
    return PropertyOut.model_validate(get_or_404(session, Property, property_id))


@router.patch("/{property_id}", responses=NOT_FOUND | CONFLICT)
def update(
    property_id: IdParam, body: PropertyUpdate, session: SessionDep, _user: OptionalUser
) -> PropertyOut:
    prop = get_or_404(session, Property, property_id)
    try:
        return PropertyOut.model_validate(update_property(session, prop, body))
    except InvalidTransitionError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
