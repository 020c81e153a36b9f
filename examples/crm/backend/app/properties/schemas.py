from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.validation import (
    AddressText,
    CountryCode,
    FreeText,
    MoneyPence,
    Postcode,
    WholeNumber,
)
from app.properties.models import ListingType, PropertyStatus, PropertyType

Rooms = Annotated[int, Field(ge=0, le=50, strict=True), WholeNumber]


class PropertyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address_line1: AddressText
    address_line2: AddressText | None = None
    city: AddressText
    postcode: Postcode
    country: CountryCode = "GB"
    property_type: PropertyType
    listing_type: ListingType
    bedrooms: Rooms = 0
    bathrooms: Rooms = 0
    price_pence: MoneyPence = Field(
        description="Asking price (sale) or monthly rent (let) in pence"
    )
    description: FreeText = ""


class PropertyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address_line1: AddressText | None = None
    address_line2: AddressText | None = None
    city: AddressText | None = None
    postcode: Postcode | None = None
    country: CountryCode | None = None
    property_type: PropertyType | None = None
    bedrooms: Rooms | None = None
    bathrooms: Rooms | None = None
    price_pence: MoneyPence | None = None
    description: FreeText | None = None
    status: PropertyStatus | None = None


class PropertyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    address_line1: str
    address_line2: str | None
    city: str
    postcode: str
    country: str
    property_type: PropertyType
    listing_type: ListingType
    status: PropertyStatus
    bedrooms: int
    bathrooms: int
    price_pence: int
    description: str
    created_at: datetime
    updated_at: datetime
