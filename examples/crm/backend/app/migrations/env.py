"""Alembic environment: the models' metadata, and a connection either handed over by
:func:`app.db.migrate` (``config.attributes["connection"]``) or opened from ``DATABASE_URL``
when run from the ``alembic`` command line."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from app import models  # noqa: F401 - registers every table on Base.metadata
from app.db import Base, build_engine
from app.migrations.compare import MIGRATION_OPTIONS


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite can only ALTER by copying a table; batch mode does that for it.
        render_as_batch=connection.dialect.name == "sqlite",
        **MIGRATION_OPTIONS,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection: Connection | None = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from app.settings import load_settings

    engine = build_engine(load_settings().database_url)
    try:
        with engine.connect() as opened:
            _run(opened)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; connect to a database")
_run_online()
