"""Field types shared by every request schema (FR-028..FR-031, SC-004; ASVS 1.2.4).

Bound SQL parameters are the real defence against injection; these types are the second layer.
They are allow-lists shaped by real data — names in every script with apostrophes, hyphens,
periods and "&" — that leave no room for markup (<>), shell syntax ($ ` ; | && -flag) or SQL
syntax (quotes closing a string, comments, UNION SELECT …). Rejecting an apostrophe would be a
bug: O'Brien is a customer, not an attack.

Free text (notes, descriptions) is deliberately *not* filtered: it is stored and returned
byte-for-byte as inert JSON data, and escaping is the renderer's job.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, Field, StringConstraints

_NAME_PUNCTUATION = frozenset(" '’-.&")
_ADDRESS_PUNCTUATION = _NAME_PUNCTUATION | frozenset(",/#")

# Word sequences that only occur in SQL, case-insensitive. Single words such as "Union Street"
# or "Select" stay allowed; a SELECT … FROM or UNION … SELECT sequence does not.
_SQL_SEQUENCES = re.compile(
    r"\bunion\b.*\bselect\b|\bselect\b.*\bfrom\b|\binsert\s+into\b|\bdelete\s+from\b"
    r"|\bdrop\s+(?:table|database|schema)\b|\bupdate\b\s+\S+\s+\bset\b|\balter\s+table\b"
    r"|\btruncate\s+table\b|\bwaitfor\s+delay\b|\bexec(?:ute)?\s+(?:xp|sp)_\w+"
    r"|\bsleep\s*\(|\bbenchmark\s*\(|'\s*(?:or|and)\b|\b(?:or|and)\s+'",
    re.IGNORECASE,
)
# Shell option after a space ("x -rf"), doubled punctuation that only shows up in code, and a
# slash that is not between two word characters ("Flat 2/3" yes, "/bin/ls" no).
_SUSPICIOUS = re.compile(r"(?:^|\s)-\S|--|&&|\.\.|''|&\s*$|^\s*&|(?<!\w)/|/(?!\w)")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _check_allowed_characters(value: str, extra: frozenset[str], *, digits: bool) -> None:
    for char in value:
        category = unicodedata.category(char)
        if category[0] in "LM" or char in extra or (digits and category == "Nd"):
            continue
        shown = char if char.isprintable() else f"U+{ord(char):04X}"
        raise ValueError(f"contains a character that is not allowed here: {shown!r}")


def _check_no_code_syntax(value: str) -> None:
    if _SUSPICIOUS.search(value) or _SQL_SEQUENCES.search(value):
        raise ValueError("looks like code (markup, shell or SQL syntax), not a name or address")


def check_name(value: str) -> str:
    """Letters of any script (with combining marks), spaces, ' ’ - . & — nothing else."""
    _check_allowed_characters(value, _NAME_PUNCTUATION, digits=False)
    if not any(unicodedata.category(char)[0] == "L" for char in value):
        raise ValueError("must contain at least one letter")
    _check_no_code_syntax(value)
    return value


def check_address(value: str) -> str:
    """Like a name, plus digits and , / # (house numbers, flats, "Flat 2/3")."""
    _check_allowed_characters(value, _ADDRESS_PUNCTUATION, digits=True)
    if not any(unicodedata.category(char)[0] in "LN" for char in value):
        raise ValueError("must contain a letter or digit")
    _check_no_code_syntax(value)
    return value


_PHONE = re.compile(r"^(?:\+|\()?[0-9][0-9 ().-]{5,22}[0-9]$")


def check_phone(value: str) -> str:
    if not _PHONE.fullmatch(value):
        raise ValueError("must be a phone number such as +44 20 7946 0958")
    digits = sum(char.isdigit() for char in value)
    if not 7 <= digits <= 15:  # E.164 allows at most 15 digits
        raise ValueError("must have between 7 and 15 digits")
    return value


PersonName = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=120),
    AfterValidator(check_name),
]
AddressText = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(check_address),
]
SearchTerm = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(check_address),
]
Phone = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=7, max_length=24),
    AfterValidator(check_phone),
]
Postcode = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$"),
]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
PaymentReference = Annotated[
    str, StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,33}[A-Za-z0-9])?$")
]
# Free text: any Unicode, kept exactly as sent (no strip, no normalisation).
FreeText = Annotated[str, Field(max_length=10_000)]
# Largest integer JavaScript clients can hold exactly (Number.MAX_SAFE_INTEGER); also keeps ids
# inside SQLite's 64-bit range, so an oversized id is a 400, never an OverflowError.
MAX_ID = 9_007_199_254_740_991
PositiveId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
MoneyPence = Annotated[int, Field(ge=0, le=10**12, strict=True)]
# Path and query parameters arrive as text, so they are parsed (not strict), then bounded.
IdParam = Annotated[int, Field(ge=1, le=MAX_ID)]

# Dates and times: years 1900-2999. Python's datetime stops at years 1 and 9999, so
# 0001-01-01T00:00:00+01:00 is a valid string whose UTC value does not exist (OverflowError);
# bounding the local year keeps every accepted value convertible, comparable and storable.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def _within_calendar(value: _dt.date) -> _dt.date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"must be between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def _bounded_datetime(value: _dt.datetime) -> _dt.datetime:
    _within_calendar(value)
    return value


_RANGE_NOTE = f"Years {EARLIEST_YEAR}-{LATEST_YEAR}."
BoundedDatetime = Annotated[
    AwareDatetime,
    AfterValidator(_bounded_datetime),
    Field(description=f"ISO 8601 date-time with a UTC offset. {_RANGE_NOTE}"),
]
BoundedDate = Annotated[
    _dt.date,
    AfterValidator(_within_calendar),
    Field(description=f"ISO 8601 date. {_RANGE_NOTE}"),
]
