"""initial schema: the tables every ./serve created with create_all before migrations existed
(app.db.migrate stamps such a database with this revision instead of re-creating it).

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-05 09:02:10.632817
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 64-bit integers on PostgreSQL, SQLite's INTEGER (rowid primary keys) there: app.db.BIG_INTEGER,
# repeated here so the migration never changes when app code does.
BIG_INTEGER = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("phone", sa.String(length=24), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_clients_email"), "clients", ["email"], unique=True)
    op.create_index(op.f("ix_clients_full_name"), "clients", ["full_name"], unique=False)
    op.create_table(
        "properties",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("address_line1", sa.String(length=200), nullable=False),
        sa.Column("address_line2", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=12), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("property_type", sa.String(length=16), nullable=False),
        sa.Column("listing_type", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("bedrooms", BIG_INTEGER, nullable=False),
        sa.Column("bathrooms", BIG_INTEGER, nullable=False),
        sa.Column("price_pence", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_properties_city"), "properties", ["city"], unique=False)
    op.create_index(op.f("ix_properties_postcode"), "properties", ["postcode"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_users_email"), "users", ["email"], unique=True)
    op.create_table(
        "documents",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", BIG_INTEGER, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("property_id", BIG_INTEGER, nullable=True),
        sa.Column("client_id", BIG_INTEGER, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["properties.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("stored_name"),
    )
    op.create_table(
        "tenancies",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("property_id", BIG_INTEGER, nullable=False),
        sa.Column("client_id", BIG_INTEGER, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("monthly_rent_pence", sa.BigInteger(), nullable=False),
        sa.Column("deposit_pence", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["properties.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_tenancies_client_id"), "tenancies", ["client_id"], unique=False)
    op.create_index(op.f("ix_tenancies_property_id"), "tenancies", ["property_id"], unique=False)
    op.create_table(
        "viewings",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("property_id", BIG_INTEGER, nullable=False),
        sa.Column("client_id", BIG_INTEGER, nullable=False),
        sa.Column("scheduled_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
        ),
        sa.ForeignKeyConstraint(
            ["property_id"],
            ["properties.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_viewings_client_id"), "viewings", ["client_id"], unique=False)
    op.create_index(op.f("ix_viewings_property_id"), "viewings", ["property_id"], unique=False)
    op.create_index(op.f("ix_viewings_scheduled_at"), "viewings", ["scheduled_at"], unique=False)
    op.create_table(
        "payments",
        sa.Column("id", BIG_INTEGER, nullable=False),
        sa.Column("tenancy_id", BIG_INTEGER, nullable=False),
        sa.Column("amount_pence", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=35), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("paid_at", sa.DateTime(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenancy_id"],
            ["tenancies.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    op.create_index(op.f("ix_payments_tenancy_id"), "payments", ["tenancy_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_payments_tenancy_id"), table_name="payments")
    op.drop_table("payments")
    op.drop_index(op.f("ix_viewings_scheduled_at"), table_name="viewings")
    op.drop_index(op.f("ix_viewings_property_id"), table_name="viewings")
    op.drop_index(op.f("ix_viewings_client_id"), table_name="viewings")
    op.drop_table("viewings")
    op.drop_index(op.f("ix_tenancies_property_id"), table_name="tenancies")
    op.drop_index(op.f("ix_tenancies_client_id"), table_name="tenancies")
    op.drop_table("tenancies")
    op.drop_table("documents")
    op.drop_index(op.f("ix_users_email"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_properties_postcode"), table_name="properties")
    op.drop_index(op.f("ix_properties_city"), table_name="properties")
    op.drop_table("properties")
    op.drop_index(op.f("ix_clients_full_name"), table_name="clients")
    op.drop_index(op.f("ix_clients_email"), table_name="clients")
    op.drop_table("clients")
