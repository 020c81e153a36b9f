"""Field types shared by every request schema (FR-028..FR-031, SC-004; ASVS 1.2.4).

Bound SQL parameters are the real defence against injection; these types are the second layer.
They are allow-lists shaped by real data — names in every script with apostrophes, hyphens,
periods and "&" — that leave no room for markup (<>), shell syntax ($ ` ; | && -flag) or SQL
syntax (quotes closing a string, comments, UNION SELECT …). Rejecting an apostrophe would be a
bug: O'Brien is a customer, not an attack.

Free text (notes, descriptions) is deliberately *not* filtered: it is stored and returned
byte-for-byte as inert JSON data, and escaping is the renderer's job.

Every rule is in the OpenAPI document too. Rules a JSON Schema ``pattern`` can state exactly
(postcodes, references, country codes) are patterns; the name, address, search and phone rules
(letters of every script, no code syntax) are not expressible in a portable regex, so each of
those fields names a ``format`` (``person-name``, ``address-text``, ``search-term``,
``email-search-term``, ``phone``) whose ``description`` states the rule; the fuzz test
teaches schemathesis the same formats (tests/fuzz_hooks.py).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    EmailStr,
    Field,
    StringConstraints,
)

_NAME_PUNCTUATION = frozenset(" '’-.&")
_ADDRESS_PUNCTUATION = _NAME_PUNCTUATION | frozenset(",/#")
# An e-mail address's own characters, so the client search finds "anna@example.com" and
# "first_last+tag@…" (``%`` and ``_`` are escaped before they reach LIKE).
_EMAIL_SEARCH_PUNCTUATION = _ADDRESS_PUNCTUATION | frozenset("@+_")

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


def _check_letters_digits_and(value: str, punctuation: frozenset[str]) -> str:
    # Addresses and searches differ only in the punctuation they allow; the other rules are one.
    _check_allowed_characters(value, punctuation, digits=True)
    if not any(unicodedata.category(char)[0] in "LN" for char in value):
        raise ValueError("must contain a letter or digit")
    _check_no_code_syntax(value)
    return value


def check_address(value: str) -> str:
    """Like a name, plus digits and , / # (house numbers, flats, "Flat 2/3")."""
    return _check_letters_digits_and(value, _ADDRESS_PUNCTUATION)


def check_email_search(value: str) -> str:
    """Like an address, plus @ + _ (the client search also matches e-mail addresses)."""
    return _check_letters_digits_and(value, _EMAIL_SEARCH_PUNCTUATION)


_PHONE = re.compile(r"^(?:\+|\()?[0-9][0-9 ().-]{5,22}[0-9]$")


def check_phone(value: str) -> str:
    if not _PHONE.fullmatch(value):
        raise ValueError("must be a phone number such as +44 20 7946 0958")
    digits = sum(char.isdigit() for char in value)
    if not 7 <= digits <= 15:  # E.164 allows at most 15 digits
        raise ValueError("must have between 7 and 15 digits")
    return value


_CODE_SYNTAX_RULE = (
    " No code syntax: no '--', '&&', '..', doubled quotes, a word starting with '-', a '/' "
    "that is not between two letters or digits, a leading or trailing '&', nor SQL "
    "keyword sequences (UNION … SELECT, SELECT … FROM, INSERT INTO, DROP TABLE, ' OR …)."
)
_TRIM_RULE = " Leading and trailing white space is removed first."
NAME_RULE = (
    "Letters of any script (with combining marks), spaces and ' ’ - . & only; at least one "
    "letter." + _CODE_SYNTAX_RULE + _TRIM_RULE
)
ADDRESS_RULE = (
    "Letters of any script (with combining marks), digits, spaces and ' ’ - . & , / # only; "
    "at least one letter or digit." + _CODE_SYNTAX_RULE + _TRIM_RULE
)
SEARCH_RULE = (
    "Letters of any script (with combining marks), digits, spaces and ' ’ - . & , / # only; "
    "at least one letter or digit. Matched literally, case-insensitively." + _CODE_SYNTAX_RULE
)
EMAIL_SEARCH_RULE = (
    "Letters of any script (with combining marks), digits, spaces and ' ’ - . & , / # @ + _ "
    "only; at least one letter or digit. Matched literally, case-insensitively." + _CODE_SYNTAX_RULE
)
PHONE_RULE = (
    "Digits with optional spaces, ( ) . - separators and a leading + or (; 7 to 15 digits; "
    "starts and ends with a digit (after the optional + or (), e.g. +44 20 7946 0958." + _TRIM_RULE
)


def _documented(format_name: str, rule: str) -> Any:
    return Field(json_schema_extra={"format": format_name, "description": rule})


PersonName = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=120),
    AfterValidator(check_name),
    _documented("person-name", NAME_RULE),
]
AddressText = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(check_address),
    _documented("address-text", ADDRESS_RULE),
]
SearchTerm = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(check_address),
    _documented("search-term", SEARCH_RULE),
]
EmailSearchTerm = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(check_email_search),
    _documented("email-search-term", EMAIL_SEARCH_RULE),
]
Phone = Annotated[
    str,
    BeforeValidator(_strip),
    StringConstraints(min_length=7, max_length=24),
    AfterValidator(check_phone),
    _documented("phone", PHONE_RULE),
]
EMAIL_RULE = (
    "An e-mail address (RFC 5322 addr-spec; international characters allowed) whose domain "
    "has a dot and is not a special-use name (.test, .local, .localhost, .invalid, .onion, "
    ".arpa), nor a quoted local part or an IP-address literal. Compared as sent."
)
Email = Annotated[EmailStr, Field(description=EMAIL_RULE)]
# Exactly the pattern, no trimming: what the schema says is what is accepted.
Postcode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$"),
    Field(
        description="1–12 letters, digits, spaces and hyphens; starts and ends with a letter "
        "or digit, e.g. SW1A 1AA or D01 F5P2."
    ),
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


def _whole_number(value: object) -> object:
    """JSON Schema's ``integer`` includes 348.0; a string "348" stays refused (strict)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# A JSON number with no fractional part, bounded; strings are refused.
WholeNumber = BeforeValidator(_whole_number)
PositiveId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True), WholeNumber]
MoneyPence = Annotated[int, Field(ge=0, le=10**12, strict=True), WholeNumber]

# RFC 3339 date-time (the OpenAPI ``date-time`` format) with a UTC offset (seconds may be left
# out, as existing clients do: "2025-05-01T10:00Z"). Pydantic alone also
# takes Unix timestamps ("0.5", 1700000000) and dates without a time; those are refused.
_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})"
)


def _rfc3339_only(value: object) -> object:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2025-03-15T14:30:00Z")
    return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return value


# RFC 3339 full-date (the OpenAPI ``date`` format) only: pydantic alone also takes 0
# (1970-01-01) and other Unix timestamps. Used by BoundedDate below.
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
    BeforeValidator(_rfc3339_only),
    AfterValidator(_bounded_datetime),
    Field(description=f"RFC 3339 date-time with a UTC offset. {_RANGE_NOTE}"),
]
BoundedDate = Annotated[
    _dt.date,
    BeforeValidator(_iso_date_only),
    AfterValidator(_within_calendar),
    Field(description=f"RFC 3339 full-date (YYYY-MM-DD). {_RANGE_NOTE}"),
]
