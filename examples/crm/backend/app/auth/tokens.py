"""Signed, expiring bearer tokens: ``v1.<base64url JSON payload>.<base64url HMAC-SHA256>``.

A deliberately small format (no algorithm negotiation, so no ``alg: none`` class of bugs).
Rotating ``SECRET_KEY`` invalidates every issued token — see the README's rotation runbook.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

_VERSION = "v1"


class InvalidTokenError(Exception):
    pass


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret_key: str, signing_input: str) -> str:
    key = hashlib.sha256(b"crm-access-token:" + secret_key.encode()).digest()
    return _b64encode(hmac.new(key, signing_input.encode("ascii"), hashlib.sha256).digest())


def create_access_token(
    user_id: int, secret_key: str, ttl_seconds: int, now: float | None = None
) -> str:
    issued = int(now if now is not None else time.time())
    payload = _b64encode(
        json.dumps({"sub": user_id, "iat": issued, "exp": issued + ttl_seconds}).encode()
    )
    signing_input = f"{_VERSION}.{payload}"
    return f"{signing_input}.{_signature(secret_key, signing_input)}"


def verify_access_token(token: str, secret_key: str, now: float | None = None) -> int:
    """Return the user ID, or raise :class:`InvalidTokenError`."""
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != _VERSION:
        raise InvalidTokenError("malformed token")
    expected = _signature(secret_key, f"{parts[0]}.{parts[1]}")
    if not hmac.compare_digest(expected, parts[2]):
        raise InvalidTokenError("bad signature")
    try:
        claims = json.loads(_b64decode(parts[1]))
        user_id, expires = claims["sub"], claims["exp"]
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidTokenError("malformed payload") from error
    if not isinstance(user_id, int) or not isinstance(expires, int):
        raise InvalidTokenError("malformed claims")
    if expires <= (now if now is not None else time.time()):
        raise InvalidTokenError("expired")
    return user_id
