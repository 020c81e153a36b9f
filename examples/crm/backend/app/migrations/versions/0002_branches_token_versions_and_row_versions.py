"""branches, token versions and row versions (authentication, RBAC and If-Match).

New NOT NULL columns on tables that may already hold rows: each is added with a server
default that fills the existing rows (every user in the "main" branch, token version 0, row
version 1), and the default is then dropped, so the schema matches the models (which set
these values in Python). SQLite cannot alter a column, so there the table is rebuilt (batch).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-05 09:29:02.763597
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 64-bit integers on PostgreSQL, SQLite's INTEGER (rowid primary keys) there: app.db.BIG_INTEGER,
# repeated here so the migration never changes when app code does.
BIG_INTEGER = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

VERSIONED_TABLES = ("clients", "documents", "payments", "properties", "tenancies", "viewings")
USER_COLUMNS = (
    ("branch", sa.String(length=64), "main"),
    ("token_version", BIG_INTEGER, "0"),
    ("version", BIG_INTEGER, "1"),
)


def _add_filled(table: str, columns: Sequence[tuple[str, sa.types.TypeEngine[Any], str]]) -> None:
    with op.batch_alter_table(table) as batch:
        for name, type_, default in columns:
            batch.add_column(
                sa.Column(name, type_, nullable=False, server_default=sa.text(repr(default)))
            )
    with op.batch_alter_table(table) as batch:
        for name, _type, _default in columns:
            batch.alter_column(name, server_default=None)


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        _add_filled(table, [("version", BIG_INTEGER, "1")])
    _add_filled("users", USER_COLUMNS)
    op.create_index(op.f("ix_users_branch"), "users", ["branch"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_users_branch"), table_name="users")
    with op.batch_alter_table("users") as batch:
        for name, _type, _default in reversed(USER_COLUMNS):
            batch.drop_column(name)
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
