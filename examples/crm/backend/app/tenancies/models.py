from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utc_now


class TenancyStatus(StrEnum):
    pending = "pending"
    active = "active"
    ended = "ended"


class Tenancy(Base):
    __tablename__ = "tenancies"

    id: Mapped[int] = mapped_column(primary_key=True)
    property_id: Mapped[int] = mapped_column(ForeignKey("properties.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    monthly_rent_pence: Mapped[int] = mapped_column(BigInteger)
    deposit_pence: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[TenancyStatus] = mapped_column(String(16), default=TenancyStatus.pending)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Optimistic concurrency: bumped and checked by every UPDATE (app/core/concurrency.py).
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's convention
