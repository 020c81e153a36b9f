"""Per-request state carried in a context variable (FR-045/046).

The state object is mutable on purpose: a dependency running in a worker thread (which gets a
*copy* of the context) can still set ``user_id`` and the middleware sees it when it logs.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.tracing import TraceStore

# Only IDs made of these characters reach logs and SQL comments: no quotes, slashes or stars,
# so an incoming header can never close the SQL comment it is placed in.
_REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass
class RequestState:
    request_id: str
    trace_store: TraceStore | None = None
    user_id: int | None = None
    client_supplied_id: bool = False
    attributes: dict[str, str] = field(default_factory=dict)


_current: ContextVar[RequestState | None] = ContextVar("crm_request_state", default=None)


def is_valid_request_id(value: str | None) -> bool:
    return value is not None and _REQUEST_ID_PATTERN.fullmatch(value) is not None


def new_request_id() -> str:
    return str(uuid.uuid4())


def current_state() -> RequestState | None:
    return _current.get()


def current_request_id() -> str | None:
    state = _current.get()
    return state.request_id if state else None


def set_state(state: RequestState | None) -> object:
    """Install ``state`` for the current context; returns a token for :func:`reset_state`."""
    return _current.set(state)


def reset_state(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def set_user_id(user_id: int | None) -> None:
    state = _current.get()
    if state is not None:
        state.user_id = user_id
