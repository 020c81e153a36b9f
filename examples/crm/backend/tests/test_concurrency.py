"""Lost updates (issue 18): every record read carries an ETag, and PATCH/DELETE with a stale
If-Match are refused with 412 — atomically, so of ten racing read-modify-write PATCHes exactly
one wins. CORS lets the browser send If-Match and read ETag."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import FRONTEND, AppFactory
from tests.helpers import create, new_client, new_property, new_tenancy

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _viewing(client: TestClient) -> dict[str, Any]:
    body = {
        "property_id": new_property(client)["id"],
        "client_id": new_client(client)["id"],
        "scheduled_at": "2030-05-01T10:00:00Z",
    }
    return create(client, "/api/viewings", body)


def _payment(client: TestClient) -> dict[str, Any]:
    body = {"tenancy_id": new_tenancy(client)["id"], "amount_pence": 1000, "kind": "rent"}
    return create(client, "/api/payments", body)


def _document(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/documents", files={"file": ("a.pdf", PDF, "application/pdf")})
    assert response.status_code == 201
    data: dict[str, Any] = response.json()
    return data


def _user(client: TestClient) -> dict[str, Any]:
    body = {"email": "etag-user@example.com", "full_name": "Eta Gee", "password": "p" * 12}
    return create(client, "/api/users", body)


# (collection, make a record, a valid PATCH body or None when the resource has no PATCH)
RESOURCES: list[tuple[str, Callable[[TestClient], dict[str, Any]], dict[str, Any] | None]] = [
    ("/api/clients", new_client, {"notes": "changed"}),
    ("/api/properties", new_property, {"description": "changed"}),
    ("/api/tenancies", new_tenancy, {"status": "active"}),
    ("/api/viewings", _viewing, {"notes": "changed"}),
    ("/api/payments", _payment, {"status": "paid"}),
    ("/api/documents", _document, None),
    ("/api/users", _user, {"full_name": "Changed Name"}),
]
DELETABLE = {"/api/clients", "/api/viewings", "/api/documents", "/api/users"}


@pytest.mark.parametrize(("collection", "make", "patch"), RESOURCES, ids=[r[0] for r in RESOURCES])
def test_reads_carry_an_etag_and_stale_writes_are_412(
    client: TestClient,
    collection: str,
    make: Callable[[TestClient], dict[str, Any]],
    patch: dict[str, Any] | None,
) -> None:
    url = f"{collection}/{make(client)['id']}"
    first = client.get(url)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag == '"v1"'
    assert client.get(url).headers["etag"] == tag  # stable while nothing changes
    if patch is not None:
        updated = client.patch(url, json=patch, headers={"If-Match": tag})
        assert updated.status_code == 200, updated.text
        assert updated.headers["etag"] == '"v2"' == client.get(url).headers["etag"]
        stale = client.patch(url, json=patch, headers={"If-Match": tag})
        assert stale.status_code == 412
        assert stale.json() == {
            "detail": "The record was changed by someone else; reload it and retry"
        }
        assert stale.headers["etag"] == '"v2"'
        tag = '"v2"'
    if collection in DELETABLE:
        assert client.delete(url, headers={"If-Match": '"v99"'}).status_code == 412
        assert client.get(url).status_code == 200  # still there
        assert client.delete(url, headers={"If-Match": tag}).status_code == 204


def test_if_match_forms(client: TestClient) -> None:
    url = f"/api/clients/{new_client(client)['id']}"
    for header, expected in [
        ('W/"v1"', 412),  # weak tags never match If-Match (strong comparison)
        ('"v7", "v8"', 412),
        ('"v7", "v1"', 200),  # any listed tag
        ("*", 200),
    ]:
        response = client.patch(url, json={"notes": header}, headers={"If-Match": header})
        assert response.status_code == expected, header
    assert client.patch(url, json={"notes": "no header"}).status_code == 200  # as before


def test_ten_racing_read_modify_writes_keep_exactly_one(
    make_client: AppFactory, tmp_path: Path
) -> None:
    """Ten editors read the note, each appends a line, all save at once with If-Match."""
    client = make_client(
        database_url=f"sqlite:///{tmp_path / 'race.db'}", database_busy_timeout_ms=10_000
    )
    url = f"/api/clients/{new_client(client, notes='Viewing notes:')['id']}"
    read = client.get(url)
    tag, notes = read.headers["etag"], read.json()["notes"]

    def save(editor: int) -> tuple[int, str]:
        response = client.patch(
            url, json={"notes": f"{notes}\n- editor {editor}"}, headers={"If-Match": tag}
        )
        return response.status_code, f"{notes}\n- editor {editor}"

    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(save, range(10)))
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [412] * 9, statuses
    (winner,) = [text for status, text in results if status == 200]
    final = client.get(url)
    assert final.json()["notes"] == winner
    assert final.headers["etag"] == '"v2"'


def test_cors_lets_the_browser_send_if_match_and_read_etag(client: TestClient) -> None:
    preflight = client.options(
        "/api/clients/1",
        headers={
            "Origin": FRONTEND,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization,if-match,content-type",
        },
    )
    assert preflight.status_code == 200
    allowed = preflight.headers["access-control-allow-headers"].lower()
    assert {"authorization", "if-match", "content-type"} <= {
        header.strip() for header in allowed.split(",")
    }
    url = f"/api/clients/{new_client(client)['id']}"
    response = client.get(url, headers={"Origin": FRONTEND})
    exposed = {
        h.strip().lower() for h in response.headers["access-control-expose-headers"].split(",")
    }
    assert {"etag", "x-request-id", "retry-after", "www-authenticate"} <= exposed
