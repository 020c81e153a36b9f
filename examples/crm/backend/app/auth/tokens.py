"""Signed, expiring bearer tokens: ``v1.<base64url JSON payload>.<base64url HMAC-SHA256>``.

A deliberately small format (no algorithm negotiation, so no ``alg: none`` class of bugs).
The payload names the user (``sub``) and the user's token version (``ver``): logout bumps the
version, which revokes every token issued before. Rotating ``SECRET_KEY`` invalidates every
issued token — see the README's rotation runbook.

Anything a client can put in an ``Authorization`` header — non-ASCII bytes, megabytes of text,
valid base64 of garbage — ends as :class:`InvalidTokenError`, never as another exception.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass

_VERSION = "v1"
# Real tokens are ~150 characters; the cap keeps hashing of hostile input cheap.
MAX_TOKEN_LENGTH = 2048
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class InvalidTokenError(Exception):
    pass


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    token_version: int
    expires_at: int


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret_key: str, signing_input: str) -> str:
    key = hashlib.sha256(b"crm-access-token:" + secret_key.encode()).digest()
    return _b64encode(hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest())


def create_access_token(
    user_id: int,
    secret_key: str,
    ttl_seconds: int,
    now: float | None = None,
    *,
    token_version: int = 0,
) -> str:
    issued = int(now if now is not None else time.time())
    claims = {"sub": user_id, "ver": token_version, "iat": issued, "exp": issued + ttl_seconds}
    payload = _b64encode(json.dumps(claims).encode())
    signing_input = f"{_VERSION}.{payload}"
    return f"{signing_input}.{_signature(secret_key, signing_input)}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_access_token(token: str, secret_key: str, now: float | None = None) -> TokenClaims:
    """The verified claims, or raise :class:`InvalidTokenError`."""
    # Shape first: only then is the text ASCII, short and safe for compare_digest and encode().
    if len(token) > MAX_TOKEN_LENGTH or not _TOKEN_SHAPE.fullmatch(token):
        raise InvalidTokenError("malformed token")
    parts = token.split(".")
    if parts[0] != _VERSION:
        raise InvalidTokenError("malformed token")
    expected = _signature(secret_key, f"{parts[0]}.{parts[1]}")
    if not hmac.compare_digest(expected, parts[2]):
        raise InvalidTokenError("bad signature")
    try:
        claims = json.loads(_b64decode(parts[1]))
        user_id, expires = claims["sub"], claims["exp"]
        version = claims.get("ver", 0)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as error:
        raise InvalidTokenError("malformed payload") from error
    if not (_is_int(user_id) and _is_int(expires) and _is_int(version)):
        raise InvalidTokenError("malformed claims")
    if expires <= (now if now is not None else time.time()):
        raise InvalidTokenError("expired")
    return TokenClaims(user_id=user_id, token_version=version, expires_at=expires)


def verify_access_token(token: str, secret_key: str, now: float | None = None) -> int:
    """Return the user ID, or raise :class:`InvalidTokenError`."""
    return read_access_token(token, secret_key, now).user_id
