"""Bad days, answered honestly: a busy or locked database is 503 + Retry-After, a full disk is
507 — never a 500 after a long wait.

Classification is by error *code*, not by message text: SQLite's result code (Python 3.11 exposes
``sqlite_errorcode``), PostgreSQL's SQLSTATE (``sqlstate`` in psycopg 3, ``pgcode`` in psycopg2)
and ``errno`` for files. Every write path commits once per request, so a refused commit leaves
nothing half-written (the session rolls back; uploads delete their file).
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

# SQLite primary result codes (https://sqlite.org/rescode.html).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 5, 6, 10, 13, 14
# PostgreSQL SQLSTATE classes and codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_PG_DISK_FULL = "53100"
_PG_RETRYABLE_PREFIXES = ("08", "53", "57P", "40")  # connection, resources, shutdown, rollback
_PG_RETRYABLE_CODES = frozenset({"55P03", "57014"})  # lock_not_available, query_canceled
_NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


@dataclass(frozen=True)
class Outage:
    status: int
    detail: str
    retry_after_seconds: int | None


BUSY = Outage(503, "The database is busy; retry shortly", 1)
UNAVAILABLE = Outage(503, "The database is unavailable; retry shortly", 5)
FULL = Outage(507, "Storage is full; the change was not saved", None)


def _sqlite_code(original: BaseException | None) -> int | None:
    code = getattr(original, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def _sqlstate(original: BaseException | None) -> str | None:
    for attribute in ("sqlstate", "pgcode"):
        value = getattr(original, attribute, None)
        if isinstance(value, str) and value:
            return value
    return None


def error_code(error: BaseException) -> str | None:
    """The code that classified it, for the log line: a SQLSTATE ("55P03"), a SQLite result
    code ("5") or an errno name ("ENOSPC") — never the message, which may quote SQL."""
    if isinstance(error, OSError):
        return errno.errorcode.get(error.errno or 0)
    original = error.orig if isinstance(error, DBAPIError) else None
    code = _sqlite_code(original)
    return str(code) if code is not None else _sqlstate(original)


def classify(error: BaseException) -> Outage | None:
    """The outage this exception means, or None when it is a bug (left to the 500 path)."""
    if isinstance(error, PoolTimeoutError):
        return BUSY
    if isinstance(error, OSError):
        return FULL if error.errno in _NO_SPACE_ERRNOS else None
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    code = _sqlite_code(original)
    if code is not None:
        primary = code & 0xFF
        if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return BUSY
        if primary == _SQLITE_FULL:
            return FULL
        if primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN):
            return UNAVAILABLE
        return None
    state = _sqlstate(original)
    if state is not None:
        if state == _PG_DISK_FULL:
            return FULL
        if state in _PG_RETRYABLE_CODES or state.startswith(_PG_RETRYABLE_PREFIXES):
            return BUSY
        return None
    if error.connection_invalidated:
        return UNAVAILABLE
    return None
