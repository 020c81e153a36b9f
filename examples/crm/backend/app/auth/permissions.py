"""The RBAC matrix (FR-033/034) as data. tests/test_rbac.py holds the same matrix as its
specification and checks every cell against the running API.

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

"client notes" needs no entry of its own: notes are a field of a client, and whoever may
update a client (BM, LN) is exactly who may update its notes. "(branch)" is enforced by the
users router: a branch manager sees and changes only the users of their own branch.
"""

from __future__ import annotations

from enum import StrEnum

from app.auth.models import Role


class Action(StrEnum):
    create = "create"
    read = "read"
    update = "update"
    delete = "delete"


class Resource(StrEnum):
    properties = "properties"
    clients = "clients"
    tenancies = "tenancies"
    viewings = "viewings"
    payments = "payments"
    payment_refunds = "payment_refunds"
    documents = "documents"
    users = "users"
    operations = "operations"  # /metrics and /trace


def _actions(letters: str) -> frozenset[Action]:
    by_letter = {"C": Action.create, "R": Action.read, "U": Action.update, "D": Action.delete}
    return frozenset(by_letter[letter] for letter in letters)


PM, BM, LN = Role.property_manager, Role.branch_manager, Role.lettings_negotiator

MATRIX: dict[Resource, dict[Role, frozenset[Action]]] = {
    Resource.properties: {PM: _actions("CRUD"), BM: _actions("CRUD"), LN: _actions("RU")},
    Resource.clients: {PM: _actions("R"), BM: _actions("CRUD"), LN: _actions("CRU")},
    Resource.tenancies: {PM: _actions("RU"), BM: _actions("CRUD"), LN: _actions("CRU")},
    Resource.viewings: {PM: _actions("R"), BM: _actions("CRUD"), LN: _actions("CRUD")},
    Resource.payments: {PM: _actions("R"), BM: _actions("CRU"), LN: _actions("R")},
    Resource.payment_refunds: {BM: _actions("U")},
    Resource.documents: {PM: _actions("CR"), BM: _actions("CRD"), LN: _actions("CR")},
    Resource.users: {BM: _actions("CRUD")},
    Resource.operations: {BM: _actions("R")},
}

# Field-level limits on an allowed update: the only fields a role may change, where the matrix
# says "(… only)". A role absent here may change every field it is allowed to update.
UPDATABLE_FIELDS: dict[tuple[Resource, Role], frozenset[str]] = {
    (Resource.properties, LN): frozenset({"status"}),
}


def is_allowed(role: Role | str, resource: Resource, action: Action) -> bool:
    try:
        return action in MATRIX[resource].get(Role(role), frozenset())
    except ValueError:  # a role string the enum does not know: no access
        return False


def forbidden_fields(role: Role | str, resource: Resource, fields: set[str]) -> list[str]:
    """Fields in ``fields`` this role may not change on ``resource`` (empty when all are fine)."""
    allowed = UPDATABLE_FIELDS.get((resource, Role(role)))
    if allowed is None:
        return []
    return sorted(fields - allowed)
