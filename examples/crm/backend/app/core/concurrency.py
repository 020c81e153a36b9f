"""Optimistic concurrency (RFC 9110 §8.8.3, §13.1.1): ``ETag`` on reads, ``If-Match`` on writes.

Each versioned row carries a ``version`` column that SQLAlchemy's ``version_id_col`` bumps on
every UPDATE and checks in its WHERE clause, so "check the tag, then write" is one atomic
statement: of ten PATCHes sent with the same tag, one wins and nine get 412, even when they
race between the check below and the commit (``StaleDataError`` → 412, app/core/errors.py).
Without ``If-Match`` a write is accepted as before (last writer wins).
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Header, HTTPException, Response


class Versioned(Protocol):
    version: int


IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=1024,
        description=(
            "The ETag from your last read of this record. If someone changed it since, the "
            "answer is 412 and nothing is written. Absent: the write is unconditional."
        ),
    ),
]


def etag_of(row: Versioned) -> str:
    return f'"v{row.version}"'


def _listed_tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def check_if_match(if_match: str | None, row: Versioned) -> None:
    """412 unless ``If-Match`` is absent, ``*`` or lists the row's current (strong) tag."""
    if if_match is None:
        return
    tags = _listed_tags(if_match)
    current = etag_of(row)
    # Strong comparison: a weak tag (W/"…") never matches for If-Match.
    if "*" in tags or current in tags:
        return
    raise HTTPException(
        status_code=412,
        detail="The record was changed by someone else; reload it and retry",
        headers={"ETag": current},
    )


def set_etag(response: Response, row: Versioned) -> None:
    response.headers["ETag"] = etag_of(row)
