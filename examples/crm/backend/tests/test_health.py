"""FR-054, SC-010: /health as application/health+json with database connectivity, uptime and
the error budget from `crm-devex error-budget --health-out` (stale-aware; exhaustion warns)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from starlette.testclient import TestClient

from app.ops.health import error_budget_checks
from tests.conftest import AppFactory

NOW = datetime(2025, 3, 15, 12, 0, tzinfo=UTC)


def _budget_file(
    path: Path, generated: datetime, status: str = "pass", remaining: float = 72.5
) -> Path:
    document = {
        "status": status,
        "generatedAt": generated.isoformat().replace("+00:00", "Z"),
        "checks": {
            "errorBudget:availability": [
                {
                    "componentId": "slo-availability",
                    "observedValue": remaining,
                    "observedUnit": "percent",
                    "status": status,
                    "time": generated.isoformat().replace("+00:00", "Z"),
                }
            ],
            "errorBudget:latency": [
                {"observedValue": 90.0, "observedUnit": "percent", "status": "pass"}
            ],
        },
    }
    path.write_text(json.dumps(document))
    return path


def test_health_shape_without_budget_data(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/health+json"
    body = response.json()
    assert body["status"] == "warn"  # no budget data yet
    assert body["serviceId"] == "crm-backend"
    db = body["checks"]["database:connectivity"][0]
    assert db["status"] == "pass" and db["observedUnit"] == "ms"
    uptime = body["checks"]["uptime"][0]
    assert uptime["observedUnit"] == "s" and uptime["observedValue"] >= 0
    assert body["checks"]["errorBudget"] == [{"status": "warn", "output": "no error budget data"}]


def test_health_merges_fresh_budget_checks(make_client: AppFactory, tmp_path: Path) -> None:
    budget = _budget_file(tmp_path / "budget.json", datetime.now(UTC) - timedelta(minutes=5))
    body = make_client(error_budget_file=str(budget)).get("/health").json()
    assert body["status"] == "pass"
    availability = body["checks"]["errorBudget:availability"][0]
    assert availability["observedValue"] == 72.5 and availability["observedUnit"] == "percent"
    assert body["checks"]["errorBudget:freshness"][0]["status"] == "pass"


def test_half_consumed_budget_warns(make_client: AppFactory, tmp_path: Path) -> None:
    budget = _budget_file(tmp_path / "b.json", datetime.now(UTC), status="warn", remaining=45.0)
    response = make_client(error_budget_file=str(budget)).get("/health")
    assert response.status_code == 200
    assert response.json()["status"] == "warn"


def test_exhausted_budget_is_warn_never_fail(tmp_path: Path) -> None:
    budget = _budget_file(tmp_path / "b.json", NOW, status="fail", remaining=0.0)
    checks = error_budget_checks(str(budget), 3600, now=NOW)
    assert checks["errorBudget:availability"][0]["status"] == "warn"
    assert checks["errorBudget:availability"][0]["observedValue"] == 0.0


def test_stale_budget_data_warns(tmp_path: Path) -> None:
    budget = _budget_file(tmp_path / "b.json", NOW - timedelta(hours=2))
    checks = error_budget_checks(str(budget), 3600, now=NOW)
    freshness = checks["errorBudget:freshness"][0]
    assert freshness["status"] == "warn" and freshness["observedValue"] == 7200
    assert "stale" in freshness["output"]
    assert checks["errorBudget:availability"][0]["status"] == "pass"


def test_unreadable_or_odd_budget_files(tmp_path: Path) -> None:
    cases: dict[str, Any] = {
        "corrupt.json": "{not json",
        "no-checks.json": json.dumps({"generatedAt": "2025-03-15T12:00:00Z"}),
        "checks-list.json": json.dumps({"checks": []}),
    }
    for name, content in cases.items():
        (tmp_path / name).write_text(content)
        checks = error_budget_checks(str(tmp_path / name), 3600, now=NOW)
        assert checks["errorBudget"][0]["status"] == "warn", name
        assert "unreadable" in checks["errorBudget"][0]["output"]
    (tmp_path / "odd.json").write_text(
        json.dumps({"checks": {"errorBudget:x": {"status": "pass"}, "y": ["not-a-dict"]}})
    )
    checks = error_budget_checks(str(tmp_path / "odd.json"), 3600, now=NOW)
    assert checks["errorBudget:x"] == [{"status": "pass"}]
    assert checks["y"] == []
    assert (
        checks["errorBudget:freshness"][0]["output"] == "error budget data has no generatedAt time"
    )
    assert error_budget_checks(None, 3600)["errorBudget"][0]["output"] == "no error budget data"


def test_database_down_is_fail_and_503(make_client: AppFactory, tmp_path: Path) -> None:
    client = make_client()
    client.app.state.engine = create_engine(  # type: ignore[attr-defined]
        f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}"
    )
    response = client.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database:connectivity"][0]["status"] == "fail"
    assert response.headers["content-type"] == "application/health+json"
