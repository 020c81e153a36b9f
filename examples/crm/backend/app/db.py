"""Database engine and sessions (SQLAlchemy 2, bound parameters only — ASVS 1.2.4).

Every statement carries the request ID as a trailing SQL comment (``/* request_id=… */``) so a
slow-query log or ``pg_stat_activity`` entry can be joined to the request's log lines, and is
recorded as a "db" span for ``/trace``. Only IDs that passed
:func:`app.core.context.is_valid_request_id` exist in the context, so the comment cannot be
closed early by a crafted header.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, ClassVar, TypeVar

from alembic import command
from alembic.config import Config
from fastapi import Depends, HTTPException, Request
from sqlalchemy import (
    URL,
    BigInteger,
    Connection,
    DateTime,
    Engine,
    Integer,
    create_engine,
    event,
    inspect,
    make_url,
)
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool
from sqlalchemy.types import TypeDecorator

from app.core.context import current_state

# Every integer column is 64-bit: ids reach 2**53 - 1 in the API (validation.MAX_ID), and a
# PostgreSQL ``integer`` stops at 2**31 - 1, so a lookup of a larger id would be "integer out of
# range" (a 500) instead of a 404. SQLite's INTEGER is already 64-bit, and must stay INTEGER for
# its primary keys to be rowids (autoincrement).
BIG_INTEGER = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {int: BIG_INTEGER}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and returns them aware (SQLite drops the tzinfo)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def utc_now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _tag_with_request_id(
    _conn: Any,
    _cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    _executemany: bool,
) -> tuple[str, Any]:
    state = current_state()
    if state is None:
        return statement, parameters
    if context is not None:
        context._crm_started = time.perf_counter()
    return f"{statement} /* request_id={state.request_id} */", parameters


def _record_db_span(
    _conn: Any,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: Any,
    _executemany: bool,
) -> None:
    state = current_state()
    if state is None or state.trace_store is None:
        return
    started = getattr(context, "_crm_started", None)
    duration = round((time.perf_counter() - started) * 1000, 3) if started else None
    state.trace_store.add_span(
        state.request_id,
        "db",
        statement.split(None, 1)[0].upper() if statement.strip() else "SQL",
        statement=statement[:500],
        duration_ms=duration,
    )


def engine_url(database_url: str) -> URL:
    """The SQLAlchemy URL for ``DATABASE_URL``. PostgreSQL URLs (``postgresql://``,
    ``postgres://``) use psycopg 3, the driver we install, whatever driver they name or omit."""
    url = make_url(database_url)
    if url.get_backend_name() in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


# Read from the process environment, not from Settings: libpq's own variable, which the API
# passes on itself (see build_engine). Declared in .env.example like the settings.
LIBPQ_VARIABLES = ("PGOPTIONS",)


def postgresql_options(
    existing: str | tuple[str, ...] | None, lock_timeout_ms: int, statement_timeout_ms: int
) -> str:
    """libpq's ``options`` startup parameter with the request timeouts added to whatever the URL
    already sets there (``?options=-csearch_path%3D…``). Sent when the connection opens: no extra
    round trip, and in force for every transaction on it."""
    parts = [existing] if isinstance(existing, str) else list(existing or ())
    # lock_timeout=0 would mean "wait for ever"; a busy timeout of 0 means "do not wait".
    parts.append(f"-c lock_timeout={max(lock_timeout_ms, 1)}")
    parts.append(f"-c statement_timeout={statement_timeout_ms}")
    return " ".join(part for part in parts if part)


def build_engine(
    database_url: str,
    *,
    busy_timeout_ms: int | None = None,
    statement_timeout_ms: int = 0,
) -> Engine:
    """``busy_timeout_ms``: how long a statement waits for a lock held by another connection
    before giving up (answered 503 + Retry-After, app/core/outages.py) — short, so a locked row
    or file is a quick "retry", not a request hanging. SQLite: its busy timeout (500 ms when
    None, not Python's default 5 s). PostgreSQL: ``lock_timeout`` (SQLSTATE 55P03), with
    ``statement_timeout_ms`` as ``statement_timeout`` (57014; 0 = none); None leaves both at
    the server's settings — what migrations and the command line get, so a long migration is
    never cut short. ``hide_parameters``: SQL errors never carry the values (a client's notes,
    an e-mail) into exception messages, logs or stack traces."""
    kwargs: dict[str, Any] = {"hide_parameters": True}
    url = engine_url(database_url)
    if url.get_backend_name() == "sqlite":
        timeout_ms = 500 if busy_timeout_ms is None else busy_timeout_ms
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": timeout_ms / 1000}
        if database_url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    elif url.get_backend_name() == "postgresql" and busy_timeout_ms is not None:
        # libpq reads PGOPTIONS only when no ``options`` parameter is given, and we always give
        # one: carry the operator's PGOPTIONS over (a URL's own options win, as in libpq).
        existing = url.query.get("options") or os.environ.get("PGOPTIONS")
        options = postgresql_options(existing, busy_timeout_ms, statement_timeout_ms)
        kwargs["connect_args"] = {"options": options}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "before_cursor_execute", _tag_with_request_id, retval=True)
    event.listen(engine, "after_cursor_execute", _record_db_span)
    return engine


def build_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def create_schema(engine: Engine) -> None:
    """The current models' tables, straight from the metadata: for throwaway test databases
    only. Real databases are migrated (:func:`migrate`); a test keeps the two identical."""
    # Import every model module so its tables are registered on Base.metadata.
    from app import models  # noqa: F401

    Base.metadata.create_all(engine)


MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The revision whose schema equals what create_schema() built before migrations existed.
INITIAL_REVISION = "0001"


def migration_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic, in one transaction where the database
    allows it (PostgreSQL does; SQLite commits DDL per statement).

    A database created by an earlier ``./serve`` with ``create_all`` (tables, no
    ``alembic_version``) is stamped with the initial revision first, so it is adopted instead
    of failing on "table already exists"."""
    with engine.begin() as connection:
        config = migration_config(connection)
        tables = set(inspect(connection).get_table_names())
        if "users" in tables and "alembic_version" not in tables:
            command.stamp(config, INITIAL_REVISION)
        command.upgrade(config, revision)


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

ModelT = TypeVar("ModelT", bound=Base)


def get_or_404(session: Session, model: type[ModelT], row_id: int) -> ModelT:
    """The row with this primary key, or a 404 that names the model ("Client not found")."""
    row = session.get(model, row_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"{model.__name__} not found")
    return row
