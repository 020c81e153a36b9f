from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Response
from sqlalchemy import select

from app.auth.dependencies import forbidden, require
from app.auth.models import User
from app.auth.permissions import Action, Resource, is_allowed
from app.core.concurrency import IfMatch, check_if_match, set_etag
from app.core.errors import CONFLICT, NOT_FOUND, PROTECTED_RESPONSES, STALE
from app.core.logging import logger
from app.core.pagination import Limit, Offset
from app.core.validation import IdParam
from app.db import SessionDep, get_or_404
from app.payments.models import Payment, PaymentStatus
from app.payments.schemas import PaymentCreate, PaymentOut, PaymentStatusUpdate, TenancyBalance
from app.payments.service import (
    PaymentRuleError,
    TenancyNotFoundError,
    change_status,
    create_payment,
    tenancy_balance,
)

router = APIRouter(prefix="/api/payments", tags=["payments"], responses=PROTECTED_RESPONSES)
CanCreate = Annotated[User, Depends(require(Resource.payments, Action.create))]
CanRead = Annotated[User, Depends(require(Resource.payments, Action.read))]
CanUpdate = Annotated[User, Depends(require(Resource.payments, Action.update))]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description=(
            "Retry-safe creation: 8–64 letters, digits, '_' or '-'. Sending the same key with "
            "the same body again returns the first payment (200); with a different body, 409."
        ),
    ),
]


@router.post(
    "",
    status_code=201,
    responses=NOT_FOUND
    | CONFLICT
    | {200: {"model": PaymentOut, "description": "Replayed: the payment this key created"}},
)
def create(
    body: PaymentCreate,
    session: SessionDep,
    response: Response,
    _user: CanCreate,
    idempotency_key: IdempotencyKey = None,
) -> PaymentOut:
    try:
        payment, created = create_payment(session, body, idempotency_key)
    except TenancyNotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None
    except PaymentRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    if created:
        logger.info("payment_created", payment_id=payment.id, amount_pence=payment.amount_pence)
    else:
        response.status_code = 200
    set_etag(response, payment)
    return PaymentOut.model_validate(payment)


@router.get("")
def list_(
    session: SessionDep,
    _user: CanRead,
    tenancy_id: Annotated[IdParam | None, Query()] = None,
    status: PaymentStatus | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> list[PaymentOut]:
    query = select(Payment).order_by(Payment.id)
    if tenancy_id is not None:
        query = query.where(Payment.tenancy_id == tenancy_id)
    if status is not None:
        query = query.where(Payment.status == status)
    return [
        PaymentOut.model_validate(p) for p in session.scalars(query.limit(limit).offset(offset))
    ]


@router.get("/balance/{tenancy_id}", responses=NOT_FOUND)
def balance(tenancy_id: IdParam, session: SessionDep, _user: CanRead) -> TenancyBalance:
    try:
        return tenancy_balance(session, tenancy_id)
    except TenancyNotFoundError as error:
        raise HTTPException(status_code=404, detail=str(error)) from None


@router.get("/{payment_id}", responses=NOT_FOUND)
def get(payment_id: IdParam, session: SessionDep, response: Response, _user: CanRead) -> PaymentOut:
    payment = get_or_404(session, Payment, payment_id)
    set_etag(response, payment)
    return PaymentOut.model_validate(payment)


@router.patch("/{payment_id}", responses=NOT_FOUND | CONFLICT | STALE)
def update_status(
    payment_id: IdParam,
    body: PaymentStatusUpdate,
    session: SessionDep,
    response: Response,
    user: CanUpdate,
    if_match: IfMatch = None,
) -> PaymentOut:
    """Refunds (status ``refunded``) are a permission of their own in the RBAC matrix."""
    if body.status == PaymentStatus.refunded and not is_allowed(
        user.role, Resource.payment_refunds, Action.update
    ):
        raise forbidden(user, "refund", Resource.payments.value)
    payment = get_or_404(session, Payment, payment_id)
    check_if_match(if_match, payment)
    try:
        change_status(session, payment, body.status)
    except PaymentRuleError as error:
        raise HTTPException(status_code=409, detail=str(error)) from None
    logger.info("payment_status_changed", payment_id=payment.id, status=payment.status)
    set_etag(response, payment)
    return PaymentOut.model_validate(payment)
