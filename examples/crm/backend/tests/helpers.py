"""Small builders for valid records, so each test states only what it is about."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.testclient import TestClient

_counter = itertools.count(1)


def client_body(**overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    return {
        "full_name": "Siobhán O'Brien",
        "email": f"client{n}@example.com",
        "phone": "+44 20 7946 0958",
        "notes": "",
    } | overrides


def property_body(**overrides: Any) -> dict[str, Any]:
    return {
        "address_line1": "14 O'Connell Street",
        "city": "Dublin",
        "postcode": "D01 F5P2",
        "country": "IE",
        "property_type": "flat",
        "listing_type": "let",
        "bedrooms": 2,
        "bathrooms": 1,
        "price_pence": 180_000,
        "description": "Bright two-bed flat",
    } | overrides


def create(client: TestClient, path: str, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = client.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def new_client(client: TestClient, **overrides: Any) -> dict[str, Any]:
    return create(client, "/api/clients", client_body(**overrides))


def new_property(client: TestClient, **overrides: Any) -> dict[str, Any]:
    return create(client, "/api/properties", property_body(**overrides))


def new_tenancy(client: TestClient, **overrides: Any) -> dict[str, Any]:
    prop_id = overrides.pop("property_id", None) or new_property(client)["id"]
    client_id = overrides.pop("client_id", None) or new_client(client)["id"]
    body = {
        "property_id": prop_id,
        "client_id": client_id,
        "start_date": "2025-01-01",
        "end_date": "2026-01-01",
        "monthly_rent_pence": 180_000,
        "deposit_pence": 200_000,
    } | overrides
    return create(client, "/api/tenancies", body)
