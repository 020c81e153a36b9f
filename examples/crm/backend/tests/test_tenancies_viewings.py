"""Tenancies and viewings: the rules that tie clients to properties."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.helpers import new_client, new_property, new_tenancy


def test_tenancy_lifecycle_moves_the_property(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    prop_url = f"/api/properties/{tenancy['property_id']}"
    assert tenancy["status"] == "pending"
    assert client.get(prop_url).json()["status"] == "let_agreed"
    url = f"/api/tenancies/{tenancy['id']}"
    assert client.patch(url, json={"status": "active"}).json()["status"] == "active"
    assert client.get(prop_url).json()["status"] == "let"
    assert client.patch(url, json={"status": "ended"}).json()["status"] == "ended"
    assert client.get(prop_url).json()["status"] == "available"
    assert client.patch(url, json={"status": "active"}).status_code == 409


def test_tenancy_only_on_let_listings(client: TestClient) -> None:
    prop = new_property(client, listing_type="sale")
    person = new_client(client)
    response = client.post(
        "/api/tenancies",
        json={
            "property_id": prop["id"],
            "client_id": person["id"],
            "start_date": "2025-01-01",
            "monthly_rent_pence": 1000,
        },
    )
    assert response.status_code == 409


def test_overlapping_tenancies_are_refused(client: TestClient) -> None:
    first = new_tenancy(client, start_date="2025-01-01", end_date="2025-12-31")
    body = {
        "property_id": first["property_id"],
        "client_id": first["client_id"],
        "start_date": "2025-06-01",
        "monthly_rent_pence": 1000,
    }
    response = client.post("/api/tenancies", json=body)
    assert response.status_code == 409
    assert "overlaps" in response.json()["detail"]
    later = client.post("/api/tenancies", json=body | {"start_date": "2025-12-31"})
    assert later.status_code == 201


def test_tenancy_dates_and_references_are_checked(client: TestClient) -> None:
    person = new_client(client)
    prop = new_property(client)
    base = {
        "property_id": prop["id"],
        "client_id": person["id"],
        "start_date": "2025-01-01",
        "monthly_rent_pence": 1000,
    }
    # A rule between two fields (JSON Schema cannot state it): 409, like the same check on PATCH.
    assert client.post("/api/tenancies", json=base | {"end_date": "2024-12-31"}).status_code == 409
    assert client.post("/api/tenancies", json=base | {"start_date": 0}).status_code == 400
    assert client.post("/api/tenancies", json=base | {"property_id": 99999}).status_code == 404
    assert client.post("/api/tenancies", json=base | {"client_id": 99999}).status_code == 404
    assert (
        client.post("/api/tenancies", json=base | {"start_date": "2025-02-30"}).status_code == 400
    )


def test_tenancy_listing_filters_and_end_date_update(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    listed = client.get(f"/api/tenancies?property_id={tenancy['property_id']}").json()
    assert [t["id"] for t in listed] == [tenancy["id"]]
    assert client.get(f"/api/tenancies?client_id={tenancy['client_id']}&status=ended").json() == []
    url = f"/api/tenancies/{tenancy['id']}"
    assert client.patch(url, json={"end_date": "2026-06-30"}).json()["end_date"] == "2026-06-30"
    assert client.patch(url, json={"end_date": "2024-01-01"}).status_code == 409
    assert client.get("/api/tenancies/99999").status_code == 404


def test_withdrawn_property_takes_no_tenancy_or_viewing(client: TestClient) -> None:
    prop = new_property(client)
    client.patch(f"/api/properties/{prop['id']}", json={"status": "withdrawn"})
    person = new_client(client)
    tenancy = client.post(
        "/api/tenancies",
        json={
            "property_id": prop["id"],
            "client_id": person["id"],
            "start_date": "2025-01-01",
            "monthly_rent_pence": 1000,
        },
    )
    assert tenancy.status_code == 409
    viewing = client.post(
        "/api/viewings",
        json={
            "property_id": prop["id"],
            "client_id": person["id"],
            "scheduled_at": "2025-05-01T10:00:00Z",
        },
    )
    assert viewing.status_code == 409


def test_viewing_requires_timezone_and_existing_records(client: TestClient) -> None:
    prop = new_property(client)
    person = new_client(client)
    base = {"property_id": prop["id"], "client_id": person["id"]}
    naive = client.post("/api/viewings", json=base | {"scheduled_at": "2025-05-01T10:00:00"})
    assert naive.status_code == 400
    missing = client.post(
        "/api/viewings", json=base | {"property_id": 99999, "scheduled_at": "2025-05-01T10:00Z"}
    )
    assert missing.status_code == 404
    no_client = client.post(
        "/api/viewings", json=base | {"client_id": 99999, "scheduled_at": "2025-05-01T10:00Z"}
    )
    assert no_client.status_code == 404


def test_viewing_schedule_listing_and_completion(client: TestClient) -> None:
    prop = new_property(client)
    person = new_client(client)
    base = {"property_id": prop["id"], "client_id": person["id"]}
    early = client.post("/api/viewings", json=base | {"scheduled_at": "2025-05-01T09:00:00+01:00"})
    late = client.post("/api/viewings", json=base | {"scheduled_at": "2025-05-02T09:00:00Z"})
    assert early.status_code == late.status_code == 201
    assert early.json()["scheduled_at"] == "2025-05-01T08:00:00Z"
    window = client.get(
        "/api/viewings",
        params={
            "property_id": prop["id"],
            "from": "2025-05-01T00:00:00Z",
            "to": "2025-05-02T00:00Z",
        },
    ).json()
    assert [v["id"] for v in window] == [early.json()["id"]]
    url = f"/api/viewings/{early.json()['id']}"
    assert client.patch(url, json={"status": "completed"}).json()["status"] == "completed"
    assert client.patch(url, json={"scheduled_at": "2025-06-01T10:00:00Z"}).status_code == 409
    assert client.get("/api/viewings/99999").status_code == 404
    assert client.get(f"/api/viewings?client_id={person['id']}").status_code == 200
