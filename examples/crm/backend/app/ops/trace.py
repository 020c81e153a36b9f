"""``GET /trace?request_id=…``: one request's path frontend → API → database (FR-049).

The frontend sends its own ``X-Request-ID``; the API records a "frontend" hop for it, its own
start/end spans, a "db" span per SQL statement (which also carries the ID as a SQL comment) and
every log line of the request. Off in production unless TRACE_ENABLED=true. Branch managers
only (RBAC matrix): the SQL of any request is operational detail, not for every user.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from app.auth.dependencies import require
from app.auth.models import User
from app.auth.permissions import Action, Resource
from app.core.errors import NOT_FOUND, PROTECTED_RESPONSES

router = APIRouter(tags=["ops"], responses=PROTECTED_RESPONSES)
CanReadOperations = Annotated[User, Depends(require(Resource.operations, Action.read))]


class TraceOut(BaseModel):
    request_id: str
    components: list[str]
    entries: list[dict[str, Any]]


@router.get("/trace", responses=NOT_FOUND)
def trace(
    request: Request,
    _user: CanReadOperations,
    request_id: Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{8,64}$")],
) -> TraceOut:
    store = request.app.state.trace_store
    if store is None:
        raise HTTPException(status_code=404, detail="Tracing is disabled")
    entries = store.get(request_id)
    if not entries:
        raise HTTPException(status_code=404, detail="No trace recorded for this request ID")
    components: list[str] = []
    for entry in entries:
        component = entry.get("component")
        if isinstance(component, str) and component not in components:
            components.append(component)
    return TraceOut(request_id=request_id, components=components, entries=entries)
