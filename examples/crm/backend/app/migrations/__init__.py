"""Alembic migrations of the CRM schema (``alembic.ini`` at the backend root)."""
