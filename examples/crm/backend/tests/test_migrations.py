"""Alembic migrations: a fresh database migrated to head has exactly the models' schema (so a
model change without a migration fails here), downgrade/upgrade round-trips, and a database
that an earlier ./serve built with create_all is adopted instead of failing. Runs on SQLite
and, in the PostgreSQL run, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, inspect, text

from app import models  # noqa: F401 - registers every table
from app.db import Base, build_engine, migrate
from app.migrations.compare import head_revision, schema_differences
from tests.conftest import DATABASE_CHOICE, fresh_database_url

ALL_TABLES = {table.name for table in Base.metadata.sorted_tables}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty database on a real file (SQLite) or a new schema (PostgreSQL)."""
    url = f"sqlite:///{tmp_path / 'migrated.db'}" if DATABASE_CHOICE == "sqlite" else None
    built = build_engine(url or fresh_database_url())
    yield built
    built.dispose()


def _version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_migrations_build_exactly_the_models_schema(engine: Engine) -> None:
    migrate(engine)
    assert _version(engine) == head_revision()
    with engine.connect() as connection:
        assert schema_differences(connection, Base.metadata) == [], (
            "the models and the migrations differ: add a migration with "
            "`.venv/bin/alembic revision --autogenerate -m '...'` (see README)"
        )
        assert set(inspect(connection).get_table_names()) >= ALL_TABLES


def test_the_check_fails_when_a_model_changes_without_a_migration(engine: Engine) -> None:
    migrate(engine)
    changed = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    users = changed.tables["users"]
    users.append_column(Column("nickname", String(40), nullable=True))
    Table("audit_log", changed, Column("id", Integer, primary_key=True))
    with engine.connect() as connection:
        differences = schema_differences(connection, changed)
    kinds = {(diff[0], getattr(diff[-1], "name", None)) for diff in differences}
    assert ("add_column", "nickname") in kinds and ("add_table", "audit_log") in kinds


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    migrate(engine)
    migrate_down(engine)
    with engine.connect() as connection:
        assert not ALL_TABLES & set(inspect(connection).get_table_names())
    migrate(engine)
    assert _version(engine) == head_revision()


def test_a_database_from_before_migrations_is_adopted_and_upgraded(engine: Engine) -> None:
    """What ./serve built with create_all before Alembic: the 0001 tables, no alembic_version,
    rows in them. migrate() stamps it 0001 and upgrades it, filling the new NOT NULL columns."""
    migrate(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "INSERT INTO clients (full_name, email, notes, created_at, updated_at) "
                "VALUES ('Siobhán O''Brien', 'kept@example.com', '', "
                "'2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO users (email, full_name, password_hash, role, is_active, created_at) "
                "VALUES ('agent@example.com', 'Agent', 'x', 'branch_manager', true, "
                "'2025-01-01 00:00:00')"
            )
        )
    migrate(engine)
    assert _version(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT email, version FROM clients")).all() == [
            ("kept@example.com", 1)
        ]
        user = connection.execute(text("SELECT branch, token_version, version FROM users"))
        assert user.all() == [("main", 0, 1)]
        assert schema_differences(connection, Base.metadata) == []


def migrate_down(engine: Engine) -> None:
    from alembic import command

    from app.db import migration_config

    with engine.begin() as connection:
        command.downgrade(migration_config(connection), "base")
