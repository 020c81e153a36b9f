from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.validation import BoundedDate, MoneyPence, PositiveId
from app.tenancies.models import TenancyStatus


class TenancyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    property_id: PositiveId
    client_id: PositiveId
    start_date: BoundedDate
    # A rule between two fields, which JSON Schema cannot state: answered 409 like the
    # other tenancy rules (the same check guards PATCH).
    end_date: Annotated[
        BoundedDate | None, Field(description="After start_date (409 otherwise)")
    ] = None
    monthly_rent_pence: MoneyPence
    deposit_pence: MoneyPence = 0


class TenancyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TenancyStatus | None = None
    end_date: Annotated[
        BoundedDate | None, Field(description="After the tenancy's start_date (409 otherwise)")
    ] = None


class TenancyOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    property_id: int
    client_id: int
    start_date: date
    end_date: date | None
    monthly_rent_pence: int
    deposit_pence: int
    status: TenancyStatus
    created_at: datetime
