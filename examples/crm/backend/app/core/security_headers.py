"""Security headers for every response (FR-022, SC-006; OWASP ASVS 3.4.x).

The API only ever serves JSON, so its CSP forbids everything. The interactive docs pages load
Swagger UI / ReDoc from jsDelivr and run one inline bootstrap script, so only those two paths
get a relaxed policy — and they are switched off in production.
"""

from __future__ import annotations

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DOCS_CSP = (
    "default-src 'none'; "
    "script-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
    "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly; "
    "font-src https://fonts.gstatic.com; "
    "connect-src 'self'; worker-src blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})

_COMMON: tuple[tuple[bytes, bytes], ...] = (
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_MANAGED = frozenset(name for name, _ in _COMMON) | {b"content-security-policy"}


def security_headers_for(path: str) -> list[tuple[bytes, bytes]]:
    csp = DOCS_CSP if path in DOCS_PATHS else API_CSP
    return [*_COMMON, (b"content-security-policy", csp.encode())]


def apply_security_headers(raw_headers: list[tuple[bytes, bytes]], path: str) -> None:
    """Replace any handler-set values of the managed headers with ours, in place."""
    raw_headers[:] = [item for item in raw_headers if item[0].lower() not in _MANAGED]
    raw_headers.extend(security_headers_for(path))
