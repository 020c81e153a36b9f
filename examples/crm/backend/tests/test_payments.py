"""Payments: status machine, idempotent creation, currency consistency and balances."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.payments.models import Payment, PaymentKind, PaymentStatus
from app.payments.service import TRANSITIONS, PaymentRuleError, change_status
from tests.helpers import new_tenancy


def _payment(client: TestClient, tenancy_id: int, **overrides: Any) -> dict[str, Any]:
    body = {"tenancy_id": tenancy_id, "amount_pence": 180_000, "kind": "rent"} | overrides
    response = client.post("/api/payments", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def test_payment_lifecycle(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    payment = _payment(client, tenancy["id"], reference="RENT-2025-01")
    assert payment["status"] == "pending" and payment["paid_at"] is None
    url = f"/api/payments/{payment['id']}"
    paid = client.patch(url, json={"status": "paid"}).json()
    assert paid["status"] == "paid" and paid["paid_at"] is not None
    assert client.patch(url, json={"status": "pending"}).status_code == 409
    assert client.patch(url, json={"status": "refunded"}).json()["status"] == "refunded"
    assert client.patch(url, json={"status": "paid"}).status_code == 409
    assert client.get(url).json()["status"] == "refunded"


def test_failed_payment_can_be_retried(client: TestClient) -> None:
    payment = _payment(client, new_tenancy(client)["id"])
    url = f"/api/payments/{payment['id']}"
    assert client.patch(url, json={"status": "failed"}).json()["status"] == "failed"
    assert client.patch(url, json={"status": "pending"}).json()["paid_at"] is None
    assert client.patch(url, json={"status": "paid"}).json()["status"] == "paid"


@pytest.mark.parametrize("current", list(PaymentStatus))
@pytest.mark.parametrize("wanted", list(PaymentStatus))
def test_status_machine_table(
    client: TestClient, current: PaymentStatus, wanted: PaymentStatus
) -> None:
    factory = client.app.state.sessionmaker  # type: ignore[attr-defined]
    tenancy = new_tenancy(client)
    with factory() as session:
        payment = Payment(
            tenancy_id=tenancy["id"], amount_pence=100, kind=PaymentKind.fee, status=current
        )
        session.add(payment)
        session.commit()
        fixed = datetime(2025, 1, 1, tzinfo=UTC)
        allowed = wanted == current or wanted in TRANSITIONS[current]
        if allowed:
            change_status(session, payment, wanted, now=lambda: fixed)
            assert payment.status == wanted
            if wanted == PaymentStatus.paid and current != wanted:
                assert payment.paid_at == fixed
        else:
            with pytest.raises(PaymentRuleError):
                change_status(session, payment, wanted)
            assert payment.status == current


def test_idempotency_key_prevents_double_charging(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    body = {"tenancy_id": tenancy["id"], "amount_pence": 50_000, "kind": "deposit"}
    headers = {"Idempotency-Key": "pay-7f3a9c21-deposit"}
    first = client.post("/api/payments", json=body, headers=headers)
    again = client.post("/api/payments", json=body, headers=headers)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert len(client.get(f"/api/payments?tenancy_id={tenancy['id']}").json()) == 1
    different = client.post("/api/payments", json=body | {"amount_pence": 1}, headers=headers)
    assert different.status_code == 409
    bad_key = client.post("/api/payments", json=body, headers={"Idempotency-Key": "x'; --"})
    assert bad_key.status_code == 400


def test_currency_must_match_the_tenancy(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    _payment(client, tenancy["id"], currency="EUR")
    response = client.post(
        "/api/payments",
        json={"tenancy_id": tenancy["id"], "amount_pence": 1, "kind": "fee", "currency": "GBP"},
    )
    assert response.status_code == 409
    assert "billed in EUR" in response.json()["detail"]


def test_amounts_are_positive_integer_pence(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    for amount in (0, -5, 10.5, "100", 10**11):
        response = client.post(
            "/api/payments",
            json={"tenancy_id": tenancy["id"], "amount_pence": amount, "kind": "rent"},
        )
        assert response.status_code == 400, amount


def test_ended_tenancy_takes_no_rent_but_takes_fees(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    client.patch(f"/api/tenancies/{tenancy['id']}", json={"status": "ended"})
    rent = client.post(
        "/api/payments", json={"tenancy_id": tenancy["id"], "amount_pence": 1, "kind": "rent"}
    )
    assert rent.status_code == 409
    _payment(client, tenancy["id"], kind="fee")


def test_unknown_tenancy_and_payment(client: TestClient) -> None:
    response = client.post(
        "/api/payments", json={"tenancy_id": 99999, "amount_pence": 1, "kind": "rent"}
    )
    assert response.status_code == 404
    assert client.get("/api/payments/99999").status_code == 404
    assert client.patch("/api/payments/99999", json={"status": "paid"}).status_code == 404
    assert client.get("/api/payments/balance/99999").status_code == 404


def test_balance_sums_by_status(client: TestClient) -> None:
    tenancy = new_tenancy(client)
    empty = client.get(f"/api/payments/balance/{tenancy['id']}").json()
    assert empty["paid_pence"] == 0 and empty["currency"] == "GBP"
    paid = _payment(client, tenancy["id"], amount_pence=100_000)
    client.patch(f"/api/payments/{paid['id']}", json={"status": "paid"})
    _payment(client, tenancy["id"], amount_pence=30_000)
    refunded = _payment(client, tenancy["id"], amount_pence=5_000, kind="fee")
    client.patch(f"/api/payments/{refunded['id']}", json={"status": "paid"})
    client.patch(f"/api/payments/{refunded['id']}", json={"status": "refunded"})
    failed = _payment(client, tenancy["id"], amount_pence=7)
    client.patch(f"/api/payments/{failed['id']}", json={"status": "failed"})
    balance = client.get(f"/api/payments/balance/{tenancy['id']}").json()
    assert balance == {
        "tenancy_id": tenancy["id"],
        "currency": "GBP",
        "paid_pence": 100_000,
        "pending_pence": 30_000,
        "refunded_pence": 5_000,
        "failed_count": 1,
    }
    pending = client.get(f"/api/payments?tenancy_id={tenancy['id']}&status=pending").json()
    assert [p["amount_pence"] for p in pending] == [30_000]
