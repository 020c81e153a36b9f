from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utc_now


class PropertyType(StrEnum):
    house = "house"
    flat = "flat"
    bungalow = "bungalow"
    maisonette = "maisonette"
    studio = "studio"
    commercial = "commercial"


class ListingType(StrEnum):
    sale = "sale"
    let = "let"


class PropertyStatus(StrEnum):
    available = "available"
    under_offer = "under_offer"
    sold = "sold"
    let_agreed = "let_agreed"
    let = "let"
    withdrawn = "withdrawn"


class Property(Base):
    __tablename__ = "properties"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_line1: Mapped[str] = mapped_column(String(200))
    address_line2: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(200), index=True)
    postcode: Mapped[str] = mapped_column(String(12), index=True)
    country: Mapped[str] = mapped_column(String(2), default="GB")
    property_type: Mapped[PropertyType] = mapped_column(String(16))
    listing_type: Mapped[ListingType] = mapped_column(String(8))
    status: Mapped[PropertyStatus] = mapped_column(String(16), default=PropertyStatus.available)
    bedrooms: Mapped[int] = mapped_column(default=0)
    bathrooms: Mapped[int] = mapped_column(default=0)
    price_pence: Mapped[int] = mapped_column(BigInteger)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    # Optimistic concurrency: bumped and checked by every UPDATE (app/core/concurrency.py).
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's convention
