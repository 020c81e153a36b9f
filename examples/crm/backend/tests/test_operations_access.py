"""Operational surfaces are not public (issue 18): /metrics needs METRICS_TOKEN or a branch
manager, /docs and the OpenAPI document exist only in development, and a 5xx log line names
the error and its stack but never SQL parameters or request body values."""

from __future__ import annotations

import json
import secrets

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient

from app.auth.models import Role
from app.db import SessionDep
from app.settings import Environment
from tests.conftest import DATABASE_CHOICE, AppFactory, auth_headers


def test_metrics_with_metrics_token(make_client: AppFactory) -> None:
    token = secrets.token_urlsafe(32)
    client = make_client(as_role=None, metrics_token=token)
    scraped = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert scraped.status_code == 200
    assert "http_requests_total" in scraped.text
    anonymous = client.get("/metrics")
    assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer"
    for wrong in (token[:-1], token + "x", "", "é" * 10):
        response = client.get("/metrics", headers={b"Authorization": f"Bearer {wrong}".encode()})
        assert response.status_code == 401, wrong
    # A branch manager may look too; other roles may not, token or not.
    assert client.get("/metrics", headers=auth_headers(client, Role.branch_manager)).is_success
    negotiator = auth_headers(client, Role.lettings_negotiator)
    assert client.get("/metrics", headers=negotiator).status_code == 403


@pytest.mark.parametrize(
    ("environment", "anonymous_status"),
    [(Environment.development, 200), (Environment.test, 200), (Environment.production, 401)],
)
def test_metrics_without_a_metrics_token(
    make_client: AppFactory, environment: Environment, anonymous_status: int
) -> None:
    """No METRICS_TOKEN: a local Prometheus can scrape outside production; production is closed."""
    client = make_client(as_role=None, environment=environment)
    assert client.get("/metrics").status_code == anonymous_status
    assert client.get("/metrics", headers=auth_headers(client, Role.branch_manager)).is_success


@pytest.mark.parametrize("environment", [Environment.test, Environment.production])
def test_docs_and_openapi_only_in_development(
    make_client: AppFactory, environment: Environment
) -> None:
    client = make_client(environment=environment)
    for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        assert client.get(path).status_code == 404, path
    development = make_client(environment=Environment.development)
    assert development.get("/docs").status_code == 200
    assert development.get("/openapi.json").json()["info"]["title"] == "Estate Agency CRM API"


def test_5xx_log_lines_carry_no_sql_parameters_or_body_values(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing statement's parameters are the client's notes; none may reach the log."""
    secret_note = "Tenant's new PIN is 4711-" + secrets.token_hex(4)

    def failing(session: SessionDep, body: dict[str, str]) -> None:
        session.execute(
            text("INSERT INTO no_such_table (notes) VALUES (:notes)"), {"notes": body["notes"]}
        )

    client.app.add_api_route("/api/failing", failing, methods=["POST"])  # type: ignore[attr-defined]
    capsys.readouterr()
    response = client.post("/api/failing", json={"notes": secret_note})
    assert response.status_code == 500
    output = capsys.readouterr().out
    (line,) = [
        json.loads(entry)
        for entry in output.splitlines()
        if json.loads(entry).get("event") == "request"
    ]
    # A missing table is an OperationalError on SQLite, a ProgrammingError on PostgreSQL.
    error_type, cause = {
        "sqlite": ("OperationalError", "sqlite3.OperationalError"),
        "postgresql": ("ProgrammingError", "psycopg.errors.UndefinedTable"),
    }[DATABASE_CHOICE]
    assert line["level"] == "error" and line["error_type"] == error_type
    assert "Traceback (most recent call last)" in line["stack_trace"]
    assert f"sqlalchemy.exc.{error_type}" in line["stack_trace"]
    assert cause in line["stack_trace"]  # the cause, by type
    assert "in failing" in line["stack_trace"]  # where it broke
    assert "4711" not in output  # neither the value …
    assert "error" not in line  # … nor the exception message that would quote it


def test_5xx_log_lines_carry_no_exception_messages(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exception messages quote values (``ValueError(f"bad {value}")``): only types are logged,
    for the exception and each cause."""
    secret = "IBAN GB33BUKB2020155555" + secrets.token_hex(3)

    def failing(body: dict[str, str]) -> None:
        try:
            int(body["iban"])
        except ValueError as error:
            raise RuntimeError(f"could not parse {body['iban']}") from error

    client.app.add_api_route("/api/failing2", failing, methods=["POST"])  # type: ignore[attr-defined]
    capsys.readouterr()
    assert client.post("/api/failing2", json={"iban": secret}).status_code == 500
    output = capsys.readouterr().out
    assert "GB33BUKB" not in output
    (line,) = [
        json.loads(entry)
        for entry in output.splitlines()
        if json.loads(entry).get("event") == "request"
    ]
    assert line["error_type"] == "RuntimeError"
    assert "builtins.ValueError" in line["stack_trace"]
    assert "builtins.RuntimeError" in line["stack_trace"]
    assert "During handling of the above exception" in line["stack_trace"]
