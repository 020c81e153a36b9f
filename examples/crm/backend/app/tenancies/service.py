"""Tenancy rules: only let listings, no overlapping tenancies, status moves the property."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.clients.models import Client
from app.properties.models import ListingType, Property, PropertyStatus
from app.tenancies.models import Tenancy, TenancyStatus
from app.tenancies.schemas import TenancyCreate, TenancyUpdate

_NEXT: dict[TenancyStatus, frozenset[TenancyStatus]] = {
    TenancyStatus.pending: frozenset({TenancyStatus.active, TenancyStatus.ended}),
    TenancyStatus.active: frozenset({TenancyStatus.ended}),
    TenancyStatus.ended: frozenset(),
}


class TenancyRuleError(Exception):
    """A business rule refused the change; the message says which (answered as 409)."""


class NotFoundError(Exception):
    pass


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def create_tenancy(session: Session, data: TenancyCreate) -> Tenancy:
    if data.end_date is not None and data.end_date <= data.start_date:
        raise TenancyRuleError("end_date must be after start_date")
    prop = session.get(Property, data.property_id)
    if prop is None:
        raise NotFoundError("Property not found")
    if session.get(Client, data.client_id) is None:
        raise NotFoundError("Client not found")
    if prop.listing_type != ListingType.let:
        raise TenancyRuleError("tenancies can only be created for let listings")
    if prop.status == PropertyStatus.withdrawn:
        raise TenancyRuleError("property is withdrawn")
    existing = session.scalars(
        select(Tenancy).where(Tenancy.property_id == prop.id, Tenancy.status != TenancyStatus.ended)
    )
    for other in existing:
        if _overlaps(data.start_date, data.end_date, other.start_date, other.end_date):
            raise TenancyRuleError(f"overlaps tenancy {other.id} on this property")
    tenancy = Tenancy(**data.model_dump(), status=TenancyStatus.pending)
    session.add(tenancy)
    if prop.status == PropertyStatus.available:
        prop.status = PropertyStatus.let_agreed
    session.commit()
    return tenancy


def update_tenancy(session: Session, tenancy: Tenancy, data: TenancyUpdate) -> Tenancy:
    if data.end_date is not None:
        if data.end_date <= tenancy.start_date:
            raise TenancyRuleError("end_date must be after start_date")
        tenancy.end_date = data.end_date
    if data.status is not None and data.status != tenancy.status:
        if data.status not in _NEXT[TenancyStatus(tenancy.status)]:
            raise TenancyRuleError(f"cannot move a {tenancy.status} tenancy to {data.status}")
        tenancy.status = data.status
        prop = session.get(Property, tenancy.property_id)
        if prop is not None:
            if data.status == TenancyStatus.active:
                prop.status = PropertyStatus.let
            elif data.status == TenancyStatus.ended:
                prop.status = PropertyStatus.available
    session.commit()
    return tenancy
