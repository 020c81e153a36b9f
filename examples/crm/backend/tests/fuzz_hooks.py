"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.fuzz_hooks): value generators for the string
formats the OpenAPI document names (app/core/validation.py), so schemathesis sends names,
addresses, search terms and phone numbers the documented rules accept.

The generators draw from every script (Latin, Greek, Cyrillic, Han, Arabic, Devanagari, …)
through Unicode categories and are filtered by the application's own checks, so a rule that
the description states but the code does not apply (or the reverse) shows up as a failure of
``positive_data_acceptance`` in tests/test_fuzz_contract.py.
"""

from __future__ import annotations

from collections.abc import Callable

import schemathesis
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.core.validation import (
    Email,
    check_address,
    check_email_search,
    check_name,
    check_phone,
)

_LETTERS = st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="ªº")
_DIGITS = st.characters(min_codepoint=ord("0"), max_codepoint=ord("9"))
_WORD = st.text(_LETTERS, min_size=1, max_size=12)
_NUMBER_OR_WORD = st.one_of(_WORD, st.text(_DIGITS, min_size=1, max_size=4))


def _accepted_by(check: Callable[[str], str]) -> Callable[[str], bool]:
    def accepted(value: str) -> bool:
        try:
            check(value)
        except ValueError:
            return False
        return True

    return accepted


def _joined(
    words: st.SearchStrategy[str], separators: list[str], max_size: int
) -> st.SearchStrategy[str]:
    pieces = st.lists(st.tuples(st.sampled_from(separators), words), max_size=3)
    return st.builds(
        lambda first, rest: first + "".join(sep + word for sep, word in rest), words, pieces
    ).filter(lambda value: len(value) <= max_size)


PERSON_NAME = _joined(_WORD, [" ", "-", "'", " & ", ". "], 120).filter(_accepted_by(check_name))
ADDRESS = _joined(_NUMBER_OR_WORD, [" ", ", ", "-", "/"], 200).filter(_accepted_by(check_address))
SEARCH = _joined(_NUMBER_OR_WORD, [" ", "-"], 100).filter(_accepted_by(check_address))
EMAIL_SEARCH = st.one_of(
    SEARCH, st.emails().map(lambda email: email[:100]).filter(_accepted_by(check_email_search))
)
_EMAIL = TypeAdapter(Email)


def _valid_email(value: str) -> bool:
    try:
        _EMAIL.validate_python(value)
    except ValidationError:
        return False
    return True


EMAIL = st.emails().filter(_valid_email)
PHONE = st.builds(
    lambda prefix, digits: prefix + digits,
    st.sampled_from(["+", ""]),
    st.text(_DIGITS, min_size=7, max_size=15),
).filter(_accepted_by(check_phone))

for _name, _strategy in {
    "person-name": PERSON_NAME,
    "address-text": ADDRESS,
    "search-term": SEARCH,
    "email-search-term": EMAIL_SEARCH,
    "phone": PHONE,
    # Replaces schemathesis' own e-mail generator, which also draws special-use domains
    # (name@host.test) that EMAIL_RULE documents as refused.
    "email": EMAIL,
}.items():
    schemathesis.openapi.format(_name, _strategy)
