"""The OpenAPI document says what the API does, in the places schemathesis found it did not:
every 400 has the documented ``errors`` list, a 405 lists every method of the path, timestamps
and dates are RFC 3339 text only, whole-number JSON floats are integers, the rules of names,
postcodes and Idempotency-Key are in the schema, downloads declare their content types, and
the client search takes e-mail characters. tests/test_fuzz_contract.py checks the same at
random; these are the cases that were found, kept."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from app.__main__ import openapi_document
from app.documents.screening import ALLOWED_EXTENSIONS
from tests.helpers import new_client, new_property

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b"[\x91\x12", b'{"full_name": '])
def test_an_unreadable_body_is_a_documented_400(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/clients", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    payload = response.json()
    assert payload["detail"] == "Validation failed"
    assert payload["errors"] and all(set(e) == {"loc", "msg", "type"} for e in payload["errors"])
    assert payload["errors"][0]["loc"][0] == "body"


@pytest.mark.parametrize(
    ("template", "path", "allow"),
    [
        ("/api/clients", "/api/clients", "GET, POST"),
        ("/api/clients/{client_id}", "/api/clients/1", "DELETE, GET, PATCH"),
        ("/api/payments/balance/{tenancy_id}", "/api/payments/balance/1", "GET"),
    ],
)
def test_405_lists_every_method_of_the_path(
    client: TestClient, template: str, path: str, allow: str
) -> None:
    response = client.request("PUT", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert client.options(path).headers["allow"] == allow  # no Origin: not a CORS preflight
    documented = {m.upper() for m in openapi_document()["paths"][template]}
    assert documented == set(allow.split(", "))


@pytest.mark.parametrize("value", ["0.5", "1700000000", "2025-05-01", "tomorrow"])
def test_viewing_filters_take_only_rfc3339_timestamps(client: TestClient, value: str) -> None:
    response = client.get("/api/viewings", params={"to": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["loc"] == ["query", "to"]


def test_dates_are_text_not_numbers(client: TestClient) -> None:
    prop, person = new_property(client), new_client(client)
    body = {"property_id": prop["id"], "client_id": person["id"], "monthly_rent_pence": 1000}
    assert client.post("/api/tenancies", json=body | {"start_date": 0}).status_code == 400
    assert (
        client.post("/api/tenancies", json=body | {"start_date": "2025-01-01"}).status_code == 201
    )
    viewing = {"property_id": prop["id"], "client_id": person["id"]}
    assert client.post("/api/viewings", json=viewing | {"scheduled_at": 0.5}).status_code == 400


def test_whole_number_floats_are_integers_and_strings_are_not(client: TestClient) -> None:
    prop = new_property(client, bedrooms=3.0)
    assert prop["bedrooms"] == 3
    person = new_client(client)
    base = {"client_id": float(person["id"]), "scheduled_at": "2025-05-01T10:00:00Z"}
    assert (
        client.post("/api/viewings", json=base | {"property_id": float(prop["id"])}).status_code
        == 201
    )
    assert (
        client.post("/api/viewings", json=base | {"property_id": prop["id"] + 0.5}).status_code
        == 400
    )
    assert (
        client.post("/api/viewings", json=base | {"property_id": str(prop["id"])}).status_code
        == 400
    )


def test_the_client_search_takes_an_email_address(client: TestClient) -> None:
    wanted = new_client(client, email="first_last+crm@example.co.uk")
    new_client(client, email="someone@example.org")
    found = client.get("/api/clients", params={"search": "first_last+crm@example.co"})
    assert found.status_code == 200
    assert [c["id"] for c in found.json()] == [wanted["id"]]
    assert client.get("/api/clients", params={"search": "@example."}).status_code == 200
    refused = client.get("/api/clients", params={"search": "a@b' OR 1=1"})
    assert refused.status_code == 400


def test_a_postcode_is_exactly_its_documented_pattern(client: TestClient) -> None:
    schema = openapi_document()["components"]["schemas"]["PropertyCreate"]["properties"]
    assert schema["postcode"]["pattern"] == r"^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$"
    response = client.post(
        "/api/properties",
        json={
            "address_line1": "1 Main Street",
            "city": "Leeds",
            "postcode": " LS1 4AP",  # the pattern refuses the leading space, so does the API
            "property_type": "flat",
            "listing_type": "let",
            "price_pence": 1,
        },
    )
    assert response.status_code == 400


def test_every_name_address_and_phone_rule_is_documented() -> None:
    document = openapi_document()
    schemas = document["components"]["schemas"]
    client = schemas["ClientCreate"]["properties"]
    assert client["full_name"]["format"] == "person-name"
    assert "at least one letter" in client["full_name"]["description"]
    assert "UNION" in client["full_name"]["description"]
    assert client["phone"]["anyOf"][0]["format"] == "phone"
    assert "special-use" in client["email"]["description"]
    assert schemas["PropertyCreate"]["properties"]["address_line1"]["format"] == "address-text"
    search = {p["name"]: p for p in document["paths"]["/api/clients"]["get"]["parameters"]}
    assert search["search"]["schema"]["anyOf"][0]["format"] == "email-search-term"
    header = {p["name"]: p for p in document["paths"]["/api/payments"]["post"]["parameters"]}[
        "Idempotency-Key"
    ]
    assert header["schema"]["pattern"] == "^[A-Za-z0-9_-]{8,64}$"
    assert "409" in header["description"] and "200" in header["description"]
    assert "200" in document["paths"]["/api/payments"]["post"]["responses"]


def test_downloads_declare_every_content_type_they_serve(client: TestClient) -> None:
    document = openapi_document()
    content = document["paths"]["/api/documents/{document_id}/content"]["get"]["responses"]
    declared = set(content["200"]["content"])
    assert declared == {*ALLOWED_EXTENSIONS.values(), "application/octet-stream"}
    upload = client.post(
        "/api/documents", files={"file": ("lease.pdf", PDF, "application/pdf")}
    ).json()
    download = client.get(f"/api/documents/{upload['id']}/content")
    assert download.status_code == 200
    assert download.headers["content-type"].split(";")[0] in declared
