"""Property rules: which status changes a sale or a let may make."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.core.pagination import like_pattern
from app.properties.models import ListingType, Property, PropertyStatus
from app.properties.schemas import PropertyCreate, PropertyUpdate

S = PropertyStatus
# status -> statuses it may move to, per listing type. Sold is final; a let property becomes
# available again when its tenancy ends.
TRANSITIONS: dict[ListingType, dict[PropertyStatus, frozenset[PropertyStatus]]] = {
    ListingType.sale: {
        S.available: frozenset({S.under_offer, S.withdrawn}),
        S.under_offer: frozenset({S.available, S.sold, S.withdrawn}),
        S.sold: frozenset(),
        S.withdrawn: frozenset({S.available}),
    },
    ListingType.let: {
        S.available: frozenset({S.let_agreed, S.withdrawn}),
        S.let_agreed: frozenset({S.available, S.let, S.withdrawn}),
        S.let: frozenset({S.available}),
        S.withdrawn: frozenset({S.available}),
    },
}


class InvalidTransitionError(Exception):
    def __init__(self, listing: ListingType, current: PropertyStatus, wanted: PropertyStatus):
        allowed = sorted(TRANSITIONS[listing].get(current, frozenset()))
        super().__init__(
            f"a {listing.value} listing cannot move from {current.value} to {wanted.value}"
            f" (allowed: {', '.join(allowed) or 'none'})"
        )


def check_transition(listing: ListingType, current: PropertyStatus, wanted: PropertyStatus) -> None:
    if wanted == current:
        return
    if wanted not in TRANSITIONS[listing].get(current, frozenset()):
        raise InvalidTransitionError(listing, current, wanted)


def create_property(session: Session, data: PropertyCreate) -> Property:
    prop = Property(**data.model_dump(), status=PropertyStatus.available)
    session.add(prop)
    session.commit()
    return prop


def update_property(session: Session, prop: Property, data: PropertyUpdate) -> Property:
    changes = data.model_dump(exclude_unset=True)
    if changes.get("status") is not None:
        check_transition(
            ListingType(prop.listing_type), PropertyStatus(prop.status), changes["status"]
        )
    for field, value in changes.items():
        if value is None and field != "address_line2":
            continue
        setattr(prop, field, value)
    session.commit()
    return prop


def search_properties(
    session: Session,
    *,
    search: str | None,
    status: PropertyStatus | None,
    listing_type: ListingType | None,
    min_bedrooms: int | None,
    max_price_pence: int | None,
    limit: int,
    offset: int,
) -> list[Property]:
    query = select(Property).order_by(Property.id)
    if search:
        pattern = like_pattern(search)
        query = query.where(
            or_(
                Property.address_line1.ilike(pattern, escape="\\"),
                Property.address_line2.ilike(pattern, escape="\\"),
                Property.city.ilike(pattern, escape="\\"),
                Property.postcode.ilike(pattern, escape="\\"),
            )
        )
    if status is not None:
        query = query.where(Property.status == status)
    if listing_type is not None:
        query = query.where(Property.listing_type == listing_type)
    if min_bedrooms is not None:
        query = query.where(Property.bedrooms >= min_bedrooms)
    if max_price_pence is not None:
        query = query.where(Property.price_pence <= max_price_pence)
    return list(session.scalars(query.limit(limit).offset(offset)))
