"""Client records: the issue's contract (POST → 201 with id; GET returns stored values
unchanged), uniqueness, search, update and erasure."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.helpers import client_body, new_client, new_tenancy


def test_create_returns_201_with_id_and_get_returns_values_unchanged(client: TestClient) -> None:
    body = {
        "full_name": "Siobhán O'Brien",
        "email": "siobhan@example.ie",
        "phone": "+353 1 555 0199",
        "notes": "Prefers e-mail. 2 < 3 bedrooms 🏡",
    }
    created = client.post("/api/clients", json=body)
    assert created.status_code == 201
    client_id = created.json()["id"]
    assert isinstance(client_id, int)
    fetched = client.get(f"/api/clients/{client_id}").json()
    assert {key: fetched[key] for key in body} == body


def test_duplicate_email_is_a_conflict(client: TestClient) -> None:
    new_client(client, email="dup@example.com")
    response = client.post("/api/clients", json=client_body(email="dup@example.com"))
    assert response.status_code == 409


def test_missing_client_is_404(client: TestClient) -> None:
    assert client.get("/api/clients/999999").status_code == 404
    assert client.patch("/api/clients/999999", json={"notes": "x"}).status_code == 404


def test_ids_must_be_positive_integers(client: TestClient) -> None:
    for bad in ("0", "-1", "1.5", "abc", "99999999999999999999999"):
        assert client.get(f"/api/clients/{bad}").status_code == 400


def test_search_matches_name_or_email_literally(client: TestClient) -> None:
    new_client(client, full_name="Zoë Saldaña", email="zoe@example.com")
    new_client(client, full_name="王小明", email="wang@example.cn")
    new_client(client, full_name="Percy Underscore", email="percy_u@example.com")
    assert [c["full_name"] for c in client.get("/api/clients?search=Zoë").json()] == ["Zoë Saldaña"]
    assert [c["email"] for c in client.get("/api/clients?search=wang").json()] == [
        "wang@example.cn"
    ]
    assert [c["full_name"] for c in client.get("/api/clients?search=小明").json()] == ["王小明"]


def test_pagination(client: TestClient) -> None:
    for index in range(5):
        new_client(client, email=f"page{index}@example.com")
    first = client.get("/api/clients?limit=2").json()
    second = client.get("/api/clients?limit=2&offset=2").json()
    assert len(first) == 2 and len(second) == 2
    assert {c["id"] for c in first}.isdisjoint({c["id"] for c in second})
    assert client.get("/api/clients?limit=0").status_code == 400
    assert client.get("/api/clients?limit=201").status_code == 400


def test_update_changes_only_given_fields(client: TestClient) -> None:
    created = new_client(client, full_name="Ngũgĩ wa Thiong'o", notes="original")
    response = client.patch(f"/api/clients/{created['id']}", json={"notes": "updated 📝"})
    assert response.status_code == 200
    data = response.json()
    assert data["notes"] == "updated 📝"
    assert data["full_name"] == "Ngũgĩ wa Thiong'o"
    cleared = client.patch(f"/api/clients/{created['id']}", json={"phone": None}).json()
    assert cleared["phone"] is None
    kept = client.patch(f"/api/clients/{created['id']}", json={"full_name": None}).json()
    assert kept["full_name"] == "Ngũgĩ wa Thiong'o"


def test_update_to_an_email_in_use_is_a_conflict(client: TestClient) -> None:
    new_client(client, email="taken@example.com")
    other = new_client(client)
    response = client.patch(f"/api/clients/{other['id']}", json={"email": "taken@example.com"})
    assert response.status_code == 409
    same = client.patch(f"/api/clients/{other['id']}", json={"email": other["email"]})
    assert same.status_code == 200


def test_delete_erases_the_client(client: TestClient) -> None:
    created = new_client(client)
    assert client.delete(f"/api/clients/{created['id']}").status_code == 204
    assert client.get(f"/api/clients/{created['id']}").status_code == 404
    assert client.delete(f"/api/clients/{created['id']}").status_code == 404


def test_delete_refuses_a_client_with_a_tenancy(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    response = client.delete(f"/api/clients/{tenancy['client_id']}")
    assert response.status_code == 409
    assert client.get(f"/api/clients/{tenancy['client_id']}").status_code == 200
