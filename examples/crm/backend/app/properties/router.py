from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response

from app.auth.dependencies import forbidden, require
from app.auth.models import User
from app.auth.permissions import Action, Resource, forbidden_fields
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
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

router = APIRouter(prefix="/api/properties", tags=["properties"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.properties, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.properties, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.properties, Action.update))]


@router.get("")
def list_(
    session: SessionDep,
    _user: CanRead,
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
def create(
    body: PropertyCreate, session: SessionDep, response: Response, _user: CanCreate
) -> PropertyOut:
    prop = create_property(session, body)
    set_etag(response, prop)
    return PropertyOut.model_validate(prop)


@router.get("/{property_id}", responses=NOT_FOUND)
def get(
    property_id: IdParam, session: SessionDep, response: Response, _user: CanRead
) -> PropertyOut:
    prop = get_or_404(session, Property, property_id)
    set_etag(response, prop)
    return PropertyOut.model_validate(prop)


@router.patch("/{property_id}", responses=NOT_FOUND | CONFLICT | STALE)
def update(
    property_id: IdParam,
    body: PropertyUpdate,
    session: SessionDep,
    response: Response,
    user: CanUpdate,
    if_match: IfMatch = None,
) -> PropertyOut:
    """Lettings negotiators may change ``status`` only (RBAC matrix: "R U (status only)")."""
    refused = forbidden_fields(user.role, Resource.properties, body.model_fields_set)
    if refused:
        raise forbidden(user, f"change {', '.join(refused)} of", Resource.properties.value)
    prop = get_or_404(session, Property, property_id)
    check_if_match(if_match, prop)
    try:
        updated = update_property(session, prop, body)
    except InvalidTransitionError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    set_etag(response, updated)
    return PropertyOut.model_validate(updated)
