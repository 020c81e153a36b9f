"""FR-033/034: role-based access control. Each docstring is the specification; the matrix
(C = create, R = read, U = update, D = delete, - = no access):

| Resource          | Property Manager | Branch Manager | Lettings Negotiator |
|-------------------|------------------|----------------|---------------------|
| properties        | CRUD             | CRUD           | R U (status only)   |
| clients           | R                | CRUD           | C R U               |
| client notes      | R                | R U            | R U                 |
| tenancies         | R U              | CRUD           | C R U               |
| viewings          | R                | CRUD           | C R U D             |
| payments          | R                | C R U          | R                   |
| payment refunds   | -                | U              | -                   |
| documents         | C R              | C R D          | C R                 |
| users and roles   | -                | CRUD (branch)  | -                   |
| /metrics, /trace  | -                | R              | -                   |

``test_every_cell_of_the_matrix`` sends one real request per cell that has an endpoint; D on
properties is withdrawal (a status) and tenancies are ended, not deleted, so those two cells
have no DELETE operation to call.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.auth.models import Role
from tests.conftest import auth_headers, build_app, log_in
from tests.helpers import client_body, create, new_client, new_property, new_tenancy, property_body

PM, BM, LN = Role.property_manager, Role.branch_manager, Role.lettings_negotiator
_emails = (f"staff{n}@example.com" for n in itertools.count(1))
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app; ``api`` itself is a branch manager who sets up the records each case needs."""
    app = build_app(tmp_path_factory.mktemp("rbac"))
    with TestClient(app, raise_server_exceptions=False) as client:
        log_in(client, BM)
        yield client


@pytest.fixture(scope="module")
def as_role(api: TestClient) -> dict[Role, dict[str, str]]:
    return {role: auth_headers(api, role) for role in Role}


def test_the_three_roles_exist() -> None:
    assert {role.value for role in Role} == {
        "property_manager",
        "branch_manager",
        "lettings_negotiator",
    }


# --- one request per matrix cell -----------------------------------------------------------

Request = Callable[[TestClient, dict[str, str]], Any]


def _payment(api: TestClient, status: str = "pending") -> dict[str, Any]:
    tenancy = new_tenancy(api)
    payment = create(
        api, "/api/payments", {"tenancy_id": tenancy["id"], "amount_pence": 1000, "kind": "rent"}
    )
    if status == "paid":
        assert api.patch(f"/api/payments/{payment['id']}", json={"status": "paid"}).is_success
    return payment


def _viewing(api: TestClient) -> dict[str, Any]:
    body = {
        "property_id": new_property(api)["id"],
        "client_id": new_client(api)["id"],
        "scheduled_at": "2030-05-01T10:00:00+01:00",
    }
    return create(api, "/api/viewings", body)


def _document(api: TestClient) -> dict[str, Any]:
    response = api.post("/api/documents", files={"file": ("lease.pdf", PDF, "application/pdf")})
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def _user(api: TestClient) -> dict[str, Any]:
    body = {"email": next(_emails), "full_name": "New Starter", "password": "x" * 12}
    return create(api, "/api/users", body)


CELLS: dict[tuple[str, str], Request] = {
    ("properties", "C"): lambda api, h: api.post(
        "/api/properties", json=property_body(), headers=h
    ),
    ("properties", "R"): lambda api, h: api.get(
        f"/api/properties/{new_property(api)['id']}", headers=h
    ),
    ("properties", "U"): lambda api, h: api.patch(
        f"/api/properties/{new_property(api)['id']}", json={"status": "withdrawn"}, headers=h
    ),
    ("clients", "C"): lambda api, h: api.post("/api/clients", json=client_body(), headers=h),
    ("clients", "R"): lambda api, h: api.get(f"/api/clients/{new_client(api)['id']}", headers=h),
    ("clients", "U"): lambda api, h: api.patch(
        f"/api/clients/{new_client(api)['id']}", json={"phone": "+44 20 7946 0000"}, headers=h
    ),
    ("clients", "D"): lambda api, h: api.delete(f"/api/clients/{new_client(api)['id']}", headers=h),
    ("client notes", "R"): lambda api, h: api.get(
        f"/api/clients/{new_client(api, notes='Keys with the porter')['id']}", headers=h
    ),
    ("client notes", "U"): lambda api, h: api.patch(
        f"/api/clients/{new_client(api)['id']}", json={"notes": "Prefers mornings"}, headers=h
    ),
    ("tenancies", "C"): lambda api, h: api.post(
        "/api/tenancies",
        json={
            "property_id": new_property(api)["id"],
            "client_id": new_client(api)["id"],
            "start_date": "2030-01-01",
            "monthly_rent_pence": 150_000,
        },
        headers=h,
    ),
    ("tenancies", "R"): lambda api, h: api.get(
        f"/api/tenancies/{new_tenancy(api)['id']}", headers=h
    ),
    ("tenancies", "U"): lambda api, h: api.patch(
        f"/api/tenancies/{new_tenancy(api)['id']}", json={"status": "active"}, headers=h
    ),
    ("viewings", "C"): lambda api, h: api.post(
        "/api/viewings",
        json={
            "property_id": new_property(api)["id"],
            "client_id": new_client(api)["id"],
            "scheduled_at": "2030-05-01T10:00:00Z",
        },
        headers=h,
    ),
    ("viewings", "R"): lambda api, h: api.get(f"/api/viewings/{_viewing(api)['id']}", headers=h),
    ("viewings", "U"): lambda api, h: api.patch(
        f"/api/viewings/{_viewing(api)['id']}", json={"notes": "Bring the keys"}, headers=h
    ),
    ("viewings", "D"): lambda api, h: api.delete(f"/api/viewings/{_viewing(api)['id']}", headers=h),
    ("payments", "C"): lambda api, h: api.post(
        "/api/payments",
        json={"tenancy_id": new_tenancy(api)["id"], "amount_pence": 1000, "kind": "rent"},
        headers=h,
    ),
    ("payments", "R"): lambda api, h: api.get(f"/api/payments/{_payment(api)['id']}", headers=h),
    ("payments", "U"): lambda api, h: api.patch(
        f"/api/payments/{_payment(api)['id']}", json={"status": "paid"}, headers=h
    ),
    ("payment refunds", "U"): lambda api, h: api.patch(
        f"/api/payments/{_payment(api, 'paid')['id']}", json={"status": "refunded"}, headers=h
    ),
    ("documents", "C"): lambda api, h: api.post(
        "/api/documents", files={"file": ("id.pdf", PDF, "application/pdf")}, headers=h
    ),
    ("documents", "R"): lambda api, h: api.get(f"/api/documents/{_document(api)['id']}", headers=h),
    ("documents", "D"): lambda api, h: api.delete(
        f"/api/documents/{_document(api)['id']}", headers=h
    ),
    ("users and roles", "C"): lambda api, h: api.post(
        "/api/users",
        json={"email": next(_emails), "full_name": "Ann", "password": "p" * 12},
        headers=h,
    ),
    ("users and roles", "R"): lambda api, h: api.get("/api/users", headers=h),
    ("users and roles", "U"): lambda api, h: api.patch(
        f"/api/users/{_user(api)['id']}", json={"full_name": "Ann Other"}, headers=h
    ),
    ("users and roles", "D"): lambda api, h: api.delete(
        f"/api/users/{_user(api)['id']}", headers=h
    ),
    ("/metrics", "R"): lambda api, h: api.get("/metrics", headers=h),
    ("/trace", "R"): lambda api, h: api.get(
        "/trace", params={"request_id": api.get("/health").headers["x-request-id"]}, headers=h
    ),
}

GRANTS: dict[str, dict[Role, str]] = {
    "properties": {PM: "CRU", BM: "CRU", LN: "RU"},
    "clients": {PM: "R", BM: "CRUD", LN: "CRU"},
    "client notes": {PM: "R", BM: "RU", LN: "RU"},
    "tenancies": {PM: "RU", BM: "CRU", LN: "CRU"},
    "viewings": {PM: "R", BM: "CRUD", LN: "CRUD"},
    "payments": {PM: "R", BM: "CRU", LN: "R"},
    "payment refunds": {PM: "", BM: "U", LN: ""},
    "documents": {PM: "CR", BM: "CRD", LN: "CR"},
    "users and roles": {PM: "", BM: "CRUD", LN: ""},
    "/metrics": {PM: "", BM: "R", LN: ""},
    "/trace": {PM: "", BM: "R", LN: ""},
}


def test_the_cells_cover_the_matrix() -> None:
    """Every resource row and every letter granted to anyone has a request to prove it."""
    for resource, grants in GRANTS.items():
        for letters in grants.values():
            for letter in letters:
                assert (resource, letter) in CELLS, (resource, letter)


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("cell", list(CELLS), ids=lambda c: f"{c[0]}-{c[1]}")
def test_every_cell_of_the_matrix(
    api: TestClient, as_role: dict[Role, dict[str, str]], cell: tuple[str, str], role: Role
) -> None:
    resource, letter = cell
    response = CELLS[cell](api, as_role[role])
    if letter in GRANTS[resource][role]:
        assert response.is_success, (
            f"{role} {letter} {resource}: {response.status_code} {response.text}"
        )
    else:
        assert response.status_code == 403, f"{role} {letter} {resource}: {response.status_code}"
        assert response.json()["detail"].startswith("Your role")


# --- the scenarios of the specification ----------------------------------------------------


class TestPropertyManager:
    """Property Manager: maintains listings; read-only on clients, viewings and payments."""

    def test_can_create_update_and_withdraw_properties(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """POST/PATCH /api/properties → 201/200; PATCH status=withdrawn → 200."""
        h = as_role[PM]
        created = api.post("/api/properties", json=property_body(), headers=h)
        assert created.status_code == 201
        url = f"/api/properties/{created.json()['id']}"
        assert api.patch(url, json={"price_pence": 175_000}, headers=h).status_code == 200
        withdrawn = api.patch(url, json={"status": "withdrawn"}, headers=h)
        assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"

    def test_cannot_create_or_delete_clients(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """POST /api/clients → 403; DELETE /api/clients/{id} → 403; GET → 200."""
        h = as_role[PM]
        assert api.post("/api/clients", json=client_body(), headers=h).status_code == 403
        client_id = new_client(api)["id"]
        assert api.delete(f"/api/clients/{client_id}", headers=h).status_code == 403
        assert api.get(f"/api/clients/{client_id}", headers=h).status_code == 200
        assert api.get("/api/clients", headers=h).status_code == 200

    def test_cannot_change_payments(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """POST /api/payments → 403; PATCH /api/payments/{id} → 403; GET → 200."""
        h = as_role[PM]
        payment = _payment(api)
        body = {"tenancy_id": payment["tenancy_id"], "amount_pence": 500, "kind": "fee"}
        assert api.post("/api/payments", json=body, headers=h).status_code == 403
        url = f"/api/payments/{payment['id']}"
        assert api.patch(url, json={"status": "paid"}, headers=h).status_code == 403
        assert api.get(url, headers=h).status_code == 200
        assert api.get(url).json()["status"] == "pending"  # nothing changed

    def test_cannot_read_metrics_or_traces(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """GET /metrics and GET /trace → 403 when authorisation is enforced for ops routes."""
        h = as_role[PM]
        request_id = api.get("/health").headers["x-request-id"]
        assert api.get("/metrics", headers=h).status_code == 403
        assert api.get("/trace", params={"request_id": request_id}, headers=h).status_code == 403


class TestBranchManager:
    """Branch Manager: full control of the branch, including refunds and user management."""

    def test_can_refund_payments(self, api: TestClient) -> None:
        """PATCH /api/payments/{id} {"status": "refunded"} → 200 (only this role may refund)."""
        payment = _payment(api, "paid")
        response = api.patch(f"/api/payments/{payment['id']}", json={"status": "refunded"})
        assert response.status_code == 200 and response.json()["status"] == "refunded"

    def test_can_delete_clients(self, api: TestClient) -> None:
        """DELETE /api/clients/{id} → 204 (GDPR erasure requests go through a manager)."""
        client_id = new_client(api)["id"]
        assert api.delete(f"/api/clients/{client_id}").status_code == 204
        assert api.get(f"/api/clients/{client_id}").status_code == 404

    def test_can_manage_users_of_own_branch_only(self, api: TestClient) -> None:
        """Creating a user in their branch → 201; in another branch → 403."""
        h = auth_headers(api, BM, branch="dublin-north")
        body = {"email": "ciara@example.com", "full_name": "Ciara", "password": "p" * 12}
        mine = api.post("/api/users", json=body | {"branch": "dublin-north"}, headers=h)
        assert mine.status_code == 201 and mine.json()["branch"] == "dublin-north"
        default = api.post("/api/users", json=body | {"email": "dara@example.com"}, headers=h)
        assert default.status_code == 201 and default.json()["branch"] == "dublin-north"
        other = api.post(
            "/api/users", json=body | {"email": "eoin@example.com", "branch": "cork"}, headers=h
        )
        assert other.status_code == 403
        assert "own branch" in other.json()["detail"]
        # Users of another branch are out of reach for every operation, and not listed.
        main_user = _user(api)  # created by the "main" branch manager
        url = f"/api/users/{main_user['id']}"
        assert api.get(url, headers=h).status_code == 403
        assert api.patch(url, json={"role": "branch_manager"}, headers=h).status_code == 403
        assert api.delete(url, headers=h).status_code == 403
        listed = {u["email"] for u in api.get("/api/users", headers=h).json()}
        assert {"ciara@example.com", "dara@example.com"} <= listed
        assert main_user["email"] not in listed

    def test_can_read_metrics_and_traces(self, api: TestClient) -> None:
        """GET /metrics → 200; GET /trace?request_id=… → 200."""
        assert api.get("/metrics").status_code == 200
        request_id = api.get("/api/clients").headers["x-request-id"]
        trace = api.get("/trace", params={"request_id": request_id})
        assert trace.status_code == 200 and "db" in trace.json()["components"]


class TestLettingsNegotiator:
    """Lettings Negotiator: day-to-day clients, viewings and tenancies; no money movement."""

    def test_can_create_clients_and_book_viewings(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """POST /api/clients → 201; POST /api/viewings → 201; DELETE /api/viewings/{id} → 204."""
        h = as_role[LN]
        client = api.post("/api/clients", json=client_body(), headers=h)
        assert client.status_code == 201
        body = {
            "property_id": new_property(api)["id"],
            "client_id": client.json()["id"],
            "scheduled_at": "2030-06-01T09:30:00+01:00",
        }
        viewing = api.post("/api/viewings", json=body, headers=h)
        assert viewing.status_code == 201
        url = f"/api/viewings/{viewing.json()['id']}"
        assert api.delete(url, headers=h).status_code == 204
        assert api.get(url, headers=h).status_code == 404

    def test_can_only_change_property_status(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """PATCH /api/properties/{id} {"status": …} → 200; {"price_pence": …} → 403."""
        h = as_role[LN]
        url = f"/api/properties/{new_property(api)['id']}"
        assert api.patch(url, json={"status": "let_agreed"}, headers=h).status_code == 200
        refused = api.patch(url, json={"price_pence": 1}, headers=h)
        assert refused.status_code == 403 and "price_pence" in refused.json()["detail"]
        mixed = api.patch(url, json={"status": "available", "bedrooms": 9}, headers=h)
        assert mixed.status_code == 403
        after = api.get(url).json()
        assert after["price_pence"] == 180_000 and after["status"] == "let_agreed"

    def test_cannot_create_or_refund_payments(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """POST /api/payments → 403; PATCH status=refunded → 403; GET /api/payments → 200."""
        h = as_role[LN]
        payment = _payment(api, "paid")
        body = {"tenancy_id": payment["tenancy_id"], "amount_pence": 500, "kind": "fee"}
        assert api.post("/api/payments", json=body, headers=h).status_code == 403
        url = f"/api/payments/{payment['id']}"
        assert api.patch(url, json={"status": "refunded"}, headers=h).status_code == 403
        assert api.get("/api/payments", headers=h).status_code == 200
        assert api.get(url).json()["status"] == "paid"

    def test_cannot_delete_clients(
        self, api: TestClient, as_role: dict[Role, dict[str, str]]
    ) -> None:
        """DELETE /api/clients/{id} → 403."""
        client_id = new_client(api)["id"]
        assert api.delete(f"/api/clients/{client_id}", headers=as_role[LN]).status_code == 403
        assert api.get(f"/api/clients/{client_id}").status_code == 200
