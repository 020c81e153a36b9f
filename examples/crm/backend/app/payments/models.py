from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utc_now


class PaymentKind(StrEnum):
    rent = "rent"
    deposit = "deposit"
    fee = "fee"


class PaymentStatus(StrEnum):
    pending = "pending"
    paid = "paid"
    failed = "failed"
    refunded = "refunded"


class Currency(StrEnum):
    GBP = "GBP"
    EUR = "EUR"
    USD = "USD"


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenancy_id: Mapped[int] = mapped_column(ForeignKey("tenancies.id"), index=True)
    amount_pence: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[Currency] = mapped_column(String(3), default=Currency.GBP)
    kind: Mapped[PaymentKind] = mapped_column(String(16))
    status: Mapped[PaymentStatus] = mapped_column(String(16), default=PaymentStatus.pending)
    reference: Mapped[str | None] = mapped_column(String(35))
    due_date: Mapped[date | None]
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Optimistic concurrency: bumped and checked by every UPDATE (app/core/concurrency.py).
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's convention
