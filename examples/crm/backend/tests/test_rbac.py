"""FR-033/034: role-based access control scaffolding.

Authorisation is out of scope for this feature (seed Assumption 10): these cases are skipped
until it is implemented, and each docstring is the specification. The full matrix
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
"""

from __future__ import annotations

import pytest

from app.auth.models import Role

not_implemented = pytest.mark.skip(
    reason="RBAC is not implemented yet (FR-033); expected permissions are in the docstrings"
)


def test_the_three_roles_exist() -> None:
    """Runs today: the roles the matrix is written against are the ones users can hold."""
    assert {role.value for role in Role} == {
        "property_manager",
        "branch_manager",
        "lettings_negotiator",
    }


@not_implemented
class TestPropertyManager:
    """Property Manager: maintains listings; read-only on clients, viewings and payments."""

    def test_can_create_update_and_withdraw_properties(self) -> None:
        """POST/PATCH /api/properties → 201/200; PATCH status=withdrawn → 200."""

    def test_cannot_create_or_delete_clients(self) -> None:
        """POST /api/clients → 403; DELETE /api/clients/{id} → 403; GET → 200."""

    def test_cannot_change_payments(self) -> None:
        """POST /api/payments → 403; PATCH /api/payments/{id} → 403; GET → 200."""

    def test_cannot_read_metrics_or_traces(self) -> None:
        """GET /metrics and GET /trace → 403 when authorisation is enforced for ops routes."""


@not_implemented
class TestBranchManager:
    """Branch Manager: full control of the branch, including refunds and user management."""

    def test_can_refund_payments(self) -> None:
        """PATCH /api/payments/{id} {"status": "refunded"} → 200 (only this role may refund)."""

    def test_can_delete_clients(self) -> None:
        """DELETE /api/clients/{id} → 204 (GDPR erasure requests go through a manager)."""

    def test_can_manage_users_of_own_branch_only(self) -> None:
        """Creating a user in their branch → 201; in another branch → 403."""

    def test_can_read_metrics_and_traces(self) -> None:
        """GET /metrics → 200; GET /trace?request_id=… → 200."""


@not_implemented
class TestLettingsNegotiator:
    """Lettings Negotiator: day-to-day clients, viewings and tenancies; no money movement."""

    def test_can_create_clients_and_book_viewings(self) -> None:
        """POST /api/clients → 201; POST /api/viewings → 201; DELETE /api/viewings/{id} → 204."""

    def test_can_only_change_property_status(self) -> None:
        """PATCH /api/properties/{id} {"status": …} → 200; {"price_pence": …} → 403."""

    def test_cannot_create_or_refund_payments(self) -> None:
        """POST /api/payments → 403; PATCH status=refunded → 403; GET /api/payments → 200."""

    def test_cannot_delete_clients(self) -> None:
        """DELETE /api/clients/{id} → 403."""
