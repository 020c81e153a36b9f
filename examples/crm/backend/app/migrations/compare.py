"""What "the migrations match the models" means, shared by env.py, ``python -m app migrate``
and the test that fails when a model changes without a migration."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata, render
from alembic.autogenerate.api import AutogenContext
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, DateTime, MetaData

from app.db import MIGRATIONS_DIR, UTCDateTime


def _render_item(type_: str, item: Any, _autogen_context: AutogenContext) -> str | bool:
    # UTCDateTime only converts values in Python; in the database it is a plain DateTime, so
    # generated migrations must not import app code (they would break when it changes).
    if type_ == "type" and isinstance(item, UTCDateTime):
        return render._repr_type(DateTime(), _autogen_context)
    return False


MIGRATION_OPTIONS: dict[str, Any] = {
    "compare_type": True,
    "compare_server_default": True,
    "render_item": _render_item,
}


def schema_differences(connection: Connection, metadata: MetaData) -> list[Any]:
    """Alembic's autogenerate diff between the database and ``metadata``; empty when they match."""
    context = MigrationContext.configure(connection, opts=dict(MIGRATION_OPTIONS))
    return list(compare_metadata(context, metadata))


def head_revision() -> str:
    """The newest revision in app/migrations/versions (one head: branches are not used)."""
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    if head is None:
        raise RuntimeError("app/migrations/versions has no revision")
    return head
