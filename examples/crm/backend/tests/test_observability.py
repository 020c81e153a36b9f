"""FR-035..FR-049, SC-007..SC-009: one JSON log line per request, ERROR with stack trace for
5xx, request IDs in context/logs/responses/SQL, /trace from frontend to database, structlog
fallback, and Prometheus metrics per endpoint."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from app.core import logging as app_logging
from app.core.context import current_request_id, is_valid_request_id
from app.core.logging import logger
from app.core.metrics import METRICS_DIRECTORY_VARIABLE, multiprocess_directory
from app.core.tracing import TraceStore
from tests.conftest import AppFactory
from tests.helpers import new_client

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$")
REQUEST_FIELDS = {
    "timestamp",
    "level",
    "event",
    "method",
    "path",
    "status",
    "latency_ms",
    "request_id",
    "user_id",
}


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def _request_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [line for line in _lines(capsys) if line["event"] == "request"]


def test_one_json_line_per_request(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    response = client.get("/api/properties?search=Dublin")
    (line,) = _request_lines(capsys)
    assert set(line) >= REQUEST_FIELDS
    assert line["level"] == "info"
    assert line["method"] == "GET"
    assert line["path"] == "/api/properties"
    assert line["status"] == 200
    assert isinstance(line["latency_ms"], float) and line["latency_ms"] >= 0
    assert TIMESTAMP.match(line["timestamp"])
    assert line["request_id"] == response.headers["x-request-id"]
    assert isinstance(line["user_id"], int)  # every /api request is authenticated


def test_rejected_and_missing_requests_are_logged_too(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client.get("/nope")
    client.post("/api/clients", json={"full_name": "<b>"})
    lines = _lines(capsys)
    assert [(line["path"], line["status"]) for line in lines if line["event"] == "request"] == [
        ("/nope", 404),
        ("/api/clients", 400),
    ]
    (rejected,) = [line for line in lines if line["event"] == "input_rejected"]
    assert rejected["level"] == "warning"
    assert rejected["fields"] == ["body.full_name", "body.email"]
    assert rejected["reasons"] == ["missing", "value_error"]
    assert "<b>" not in json.dumps(rejected)  # the payload itself is not logged


def test_5xx_logs_error_with_type_and_stack_trace(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> None:
        raise ZeroDivisionError("division by zero in rent calculation")

    client.app.add_api_route("/api/broken", broken)  # type: ignore[attr-defined]
    capsys.readouterr()
    response = client.get("/api/broken", headers={"X-Request-ID": "trace-me-500-xyz"})
    assert response.status_code == 500
    (line,) = _request_lines(capsys)
    assert line["level"] == "error"
    assert line["status"] == 500
    assert line["error_type"] == "ZeroDivisionError"
    assert "Traceback (most recent call last)" in line["stack_trace"]
    assert "def broken" in line["stack_trace"] or "broken" in line["stack_trace"]
    assert line["request_id"] == "trace-me-500-xyz" == response.headers["x-request-id"]


def test_handled_5xx_is_logged_as_error(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from fastapi import HTTPException

    def unavailable() -> None:
        raise HTTPException(status_code=503, detail="maintenance")

    client.app.add_api_route("/api/unavailable", unavailable)  # type: ignore[attr-defined]
    capsys.readouterr()
    assert client.get("/api/unavailable").status_code == 503
    (line,) = _request_lines(capsys)
    assert line["level"] == "error" and line["error_type"] == "HTTP503"


def test_user_id_is_logged_for_authenticated_requests(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.auth.schemas import UserCreate
    from app.auth.service import create_user

    with client.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        user = create_user(
            session,
            UserCreate(email="log@example.com", full_name="Log User", password="long enough pw"),
        )
    token = client.post(
        "/api/auth/login", json={"email": "log@example.com", "password": "long enough pw"}
    ).json()["access_token"]
    capsys.readouterr()
    client.get("/api/clients", headers={"Authorization": f"Bearer {token}"})
    (line,) = _request_lines(capsys)
    assert line["user_id"] == user.id


def test_debug_lines_are_available_and_filterable(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    events = [line["event"] for line in _lines(capsys)]
    assert "request_id_rejected" in events  # DEBUG enabled by the test fixture
    logger.configure("INFO")
    client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    events = [line["event"] for line in _lines(capsys)]
    assert events == ["request"]
    assert not logger.is_enabled_for("DEBUG") and logger.is_enabled_for("ERROR")


def test_falls_back_to_standard_logging_when_structlog_fails(
    client: TestClient, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def info(self, *_args: Any, **_kwargs: Any) -> None:
            raise RuntimeError("structlog exploded")

        error = warning = debug = info

    monkeypatch.setattr(logger, "_structlog", Broken())
    capsys.readouterr()
    response = client.get("/api/properties")
    (line,) = _request_lines(capsys)
    assert line["logger"] == "fallback"
    assert line["structlog_error"] == "RuntimeError: structlog exploded"
    assert line["status"] == 200 and line["request_id"] == response.headers["x-request-id"]
    assert TIMESTAMP.match(line["timestamp"])


def test_falls_back_when_structlog_cannot_be_configured(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import structlog

    def refuse(**_kwargs: Any) -> None:
        raise ImportError("structlog missing")

    monkeypatch.setattr(structlog, "configure", refuse)
    fresh = app_logging.AppLogger()
    fresh.configure("INFO")
    fresh.info("still_logged", answer=42)
    lines = _lines(capsys)
    assert lines[0]["event"] == "structlog_unavailable"
    assert lines[1] == lines[1] | {"event": "still_logged", "answer": 42, "logger": "fallback"}


def test_incoming_request_id_is_reused_and_invalid_ones_replaced(client: TestClient) -> None:
    kept = client.get("/health", headers={"X-Request-ID": "frontend-7f3a9c21"})
    assert kept.headers["x-request-id"] == "frontend-7f3a9c21"
    for bad in ("short", "has space inside", "x*/ DROP TABLE clients; /*", "a" * 65):
        replaced = client.get("/health", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert replaced != bad and is_valid_request_id(replaced)
    first = client.get("/health").headers["x-request-id"]
    assert first != client.get("/health").headers["x-request-id"]
    assert current_request_id() is None  # context is reset after each request


@pytest.mark.sqlite_only  # reads the statements through sqlite3's trace callback
def test_request_id_reaches_the_database_as_a_sql_comment(client: TestClient) -> None:
    executed: list[str] = []
    engine = client.app.state.engine  # type: ignore[attr-defined]
    raw = engine.raw_connection()  # in-memory SQLite: the single shared connection
    raw.driver_connection.set_trace_callback(executed.append)
    try:
        response = client.post(
            "/api/clients",
            json={"full_name": "Zoë", "email": "sqlcomment@example.com"},
            headers={"X-Request-ID": "req-sql-comment-01"},
        )
    finally:
        raw.driver_connection.set_trace_callback(None)
        raw.close()
    assert response.status_code == 201
    inserts = [sql for sql in executed if sql.startswith("INSERT INTO clients")]
    assert inserts and all(sql.endswith("/* request_id=req-sql-comment-01 */") for sql in inserts)
    assert "Zoë" in inserts[0]  # SQLite expands bound values in its trace, not in the SQL text


def test_trace_shows_frontend_api_and_database(client: TestClient) -> None:
    request_id = "frontend-trace-0001"
    created = client.post(
        "/api/clients",
        json={"full_name": "Ngũgĩ wa Thiong'o", "email": "trace@example.com"},
        headers={"X-Request-ID": request_id, "Origin": "http://localhost:5173"},
    )
    assert created.status_code == 201
    trace = client.get("/trace", params={"request_id": request_id})
    assert trace.status_code == 200
    body = trace.json()
    assert body["request_id"] == request_id
    assert body["components"] == ["frontend", "api", "db"]
    entries = body["entries"]
    assert entries[0]["component"] == "frontend"
    assert entries[0]["origin"] == "http://localhost:5173"
    db_spans = [e for e in entries if e.get("component") == "db"]
    assert any(span["name"] == "INSERT" for span in db_spans)
    assert all(f"request_id={request_id}" in span["statement"] for span in db_spans)
    log_lines = [e for e in entries if e["kind"] == "log"]
    assert log_lines[-1]["event"] == "request" and log_lines[-1]["status"] == 201
    assert entries[-1]["phase"] == "end" and entries[-1]["status"] == 201


def test_trace_errors(client: TestClient, make_client: AppFactory) -> None:
    assert client.get("/trace", params={"request_id": "never-seen-0000"}).status_code == 404
    assert client.get("/trace", params={"request_id": "x"}).status_code == 400
    disabled = make_client(trace_enabled=False)
    response = disabled.get("/trace", params={"request_id": "never-seen-0000"})
    assert response.status_code == 404 and response.json()["detail"] == "Tracing is disabled"


def test_trace_store_is_bounded() -> None:
    store = TraceStore(max_requests=2)
    for request_id in ("a", "b", "c"):
        store.add_span(request_id, "api", "GET /")
    assert len(store) == 2 and store.get("a") == [] and store.get("c")
    for _ in range(250):
        store.add_span("c", "db", "SELECT")
    assert len(store.get("c")) == 200


def test_metrics_per_endpoint(client: TestClient) -> None:
    new_client(client)
    client.get("/api/clients/1")
    client.get("/api/clients/2")
    client.get("/api/clients/abc")
    client.get("/nowhere")
    text = client.get("/metrics").text
    assert (
        'http_requests_total{handler="/api/clients/{client_id}",method="GET",status="2xx"} 1.0'
        in text
    )
    assert (
        'http_requests_total{handler="/api/clients/{client_id}",method="GET",status="4xx"} 2.0'
        in text
    )
    assert 'http_requests_total{handler="none",method="GET",status="4xx"} 1.0' in text
    # The 0.5 s bucket (the P95 SLO edge) exists per handler; its count depends on machine load.
    assert (
        'http_request_duration_seconds_bucket{handler="/api/clients",le="0.5",method="POST"}'
        in (text)
    )
    assert (
        'http_request_duration_seconds_bucket{handler="/api/clients",le="+Inf",method="POST"} 1.0'
        in text
    )
    assert "# TYPE http_requests_inprogress gauge" in text
    assert 'http_requests_inprogress{handler="/metrics",method="GET"} 1.0' in text


def test_metrics_count_errors_and_rate_limited_requests(make_client: AppFactory) -> None:
    client = make_client(rate_limit_per_minute=3)

    def broken() -> None:
        raise RuntimeError("boom")

    client.app.add_api_route("/api/broken", broken)  # type: ignore[attr-defined]
    client.get("/api/broken")
    client.get("/api/properties")
    client.get("/api/properties")
    assert client.get("/api/properties").status_code == 429
    with TestClient(client.app, client=("192.0.2.1", 1)) as other:
        text = other.get("/metrics").text
    assert 'http_requests_total{handler="/api/broken",method="GET",status="5xx"} 1.0' in text
    assert 'http_requests_total{handler="/api/properties",method="GET",status="4xx"} 1.0' in text


def test_metrics_directory_per_server_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the workers' metric files go (app/core/metrics.py: multiprocess_directory)."""
    monkeypatch.delenv(METRICS_DIRECTORY_VARIABLE, raising=False)
    with multiprocess_directory(workers=1) as directory:  # one process: plain registry
        assert directory is None and METRICS_DIRECTORY_VARIABLE not in os.environ
    with multiprocess_directory(workers=2) as directory:  # a fresh one, in the environment
        assert directory is not None and directory.is_dir() and not any(directory.iterdir())
        assert os.environ[METRICS_DIRECTORY_VARIABLE] == str(directory)
    assert not directory.exists() and METRICS_DIRECTORY_VARIABLE not in os.environ

    # The operator's directory: the previous run's values are forgotten, the rest stays.
    given = tmp_path / "metrics"
    given.mkdir()
    for name in ("counter_4242.db", "histogram_4242.db", "gauge_livesum_4242.db", "README"):
        (given / name).write_bytes(b"left from the previous run")
    monkeypatch.setenv(METRICS_DIRECTORY_VARIABLE, str(given))
    with multiprocess_directory(workers=1) as directory:
        assert directory == given
        assert sorted(path.name for path in given.iterdir()) == ["README"]
    assert given.is_dir() and os.environ[METRICS_DIRECTORY_VARIABLE] == str(given)
