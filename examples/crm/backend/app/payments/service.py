"""Payment rules.

* Status machine: pending → paid | failed; failed → pending (retry); paid → refunded.
  Nothing leaves refunded. ``paid_at`` is set exactly when a payment becomes paid.
* Creation is idempotent per ``Idempotency-Key``: a retried POST returns the first payment
  instead of charging twice; the same key with a different body is a conflict.
* A payment's currency must match the tenancy's earlier payments, and ended tenancies take
  no new rent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import utc_now
from app.payments.models import Currency, Payment, PaymentKind, PaymentStatus
from app.payments.schemas import PaymentCreate, TenancyBalance
from app.tenancies.models import Tenancy, TenancyStatus

P = PaymentStatus
TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    P.pending: frozenset({P.paid, P.failed}),
    P.failed: frozenset({P.pending}),
    P.paid: frozenset({P.refunded}),
    P.refunded: frozenset(),
}


class PaymentRuleError(Exception):
    """Refused by a payment rule (answered as 409)."""


class TenancyNotFoundError(Exception):
    pass


def _same_request(payment: Payment, data: PaymentCreate) -> bool:
    return (
        payment.tenancy_id == data.tenancy_id
        and payment.amount_pence == data.amount_pence
        and payment.currency == data.currency
        and payment.kind == data.kind
        and payment.reference == data.reference
        and payment.due_date == data.due_date
    )


def create_payment(
    session: Session, data: PaymentCreate, idempotency_key: str | None = None
) -> tuple[Payment, bool]:
    """Returns (payment, created). ``created`` is False for an idempotent replay."""
    if idempotency_key is not None:
        previous = session.scalars(
            select(Payment).where(Payment.idempotency_key == idempotency_key)
        ).first()
        if previous is not None:
            if not _same_request(previous, data):
                raise PaymentRuleError("Idempotency-Key was already used for a different payment")
            return previous, False
    tenancy = session.get(Tenancy, data.tenancy_id)
    if tenancy is None:
        raise TenancyNotFoundError("Tenancy not found")
    if tenancy.status == TenancyStatus.ended and data.kind == PaymentKind.rent:
        raise PaymentRuleError("tenancy has ended; no further rent can be taken")
    other_currency = session.scalars(
        select(Payment.currency).where(
            Payment.tenancy_id == tenancy.id, Payment.currency != data.currency
        )
    ).first()
    if other_currency is not None:
        raise PaymentRuleError(f"tenancy is billed in {other_currency}, not {data.currency}")
    payment = Payment(
        **data.model_dump(), status=PaymentStatus.pending, idempotency_key=idempotency_key
    )
    session.add(payment)
    session.commit()
    return payment, True


def change_status(
    session: Session,
    payment: Payment,
    wanted: PaymentStatus,
    now: Callable[[], datetime] = utc_now,
) -> Payment:
    current = PaymentStatus(payment.status)
    if wanted == current:
        return payment
    if wanted not in TRANSITIONS[current]:
        raise PaymentRuleError(f"cannot move a {current.value} payment to {wanted.value}")
    payment.status = wanted
    if wanted == PaymentStatus.paid:
        payment.paid_at = now()
    elif wanted == PaymentStatus.pending:
        payment.paid_at = None
    session.commit()
    return payment


def tenancy_balance(session: Session, tenancy_id: int) -> TenancyBalance:
    if session.get(Tenancy, tenancy_id) is None:
        raise TenancyNotFoundError("Tenancy not found")
    payments = list(session.scalars(select(Payment).where(Payment.tenancy_id == tenancy_id)))
    totals = dict.fromkeys(PaymentStatus, 0)
    for payment in payments:
        totals[PaymentStatus(payment.status)] += payment.amount_pence
    return TenancyBalance(
        tenancy_id=tenancy_id,
        currency=payments[0].currency if payments else Currency.GBP,
        paid_pence=totals[P.paid],
        pending_pence=totals[P.pending],
        refunded_pence=totals[P.refunded],
        failed_count=sum(1 for p in payments if p.status == P.failed),
    )
