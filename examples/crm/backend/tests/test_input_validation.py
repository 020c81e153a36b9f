"""FR-028..FR-031, SC-004: every structured field and parameter rejects SQL injection, XSS and
command injection with 400 *before any SQL runs*; free text and real international data are
accepted and round-trip unchanged (parameterized queries are the real defence)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from app.core.validation import check_address, check_name, check_phone
from tests.conftest import StatementLog
from tests.helpers import client_body, new_client, new_property, new_tenancy, property_body
from tests.payloads import (
    COMMAND_INJECTION,
    FREE_TEXT_NOTES,
    INTERNATIONAL_ADDRESSES,
    INTERNATIONAL_NAMES,
    MALICIOUS,
    SQL_INJECTION,
    XSS,
)


@pytest.fixture
def client(shared_client: TestClient) -> TestClient:
    """Rejections write nothing and round-trips use fresh rows, so one app serves the module."""
    return shared_client


# (endpoint, valid body, structured fields)
BODY_TARGETS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("/api/clients", client_body(), ["full_name", "email", "phone"]),
    (
        "/api/properties",
        property_body(),
        [
            "address_line1",
            "address_line2",
            "city",
            "postcode",
            "country",
            "property_type",
            "listing_type",
            "bedrooms",
            "bathrooms",
            "price_pence",
        ],
    ),
    (
        "/api/tenancies",
        {
            "property_id": 1,
            "client_id": 1,
            "start_date": "2025-01-01",
            "monthly_rent_pence": 1000,
            "deposit_pence": 0,
        },
        ["property_id", "client_id", "start_date", "end_date", "monthly_rent_pence"],
    ),
    (
        "/api/viewings",
        {"property_id": 1, "client_id": 1, "scheduled_at": "2025-06-01T10:00:00Z"},
        ["property_id", "client_id", "scheduled_at"],
    ),
    (
        "/api/payments",
        {"tenancy_id": 1, "amount_pence": 1000, "kind": "rent", "currency": "GBP"},
        ["tenancy_id", "amount_pence", "currency", "kind", "reference", "due_date"],
    ),
    ("/api/auth/login", {"email": "a@example.com", "password": "x"}, ["email"]),
]

PATCH_TARGETS: list[tuple[str, list[str]]] = [
    ("/api/clients/1", ["full_name", "email", "phone"]),
    ("/api/properties/1", ["address_line1", "city", "postcode", "status", "bedrooms"]),
    ("/api/tenancies/1", ["status", "end_date"]),
    ("/api/viewings/1", ["status", "scheduled_at"]),
    ("/api/payments/1", ["status"]),
]

QUERY_TARGETS: list[tuple[str, str]] = [
    ("/api/properties", "search"),
    ("/api/properties", "status"),
    ("/api/properties", "listing_type"),
    ("/api/properties", "min_bedrooms"),
    ("/api/properties", "max_price_pence"),
    ("/api/properties", "limit"),
    ("/api/properties", "offset"),
    ("/api/clients", "search"),
    ("/api/tenancies", "property_id"),
    ("/api/tenancies", "client_id"),
    ("/api/tenancies", "status"),
    ("/api/viewings", "property_id"),
    ("/api/viewings", "from"),
    ("/api/payments", "tenancy_id"),
    ("/api/payments", "status"),
    ("/trace", "request_id"),
]

PATH_TARGETS = [
    "/api/clients/{}",
    "/api/properties/{}",
    "/api/tenancies/{}",
    "/api/viewings/{}",
    "/api/payments/{}",
    "/api/payments/balance/{}",
    "/api/documents/{}",
]


def _business_statements(sql_log: StatementLog) -> list[str]:
    """Statements other than the bearer token's user lookup (authentication runs first)."""
    return [s for s in sql_log.statements if not s.startswith("SELECT users.")]


def _assert_rejected_without_sql(response: Any, sql_log: StatementLog) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["detail"] == "Validation failed"
    assert body["errors"] and all("msg" in error for error in body["errors"])
    assert _business_statements(sql_log) == []


@pytest.mark.parametrize("payload", MALICIOUS)
def test_every_structured_body_field_rejects_payload(
    client: TestClient, sql_log: StatementLog, payload: str
) -> None:
    for path, valid, fields in BODY_TARGETS:
        for field in fields:
            sql_log.clear()
            response = client.post(path, json=valid | {field: payload})
            _assert_rejected_without_sql(response, sql_log)
            assert response.json()["errors"][0]["loc"][-1] == field or field in str(
                response.json()["errors"]
            )


@pytest.mark.parametrize("payload", MALICIOUS)
def test_every_structured_patch_field_rejects_payload(
    client: TestClient, sql_log: StatementLog, payload: str
) -> None:
    for path, fields in PATCH_TARGETS:
        for field in fields:
            sql_log.clear()
            _assert_rejected_without_sql(client.patch(path, json={field: payload}), sql_log)


@pytest.mark.parametrize("payload", MALICIOUS)
def test_every_query_parameter_rejects_payload(
    client: TestClient, sql_log: StatementLog, payload: str
) -> None:
    for path, parameter in QUERY_TARGETS:
        sql_log.clear()
        _assert_rejected_without_sql(client.get(path, params={parameter: payload}), sql_log)


@pytest.mark.parametrize("payload", MALICIOUS)
def test_every_path_parameter_rejects_payload(
    client: TestClient, sql_log: StatementLog, payload: str
) -> None:
    for template in PATH_TARGETS:
        sql_log.clear()
        response = client.get(template.format(quote(payload, safe="")))
        # An encoded "/" makes the path unroutable (404); everything else fails validation.
        assert response.status_code in (400, 404), (template, payload, response.text)
        assert _business_statements(sql_log) == []


def test_upload_form_ids_reject_payloads(client: TestClient, sql_log: StatementLog) -> None:
    for payload in MALICIOUS:
        for field in ("property_id", "client_id"):
            sql_log.clear()
            response = client.post(
                "/api/documents",
                files={"file": ("lease.txt", b"hello", "text/plain")},
                data={field: payload},
            )
            _assert_rejected_without_sql(response, sql_log)


def test_payload_lists_cover_each_attack_family() -> None:
    assert len(SQL_INJECTION) >= 15
    assert len(XSS) >= 12
    assert len(COMMAND_INJECTION) >= 12


@pytest.mark.parametrize("name", INTERNATIONAL_NAMES)
def test_international_names_round_trip(client: TestClient, name: str) -> None:
    created = new_client(client, full_name=name)
    fetched = client.get(f"/api/clients/{created['id']}")
    assert fetched.status_code == 200
    assert fetched.json()["full_name"] == name
    assert name.encode("utf-8") in fetched.content  # raw UTF-8, not re-encoded


@pytest.mark.parametrize("address", INTERNATIONAL_ADDRESSES)
def test_international_addresses_round_trip(client: TestClient, address: str) -> None:
    created = new_property(client, address_line1=address, city=address)
    fetched = client.get(f"/api/properties/{created['id']}").json()
    assert fetched["address_line1"] == address
    assert fetched["city"] == address


@pytest.mark.parametrize("notes", FREE_TEXT_NOTES + MALICIOUS)
def test_free_text_is_stored_byte_for_byte(client: TestClient, notes: str) -> None:
    created = new_client(client, notes=notes)
    fetched = client.get(f"/api/clients/{created['id']}")
    assert fetched.json()["notes"] == notes
    assert fetched.headers["content-type"] == "application/json"
    prop = new_property(client, description=notes)
    assert client.get(f"/api/properties/{prop['id']}").json()["description"] == notes


@pytest.mark.parametrize("notes", FREE_TEXT_NOTES + MALICIOUS)
def test_free_text_in_viewing_notes_round_trips(client: TestClient, notes: str) -> None:
    tenancy = new_tenancy(client)
    body = {
        "property_id": tenancy["property_id"],
        "client_id": tenancy["client_id"],
        "scheduled_at": "2025-06-01T10:00:00+01:00",
        "notes": notes,
    }
    created = client.post("/api/viewings", json=body)
    assert created.status_code == 201, created.text
    assert client.get(f"/api/viewings/{created.json()['id']}").json()["notes"] == notes


def test_search_with_quotes_is_literal_not_sql(client: TestClient) -> None:
    new_property(client, address_line1="7 O'Rourke's Lane")
    new_property(client, address_line1="7 Rourke Lane")
    found = client.get("/api/properties", params={"search": "O'Rourke", "limit": 200}).json()
    assert [p["address_line1"] for p in found] == ["7 O'Rourke's Lane"]


def test_unknown_fields_are_rejected(client: TestClient, sql_log: StatementLog) -> None:
    response = client.post("/api/clients", json=client_body(is_admin=True))
    _assert_rejected_without_sql(response, sql_log)
    assert response.json()["errors"][0]["type"] == "extra_forbidden"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bedrooms", "2"),
        ("bedrooms", 2.5),
        ("bedrooms", True),
        ("bedrooms", -1),
        ("bedrooms", 51),
        ("price_pence", "180000"),
        ("price_pence", 1.5),
        ("property_type", "castle"),
        ("country", "gb"),
        ("country", "GBR"),
        ("postcode", "SW1A 1AA; ls"),
        ("address_line1", ""),
        ("address_line1", "x" * 201),
        ("description", "x" * 10_001),
    ],
)
def test_structured_fields_are_strict(
    client: TestClient, sql_log: StatementLog, field: str, value: object
) -> None:
    _assert_rejected_without_sql(
        client.post("/api/properties", json=property_body(**{field: value})), sql_log
    )


def test_validation_error_does_not_echo_input(client: TestClient) -> None:
    response = client.post("/api/auth/login", json={"email": "not-an-email", "password": "hunter2"})
    assert response.status_code == 400
    assert "hunter2" not in response.text


@pytest.mark.parametrize(
    "value",
    ["<b>", "a;b", "a|b", "a`b", "a$b", "a=b", 'a"b', "a--b", "a&&b", "a(b)", "a\u0000b", "42"],
)
def test_name_rule_rejects(value: str) -> None:
    with pytest.raises(ValueError, match=r"not allowed|code|letter"):
        check_name(value)


@pytest.mark.parametrize("value", ["", "---", "&", "' or '"])
def test_address_rule_rejects(value: str) -> None:
    with pytest.raises(ValueError, match=r"letter or digit|code"):
        check_address(value)


@pytest.mark.parametrize("value", ["+44 20 7946 0958", "(020) 7946 0958", "+1-202-555-0173"])
def test_phone_rule_accepts(value: str) -> None:
    assert check_phone(value) == value


@pytest.mark.parametrize("value", ["12345", "+44 20 7946 0958 ext", "+1234567890123456", "++44 1"])
def test_phone_rule_rejects(value: str) -> None:
    with pytest.raises(ValueError, match=r"phone|digits"):
        check_phone(value)
