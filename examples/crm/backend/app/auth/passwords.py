"""Argon2id password hashing (OWASP's first choice) with a constant-work miss path."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# argon2-cffi's defaults are RFC 9106's low-memory profile: t=3, m=64 MiB, p=4.
PRODUCTION_HASHER = PasswordHasher()

_hasher = PRODUCTION_HASHER
_dummy_hash: str | None = None


def use_hasher(hasher: PasswordHasher) -> None:
    """Swap the hasher (the test suite uses cheap parameters; production never calls this)."""
    global _hasher, _dummy_hash
    _hasher = hasher
    _dummy_hash = None


def _dummy() -> str:
    # Verifying against this when the e-mail is unknown makes "no such user" cost the same as
    # "wrong password", so response time does not reveal which accounts exist.
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("crm-devex-dummy-password")
    return _dummy_hash


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
