from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from app.core.validation import Email, FreeText, PersonName, Phone


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: PersonName
    email: Email
    phone: Phone | None = None
    notes: FreeText = ""


class ClientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: PersonName | None = None
    email: Email | None = None
    phone: Phone | None = None
    notes: FreeText | None = None


class ClientOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    full_name: str
    email: str
    phone: str | None
    notes: str
    created_at: datetime
    updated_at: datetime
