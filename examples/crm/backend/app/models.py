"""Registers every ORM model on ``Base.metadata`` (used by create_schema)."""

from app.auth.models import User
from app.clients.models import Client
from app.documents.models import Document
from app.payments.models import Payment
from app.properties.models import Property
from app.tenancies.models import Tenancy
from app.viewings.models import Viewing

__all__ = ["Client", "Document", "Payment", "Property", "Tenancy", "User", "Viewing"]
