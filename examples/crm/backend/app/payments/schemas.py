from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.validation import BoundedDate, PaymentReference, PositiveId, WholeNumber
from app.payments.models import Currency, PaymentKind, PaymentStatus

AmountPence = Annotated[int, Field(ge=1, le=10**10, strict=True), WholeNumber]


class PaymentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tenancy_id: PositiveId
    amount_pence: AmountPence
    currency: Currency = Currency.GBP
    kind: PaymentKind
    reference: PaymentReference | None = None
    due_date: BoundedDate | None = None


class PaymentStatusUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PaymentStatus


class PaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tenancy_id: int
    amount_pence: int
    currency: Currency
    kind: PaymentKind
    status: PaymentStatus
    reference: str | None
    due_date: date | None
    paid_at: datetime | None
    created_at: datetime


class TenancyBalance(BaseModel):
    tenancy_id: int
    currency: Currency
    paid_pence: int
    pending_pence: int
    refunded_pence: int
    failed_count: int
