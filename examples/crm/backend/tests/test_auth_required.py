"""Authentication everywhere (issue 18): every /api operation but the login needs a bearer
token, derived from the app's own OpenAPI document so a new route cannot slip through; any
bytes in the Authorization header are a 401, never a 5xx; logout revokes the token."""

from __future__ import annotations

import random
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.testclient import TestClient

from app.auth.models import Role
from app.auth.tokens import MAX_TOKEN_LENGTH, create_access_token
from tests.conftest import TEST_PASSWORD, TEST_SECRET, AppFactory, add_user, build_app

PUBLIC_API_OPERATIONS = {("post", "/api/auth/login")}
METHODS = ("get", "post", "put", "patch", "delete")


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    app: FastAPI = build_app(Path(tempfile.gettempdir()))
    spec = app.openapi()
    return [
        (method, path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


OPERATIONS = _operations()


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_spec_covers_every_route_family() -> None:
    """The derived list is not empty or partial: each router contributes operations."""
    prefixes = {path.split("/")[2] for _, path, _ in OPERATIONS if path.startswith("/api/")}
    assert prefixes >= {
        "auth",
        "users",
        "properties",
        "clients",
        "tenancies",
        "viewings",
        "payments",
        "documents",
    }
    assert len(OPERATIONS) >= 30


def test_openapi_declares_the_bearer_scheme_on_every_protected_operation() -> None:
    app = build_app(Path(tempfile.gettempdir()))
    spec = app.openapi()
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "opaque (v1.<payload>.<signature>)",
        "description": (
            "The access_token from POST /api/auth/login, as `Authorization: Bearer <token>`."
        ),
    }
    for method, path, operation in OPERATIONS:
        if not path.startswith("/api/") and path != "/trace":
            continue
        if (method, path) in PUBLIC_API_OPERATIONS:
            assert "security" not in operation, f"{method} {path}"
        else:
            assert operation.get("security") == [{"bearerAuth": []}], f"{method} {path}"
            assert "401" in operation["responses"], f"{method} {path}"


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p, _ in OPERATIONS if p.startswith("/api/") or p == "/trace"],
    ids=lambda value: str(value),
)
def test_every_operation_without_a_token_is_401(
    shared_anonymous: TestClient, method: str, path: str
) -> None:
    response = shared_anonymous.request(
        method.upper(), _concrete(path), params={"request_id": "x" * 8}
    )
    if (method, path) in PUBLIC_API_OPERATIONS:
        assert response.status_code in (400, 401)  # it answers on its own terms
        return
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Not authenticated"}


@pytest.fixture(scope="module")
def shared_anonymous(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = build_app(tmp_path_factory.mktemp("anonymous"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def _garbage_headers() -> list[bytes]:
    rng = random.Random(18)  # fixed seed: the same 200 cases every run, any of which may fail
    cases = [
        b"Bearer \xff\xfe\xfd",
        "Bearer café".encode(),
        "Bearer 🔑.🔑.🔑".encode(),
        b"Bearer v1.\xe9\xe9.\xe9",
        b"Bearer " + b"A" * (MAX_TOKEN_LENGTH + 1),
        b"Bearer " + b"v1." + b"A" * 1_000_000 + b".x",
        b"Bearer v1..",
        b"Bearer ...",
        b"Bearer v1.e30.",  # {} payload, empty signature
        b"Bearer v1.bnVsbA.AAAA",  # "null" payload
        b"bearer \x80",
        b"Bearer",
        b"\xc3\xa9",
    ]
    for _ in range(200):
        length = rng.randint(1, 300)
        cases.append(b"Bearer " + bytes(rng.choice(range(0x20, 0x100)) for _ in range(length)))
    return cases


def test_any_bytes_in_the_authorization_header_are_401_never_5xx(
    make_client: AppFactory,
) -> None:
    client = make_client(as_role=None)
    statuses = {}
    for header in _garbage_headers():
        response = client.get("/api/clients", headers={b"Authorization": header})
        statuses[header[:40]] = response.status_code
        assert response.status_code == 401, header[:80]
        assert response.headers["www-authenticate"] == "Bearer"
    assert len(statuses) > 200


def test_a_forged_or_foreign_token_is_401(make_client: AppFactory) -> None:
    client = make_client(as_role=None)
    app: FastAPI = client.app  # type: ignore[assignment]
    user = add_user(app, Role.branch_manager)
    foreign = create_access_token(user.id, "another-secret-key-0123456789", 60)
    stale_version = create_access_token(user.id, TEST_SECRET, 60, token_version=7)
    expired = create_access_token(user.id, TEST_SECRET, 60, now=1_000)
    for token in (foreign, stale_version, expired):
        response = client.get("/api/clients", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def _login(client: TestClient, email: str) -> str:
    response = client.post("/api/auth/login", json={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    token: str = body["access_token"]
    return token


def test_logout_revokes_the_token(make_client: AppFactory) -> None:
    client = make_client(as_role=None)
    app: FastAPI = client.app  # type: ignore[assignment]
    add_user(app, Role.lettings_negotiator, email="agent@example.com")
    token = _login(client, "agent@example.com")
    bearer = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/auth/me", headers=bearer)
    assert me.status_code == 200
    assert set(me.json()) == {"id", "email", "full_name", "role", "branch", "is_active"}

    assert client.post("/api/auth/logout", headers=bearer).status_code == 204
    for path in ("/api/auth/me", "/api/clients"):
        after = client.get(path, headers=bearer)
        assert after.status_code == 401
        assert after.headers["www-authenticate"] == "Bearer"
    assert client.post("/api/auth/logout", headers=bearer).status_code == 401

    fresh = {"Authorization": f"Bearer {_login(client, 'agent@example.com')}"}
    assert client.get("/api/auth/me", headers=fresh).status_code == 200


def test_deactivated_user_token_stops_working(make_client: AppFactory) -> None:
    client = make_client()  # a branch manager
    app: FastAPI = client.app  # type: ignore[assignment]
    add_user(app, Role.lettings_negotiator, email="leaver@example.com")
    token = _login(client, "leaver@example.com")
    leaver = client.get("/api/users").json()
    (target,) = [u for u in leaver if u["email"] == "leaver@example.com"]
    assert client.patch(f"/api/users/{target['id']}", json={"is_active": False}).status_code == 200
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
