from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, field_validator

from app.core.validation import BoundedDatetime, FreeText, PositiveId
from app.viewings.models import ViewingStatus


class ViewingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    property_id: PositiveId
    client_id: PositiveId
    scheduled_at: BoundedDatetime
    notes: FreeText = ""


class ViewingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scheduled_at: BoundedDatetime | None = None
    status: ViewingStatus | None = None
    notes: FreeText | None = None


class ViewingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    property_id: int
    client_id: int
    scheduled_at: datetime
    status: ViewingStatus
    notes: str
    created_at: datetime

    @field_validator("scheduled_at")
    @classmethod
    def _as_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
