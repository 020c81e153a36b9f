"""Authentication: Argon2 hashing, signed expiring tokens, login, and the 5/min brute-force
limit (User Story 4 scenario 5, FR-027)."""

from __future__ import annotations

import json

import pytest
from starlette.testclient import TestClient

from app.auth import tokens
from app.auth.passwords import (
    PRODUCTION_HASHER,
    hash_password,
    needs_rehash,
    use_hasher,
    verify_password,
)
from app.auth.schemas import UserCreate
from app.auth.service import EmailTakenError, create_user, ensure_seed_user
from app.auth.tokens import InvalidTokenError, create_access_token, verify_access_token
from tests.conftest import TEST_SECRET, AppFactory

PASSWORD = "correct horse battery staple"


def _add_user(client: TestClient, email: str = "agent@example.com", active: bool = True) -> int:
    factory = client.app.state.sessionmaker  # type: ignore[attr-defined]
    with factory() as session:
        user = create_user(
            session, UserCreate(email=email, full_name="Áine Agent", password=PASSWORD)
        )
        user.is_active = active
        session.commit()
        return user.id


def test_passwords_are_argon2_hashed_and_verified() -> None:
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert verify_password(hashed, PASSWORD)
    assert not verify_password(hashed, "wrong")
    assert not verify_password(None, PASSWORD)
    assert not verify_password("not-a-hash", PASSWORD)
    assert not needs_rehash(hashed)


def test_production_hasher_is_argon2id_rfc9106_low_memory() -> None:
    params = PRODUCTION_HASHER
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)
    use_hasher(PRODUCTION_HASHER)
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(hashed, PASSWORD)


def test_hashes_with_old_parameters_are_upgraded_on_login(client: TestClient) -> None:
    from argon2 import PasswordHasher

    from app.auth.service import authenticate

    factory = client.app.state.sessionmaker  # type: ignore[attr-defined]
    with factory() as session:
        user_id = _add_user(client)
        use_hasher(PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
        user = authenticate(session, "agent@example.com", PASSWORD)
        assert user is not None and user.id == user_id
        assert "$m=2048,t=2,p=1$" in user.password_hash


def test_tokens_round_trip_and_refuse_tampering() -> None:
    token = create_access_token(7, TEST_SECRET, 60, now=1_000)
    assert verify_access_token(token, TEST_SECRET, now=1_030) == 7
    with pytest.raises(InvalidTokenError, match="expired"):
        verify_access_token(token, TEST_SECRET, now=1_060)
    with pytest.raises(InvalidTokenError, match="signature"):
        verify_access_token(token, "another-secret", now=1_030)
    version, payload, signature = token.split(".")
    forged = tokens._b64encode(json.dumps({"sub": 1, "iat": 0, "exp": 10**10}).encode())
    with pytest.raises(InvalidTokenError):
        verify_access_token(f"{version}.{forged}.{signature}", TEST_SECRET)
    for malformed in ("", "a.b", "v2.x.y", f"v1.{payload}"):
        with pytest.raises(InvalidTokenError, match="malformed"):
            verify_access_token(malformed, TEST_SECRET)


def test_token_with_bad_claims_is_refused() -> None:
    signing_input = "v1." + tokens._b64encode(b'{"sub": "1", "exp": 1}')
    token = f"{signing_input}.{tokens._signature(TEST_SECRET, signing_input)}"
    with pytest.raises(InvalidTokenError, match="claims"):
        verify_access_token(token, TEST_SECRET)
    signing_input = "v1." + tokens._b64encode(b"not json")
    token = f"{signing_input}.{tokens._signature(TEST_SECRET, signing_input)}"
    with pytest.raises(InvalidTokenError, match="payload"):
        verify_access_token(token, TEST_SECRET)


def test_login_and_me(client: TestClient) -> None:
    user_id = _add_user(client)
    response = client.post(
        "/api/auth/login", json={"email": "Agent@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3600
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "id": user_id,
        "email": "agent@example.com",
        "full_name": "Áine Agent",
        "role": "lettings_negotiator",
        "branch": "main",
        "is_active": True,
    }


def test_bad_credentials_are_401_without_saying_which(client: TestClient) -> None:
    _add_user(client)
    wrong_password = client.post(
        "/api/auth/login", json={"email": "agent@example.com", "password": "nope"}
    )
    unknown_user = client.post(
        "/api/auth/login", json={"email": "ghost@example.com", "password": PASSWORD}
    )
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json() == {"detail": "Invalid email or password"}
    assert wrong_password.headers["www-authenticate"] == "Bearer"


def test_inactive_user_cannot_log_in(client: TestClient) -> None:
    _add_user(client, email="left@example.com", active=False)
    response = client.post(
        "/api/auth/login", json={"email": "left@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "password", ["' OR '1'='1", "<script>alert(1)</script>", "$(id)", "🔑" * 40]
)
def test_any_password_text_is_just_a_wrong_password(client: TestClient, password: str) -> None:
    _add_user(client)
    response = client.post(
        "/api/auth/login", json={"email": "agent@example.com", "password": password}
    )
    assert response.status_code == 401


def test_invalid_or_missing_token(make_client: AppFactory) -> None:
    client = make_client(as_role=None)
    assert client.get("/api/auth/me").status_code == 401
    for header in ("Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer ", "Token x"):
        response = client.get("/api/auth/me", headers={"Authorization": header})
        assert response.status_code == 401, header
    ghost = create_access_token(424242, TEST_SECRET, 60)
    response = client.get("/api/clients", headers={"Authorization": f"Bearer {ghost}"})
    assert response.status_code == 401


def test_sixth_login_attempt_in_a_minute_is_429(make_client: AppFactory) -> None:
    client = make_client(auth_rate_limit_per_minute=5, rate_limit_per_minute=100)
    _add_user(client)
    statuses = [
        client.post(
            "/api/auth/login", json={"email": "agent@example.com", "password": f"guess{i}"}
        ).status_code
        for i in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    blocked = client.post(
        "/api/auth/login", json={"email": "agent@example.com", "password": PASSWORD}
    )
    assert blocked.status_code == 429  # even the right password waits out the window
    assert 1 <= int(blocked.headers["retry-after"]) <= 60
    # The rest of the API is still open to this IP.
    assert client.get("/api/clients").status_code == 200


def test_create_user_refuses_duplicates_and_seed_user_is_idempotent(client: TestClient) -> None:
    factory = client.app.state.sessionmaker  # type: ignore[attr-defined]
    with factory() as session:
        first = ensure_seed_user(session, "seed@example.com", PASSWORD)
        second = ensure_seed_user(session, "seed@example.com", PASSWORD)
        assert first is not None and second is not None and first.id == second.id
        assert ensure_seed_user(session, None, None) is None
        manager = ensure_seed_user(session, "boss@example.com", PASSWORD, "branch_manager")
        assert manager is not None and manager.role == "branch_manager"
        with pytest.raises(EmailTakenError):
            create_user(
                session, UserCreate(email="seed@example.com", full_name="Seed", password=PASSWORD)
            )
