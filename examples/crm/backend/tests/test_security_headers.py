"""FR-022/023, SC-006: security headers on every response — 200, 201, 400, 404, 405, 429, 500,
health and metrics — and CORS that admits only FRONTEND_ORIGIN and exposes X-Request-ID."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from app.core.security_headers import API_CSP, DOCS_CSP
from app.settings import Environment
from tests.conftest import FRONTEND, AppFactory

REQUIRED = {
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def assert_security_headers(response: Any, csp: str = API_CSP) -> None:
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    assert response.headers["content-security-policy"] == csp
    assert response.headers["x-request-id"]


def _boom() -> None:
    raise RuntimeError("kaboom")


@pytest.fixture
def app_client(make_client: AppFactory) -> TestClient:
    client = make_client(rate_limit_per_minute=30)
    client.app.add_api_route("/api/boom", _boom)  # type: ignore[attr-defined]
    return client


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/api/properties", None, 200),
        ("POST", "/api/clients", {"full_name": "Zoë", "email": "z@example.com"}, 201),
        ("POST", "/api/clients", {"full_name": "<b>"}, 400),
        ("GET", "/api/clients/abc", None, 400),
        ("GET", "/no/such/path", None, 404),
        ("GET", "/api/clients/12345", None, 404),
        ("DELETE", "/api/properties", None, 405),
        ("GET", "/api/boom", None, 500),
        ("GET", "/health", None, 200),
        ("GET", "/metrics", None, 200),
        ("GET", "/openapi.json", None, 200),
    ],
)
def test_headers_on_every_status(
    app_client: TestClient, method: str, path: str, body: Any, status: int
) -> None:
    response = app_client.request(method, path, json=body)
    assert response.status_code == status
    assert_security_headers(response)


def test_headers_on_429(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=1)
    client.get("/health")
    response = client.get("/health")
    assert response.status_code == 429
    assert_security_headers(response)


def test_500_body_is_generic_and_carries_the_request_id(app_client: TestClient) -> None:
    response = app_client.get("/api/boom", headers={"X-Request-ID": "req-500-abcdef"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error", "request_id": "req-500-abcdef"}
    assert response.headers["x-request-id"] == "req-500-abcdef"
    assert "kaboom" not in response.text


def test_handler_cannot_weaken_headers(app_client: TestClient) -> None:
    from fastapi.responses import JSONResponse

    def weak() -> JSONResponse:
        return JSONResponse({}, headers={"X-Frame-Options": "ALLOWALL", "Cache-Control": "public"})

    app_client.app.add_api_route("/api/weak", weak)  # type: ignore[attr-defined]
    response = app_client.get("/api/weak")
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"


def test_docs_get_a_relaxed_csp_only_there(app_client: TestClient) -> None:
    docs = app_client.get("/docs")
    assert docs.status_code == 200
    assert_security_headers(docs, csp=DOCS_CSP)
    assert app_client.get("/redoc").headers["content-security-policy"] == DOCS_CSP
    assert app_client.get("/openapi.json").headers["content-security-policy"] == API_CSP


def test_docs_are_off_in_production(make_client: AppFactory) -> None:
    client = make_client(environment=Environment.production)
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_cors_allows_only_the_frontend_origin(app_client: TestClient) -> None:
    allowed = app_client.get("/api/properties", headers={"Origin": FRONTEND})
    assert allowed.headers["access-control-allow-origin"] == FRONTEND
    assert "X-Request-ID" in allowed.headers["access-control-expose-headers"]
    assert allowed.headers["access-control-allow-credentials"] == "true"

    other = app_client.get("/api/properties", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_cors_preflight(app_client: TestClient) -> None:
    ok = app_client.options(
        "/api/clients",
        headers={
            "Origin": FRONTEND,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-request-id",
        },
    )
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == FRONTEND
    assert_security_headers(ok)
    refused = app_client.options(
        "/api/clients",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_429_is_readable_by_the_frontend(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=1)
    client.get("/api/properties", headers={"Origin": FRONTEND})
    limited = client.get("/api/properties", headers={"Origin": FRONTEND})
    assert limited.status_code == 429
    assert limited.headers["access-control-allow-origin"] == FRONTEND
    assert "Retry-After" in limited.headers["access-control-expose-headers"]
    other = client.get("/api/properties", headers={"Origin": "https://evil.example"})
    assert other.status_code == 429
    assert "access-control-allow-origin" not in other.headers
