"""``GET /health`` in the IETF "Health Check Response Format for HTTP APIs" draft shape.

Live checks: the database answers a real query on the users table (not just ``SELECT 1``: a
missing schema or a locked file fails too, within DATABASE_BUSY_TIMEOUT_MS), and the disks
holding the database and the uploads have HEALTH_MIN_FREE_BYTES free. Either failing → overall
``fail``, HTTP 503. Then process uptime, and the error budget written by ``crm-devex
error-budget --health-out FILE`` (ERROR_BUDGET_FILE). The budget file's checks are merged as
they are, except that budget exhaustion is reported as ``warn`` — an exhausted budget is a
reason to prioritise reliability work, not to pull the instance out of a load balancer — and
that it can never replace a live check: entries named like one are dropped. Missing, unreadable
or stale budget data is a ``warn`` too.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.auth.models import User
from app.core.tracing import utc_now_iso

router = APIRouter(tags=["ops"])
HEALTH_MEDIA_TYPE = "application/health+json"
_RANK = {"pass": 0, "warn": 1, "fail": 2}


class HealthResponse(JSONResponse):
    media_type = HEALTH_MEDIA_TYPE


def _database_check(request: Request) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(select(func.count()).select_from(User)).scalar_one()
    except Exception as error:
        return {
            "componentType": "datastore",
            "status": "fail",
            "output": f"{type(error).__name__}: database unreachable",
            "time": utc_now_iso(),
        }
    return {
        "componentType": "datastore",
        "observedValue": round((time.perf_counter() - started) * 1000, 3),
        "observedUnit": "ms",
        "status": "pass",
        "time": utc_now_iso(),
    }


def _storage_paths(request: Request) -> dict[str, Path]:
    settings = request.app.state.settings
    paths = {"uploads": Path(settings.upload_dir)}
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        paths["database"] = Path(str(url.database)).parent
    return paths


def _nearest_existing(path: Path) -> Path:
    path = path.absolute()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _disk_check(request: Request) -> dict[str, Any]:
    minimum: int = request.app.state.settings.health_min_free_bytes
    free: dict[str, int] = {}
    try:
        for name, path in _storage_paths(request).items():
            free[name] = shutil.disk_usage(_nearest_existing(path)).free
    except OSError as error:
        return {
            "componentType": "system",
            "status": "fail",
            "output": f"{type(error).__name__}: free space unknown",
            "time": utc_now_iso(),
        }
    lowest = min(free.values())
    short = sorted(name for name, value in free.items() if value < minimum)
    return {
        "componentType": "system",
        "observedValue": lowest,
        "observedUnit": "bytes",
        "status": "fail" if short else "pass",
        "output": f"less than {minimum} bytes free for: {', '.join(short)}" if short else "",
        "time": utc_now_iso(),
    }


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def error_budget_checks(
    path: str | None, max_age_seconds: int, now: datetime | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Checks to merge into /health from the toolkit's error-budget file."""
    now = now or datetime.now(UTC)
    if not path or not Path(path).is_file():
        return {"errorBudget": [{"status": "warn", "output": "no error budget data"}]}
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        raw_checks = document["checks"]
        if not isinstance(raw_checks, dict):
            raise TypeError("checks is not an object")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return {
            "errorBudget": [{"status": "warn", "output": f"error budget data unreadable: {error}"}]
        }
    checks: dict[str, list[dict[str, Any]]] = {}
    for name, entries in raw_checks.items():
        items = entries if isinstance(entries, list) else [entries]
        merged: list[dict[str, Any]] = []
        for entry in items:
            if not isinstance(entry, dict):
                continue
            item = dict(entry)
            if item.get("status") not in ("pass", "warn"):
                item["status"] = "warn"  # exhaustion (or anything unknown) warns, never fails
            merged.append(item)
        checks[str(name)] = merged
    generated = _parse_time(document.get("generatedAt"))
    if generated is None:
        checks["errorBudget:freshness"] = [
            {"status": "warn", "output": "error budget data has no generatedAt time"}
        ]
    else:
        age = (now - generated).total_seconds()
        stale = age > max_age_seconds
        checks["errorBudget:freshness"] = [
            {
                "observedValue": round(age),
                "observedUnit": "s",
                "status": "warn" if stale else "pass",
                "output": (f"error budget data is stale (older than {max_age_seconds}s)")
                if stale
                else "",
                "time": document["generatedAt"],
            }
        ]
    return checks


@router.get(
    "/health",
    response_class=HealthResponse,
    responses={
        200: {"content": {HEALTH_MEDIA_TYPE: {}}, "description": "pass or warn"},
        503: {
            "content": {HEALTH_MEDIA_TYPE: {}},
            "description": "fail (database unreachable or locked, or disk nearly full)",
        },
    },
)
def health(request: Request) -> HealthResponse:
    settings = request.app.state.settings
    uptime = time.monotonic() - request.app.state.started_monotonic
    live: dict[str, list[dict[str, Any]]] = {
        "database:connectivity": [_database_check(request)],
        "disk:free": [_disk_check(request)],
        "uptime": [
            {
                "componentType": "system",
                "observedValue": round(uptime, 3),
                "observedUnit": "s",
                "status": "pass",
                "time": utc_now_iso(),
            }
        ],
    }
    budget = error_budget_checks(settings.error_budget_file, settings.error_budget_max_age_seconds)
    # A file on disk may add information; it may never speak for a live check.
    checks = live | {name: items for name, items in budget.items() if name not in live}
    worst = max(
        (_RANK.get(str(item.get("status")), 1) for items in checks.values() for item in items),
        default=0,
    )
    status = {0: "pass", 1: "warn", 2: "fail"}[worst]
    body = {
        "status": status,
        "version": "1",
        "releaseId": request.app.version,
        "serviceId": "crm-backend",
        "description": "Estate agency CRM API",
        "checks": checks,
    }
    return HealthResponse(body, status_code=503 if status == "fail" else 200)
