from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, model_validator

from app.core.validation import BoundedDate, MoneyPence, PositiveId
from app.tenancies.models import TenancyStatus


class TenancyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    property_id: PositiveId
    client_id: PositiveId
    start_date: BoundedDate
    end_date: BoundedDate | None = None
    monthly_rent_pence: MoneyPence
    deposit_pence: MoneyPence = 0

    @model_validator(mode="after")
    def _end_after_start(self) -> TenancyCreate:
        if self.end_date is not None and self.end_date <= self.start_date:
            raise ValueError("end_date must be after start_date")
        return self


class TenancyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TenancyStatus | None = None
    end_date: BoundedDate | None = None


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
