"""No 5xx from input or from a bad day (issue 18): calendar-edge dates are a 400, a locked
database a quick 503 + Retry-After, a full disk 507 — each with nothing half-written — and
/health tells the truth about all of it. The locks and full disks here are real: a second SQLite
connection holding the lock, SQLite's own page limit, and a tiny tmpfs."""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from starlette.testclient import TestClient

from app.core.outages import classify, error_code
from app.db import build_engine, postgresql_options
from tests.conftest import AppFactory
from tests.helpers import client_body, new_client, new_property, new_tenancy

EDGE_DATETIMES = [
    "0001-01-01T00:00:00+01:00",  # its UTC value is in year 0: OverflowError before the fix
    "9999-12-31T23:59:59-01:00",  # its UTC value is in year 10000
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "1899-12-31T23:59:59Z",
    "3000-01-01T00:00:00+00:00",
]
EDGE_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"]


def _assert_400(response: Any, field: str) -> None:
    assert response.status_code == 400, response.text
    assert any(field in error["loc"] for error in response.json()["errors"]), response.text


@pytest.mark.parametrize("value", EDGE_DATETIMES)
def test_calendar_edge_datetimes_are_refused_in_bodies_and_filters(
    client: TestClient, value: str
) -> None:
    prop, person = new_property(client), new_client(client)
    body = {"property_id": prop["id"], "client_id": person["id"], "scheduled_at": value}
    _assert_400(client.post("/api/viewings", json=body), "scheduled_at")
    viewing = client.post(
        "/api/viewings", json=body | {"scheduled_at": "2030-01-01T10:00:00+01:00"}
    ).json()
    _assert_400(
        client.patch(f"/api/viewings/{viewing['id']}", json={"scheduled_at": value}),
        "scheduled_at",
    )
    _assert_400(client.get("/api/viewings", params={"from": value}), "from")
    _assert_400(client.get("/api/viewings", params={"to": value}), "to")


@pytest.mark.parametrize("value", EDGE_DATES)
def test_calendar_edge_dates_are_refused(client: TestClient, value: str) -> None:
    prop, person = new_property(client), new_client(client)
    body = {
        "property_id": prop["id"],
        "client_id": person["id"],
        "start_date": value,
        "monthly_rent_pence": 100_000,
    }
    _assert_400(client.post("/api/tenancies", json=body), "start_date")
    tenancy = new_tenancy(client)
    _assert_400(
        client.patch(f"/api/tenancies/{tenancy['id']}", json={"end_date": value}), "end_date"
    )
    payment = {"tenancy_id": tenancy["id"], "amount_pence": 100, "kind": "fee", "due_date": value}
    _assert_400(client.post("/api/payments", json=payment), "due_date")


def test_dates_inside_the_bounds_still_work(client: TestClient) -> None:
    prop, person = new_property(client), new_client(client)
    body = {
        "property_id": prop["id"],
        "client_id": person["id"],
        "scheduled_at": "2999-12-31T23:59:59-01:00",  # UTC: 3000-01-01, still storable
    }
    created = client.post("/api/viewings", json=body)
    assert created.status_code == 201
    assert created.json()["scheduled_at"].startswith("3000-01-01T00:59:59")
    listed = client.get("/api/viewings", params={"from": "1900-01-01T00:00:00+01:00"})
    assert listed.status_code == 200 and len(listed.json()) >= 1


# --- a locked database ---------------------------------------------------------------------


@pytest.fixture
def file_client(make_client: AppFactory, tmp_path: Path) -> TestClient:
    """An app on a real SQLite file, waiting at most 100 ms for a lock."""
    return make_client(
        database_url=f"sqlite:///{tmp_path / 'crm.db'}", database_busy_timeout_ms=100
    )


def _database_file(client: TestClient) -> str:
    app: FastAPI = client.app  # type: ignore[assignment]
    return str(app.state.engine.url.database)


@pytest.fixture
def lock_holder(file_client: TestClient) -> Iterator[sqlite3.Connection]:
    """A second connection to the same file — another process, as far as SQLite can tell."""
    connection = sqlite3.connect(_database_file(file_client), timeout=0, isolation_level=None)
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


def _count(client: TestClient, table: str) -> int:
    with sqlite3.connect(_database_file(client)) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def test_a_locked_database_is_a_quick_503_with_retry_after(
    file_client: TestClient, lock_holder: sqlite3.Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = new_client(file_client)
    # DATABASE_BUSY_TIMEOUT_MS=100 is what the API's connections wait for a lock, not Python's
    # default 5 s. Read from SQLite itself rather than timed: a timing bound flakes on a busy
    # machine, and the setting is what decides the wait.
    app: FastAPI = file_client.app  # type: ignore[assignment]
    with app.state.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 100
    lock_holder.execute("BEGIN EXCLUSIVE")  # nobody else may read or write
    capsys.readouterr()
    for method, path, body in [
        ("GET", "/api/clients", None),
        ("GET", f"/api/clients/{existing['id']}", None),
        ("POST", "/api/clients", client_body()),
        ("PATCH", f"/api/clients/{existing['id']}", {"notes": "changed"}),
    ]:
        response = file_client.request(method, path, json=body)
        assert response.status_code == 503, (method, path, response.text)
        assert response.headers["retry-after"] == "1"
        assert response.json() == {"detail": "The database is busy; retry shortly"}
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    failures = [line for line in lines if line.get("event") == "request"]
    assert all(line["error_type"] == "OperationalError" for line in failures)
    assert health_of(file_client)["checks"]["database:connectivity"][0]["status"] == "fail"

    lock_holder.execute("ROLLBACK")
    after = file_client.get(f"/api/clients/{existing['id']}")
    assert after.status_code == 200 and after.json()["notes"] == existing["notes"]
    assert _count(file_client, "clients") == 1  # the refused POST left nothing behind


def test_a_write_locked_database_refuses_writes_whole_and_still_serves_reads(
    file_client: TestClient, lock_holder: sqlite3.Connection
) -> None:
    prop, person = new_property(file_client), new_client(file_client)
    lock_holder.execute("BEGIN IMMEDIATE")  # another writer is mid-transaction
    assert file_client.get("/api/properties").status_code == 200
    body = {
        "property_id": prop["id"],
        "client_id": person["id"],
        "start_date": "2030-01-01",
        "monthly_rent_pence": 150_000,
    }
    # Creating a tenancy also moves the property to let_agreed: both or neither.
    response = file_client.post("/api/tenancies", json=body)
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    lock_holder.execute("ROLLBACK")
    assert _count(file_client, "tenancies") == 0
    assert file_client.get(f"/api/properties/{prop['id']}").json()["status"] == "available"
    assert file_client.post("/api/tenancies", json=body).status_code == 201


# --- a locked row on PostgreSQL ---------------------------------------------------------------

SECRET_NOTE = "note text that must stay out of the logs 4711"


@pytest.mark.postgresql_only
@pytest.mark.parametrize(
    ("timeouts", "sqlstate"),
    [
        ({"database_busy_timeout_ms": 200}, "55P03"),  # lock_timeout: lock_not_available
        (  # statement_timeout first: query_canceled. 1 s, not less: the same engine builds
            # the schema and the test's records first, and DDL on a busy machine can take a while.
            {"database_busy_timeout_ms": 10_000, "database_statement_timeout_ms": 1_000},
            "57014",
        ),
    ],
)
def test_a_locked_postgresql_row_is_a_quick_503_with_retry_after(
    make_client: AppFactory,
    capsys: pytest.CaptureFixture[str],
    timeouts: dict[str, int],
    sqlstate: str,
) -> None:
    """Another connection holds the row lock (SELECT … FOR UPDATE, as a long transaction or a
    stuck job would): the PATCH waits the configured timeout, not for ever, and is a 503."""
    client = make_client(**timeouts)
    existing = new_client(client, notes="before")
    app: FastAPI = client.app  # type: ignore[assignment]
    path = f"/api/clients/{existing['id']}"
    with app.state.engine.connect() as holder:
        # Without a timeout on the API's side, the PATCH waits for this: the lock is let go
        # after 5 s and the PATCH answers 200, failing the test instead of hanging it.
        holder.execute(text("SET LOCAL idle_in_transaction_session_timeout = '5s'"))
        holder.execute(
            text("SELECT id FROM clients WHERE id = :id FOR UPDATE"), {"id": existing["id"]}
        )
        capsys.readouterr()
        response = client.patch(path, json={"notes": SECRET_NOTE})
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "1"
        assert response.json() == {"detail": "The database is busy; retry shortly"}
        assert client.get(path).json()["notes"] == "before"  # readers are not blocked
        holder.rollback()
    output = capsys.readouterr().out
    assert SECRET_NOTE not in output
    lines = [json.loads(line) for line in output.splitlines()]
    (warning,) = [line for line in lines if line.get("event") == "storage_unavailable"]
    assert warning["code"] == sqlstate and warning["status"] == 503
    (failed,) = [line for line in lines if line.get("event") == "request" and line["status"] == 503]
    assert failed["error_type"] == "OperationalError"

    after = client.patch(path, json={"notes": "after"})
    assert after.status_code == 200 and after.json()["notes"] == "after"


@pytest.mark.postgresql_only
def test_postgresql_connections_get_the_timeouts_and_keep_the_url_options(
    make_client: AppFactory,
) -> None:
    """The suite's URLs carry ``?options=-csearch_path%3Dt…`` (one schema per app): the timeouts
    are added to those options, not put in their place."""
    client = make_client(database_busy_timeout_ms=750, database_statement_timeout_ms=4_000)
    app: FastAPI = client.app  # type: ignore[assignment]
    with app.state.engine.connect() as connection:
        shown = {
            name: connection.execute(text(f"SHOW {name}")).scalar_one()
            for name in ("lock_timeout", "statement_timeout", "search_path")
        }
    schema = app.state.settings.database_url.rsplit("%3D", 1)[1]
    assert shown == {"lock_timeout": "750ms", "statement_timeout": "4s", "search_path": schema}
    # Migrations and the command line build their engine without timeouts: server defaults.
    with build_engine(app.state.settings.database_url).connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "0"


@pytest.mark.postgresql_only
def test_postgresql_connections_keep_the_operators_pgoptions(
    make_client: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libpq ignores PGOPTIONS once a connection names ``options``, as ours do for the timeouts:
    an operator's PGOPTIONS must still reach the server (the URL's options win, as in libpq)."""
    monkeypatch.setenv("PGOPTIONS", "-c application_name=from-pgoptions")
    client = make_client(database_busy_timeout_ms=750)
    app: FastAPI = client.app  # type: ignore[assignment]
    url = app.state.settings.database_url
    plain_url = url.split("?", 1)[0]
    with build_engine(plain_url, busy_timeout_ms=750).connect() as connection:
        shown = connection.execute(text("SHOW application_name")).scalar_one()
        assert (shown, connection.execute(text("SHOW lock_timeout")).scalar_one()) == (
            "from-pgoptions",
            "750ms",
        )
    with app.state.engine.connect() as connection:  # the URL has options: PGOPTIONS is not used
        assert connection.execute(text("SHOW application_name")).scalar_one() != "from-pgoptions"


@pytest.mark.parametrize(
    ("existing", "busy", "statement", "expected"),
    [
        (None, 500, 10_000, "-c lock_timeout=500 -c statement_timeout=10000"),
        ("-csearch_path=t1", 500, 0, "-csearch_path=t1 -c lock_timeout=500 -c statement_timeout=0"),
        # A busy timeout of 0 means "do not wait"; PostgreSQL's lock_timeout=0 would wait for ever.
        (None, 0, 0, "-c lock_timeout=1 -c statement_timeout=0"),
        (("-ca=1", "-cb=2"), 5, 6, "-ca=1 -cb=2 -c lock_timeout=5 -c statement_timeout=6"),
    ],
)
def test_postgresql_options(
    existing: str | tuple[str, ...] | None, busy: int, statement: int, expected: str
) -> None:
    assert postgresql_options(existing, busy, statement) == expected


# --- a full disk -----------------------------------------------------------------------------


def _cap_database_growth(app: FastAPI, spare_pages: int) -> None:
    """SQLite's max_page_count: the database file cannot grow, exactly as on a full disk."""

    def cap(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages + spare_pages}")
        cursor.close()

    event.listen(app.state.engine, "connect", cap)
    app.state.engine.dispose()  # new connections get the cap


def test_a_full_database_is_507_and_nothing_is_half_written(file_client: TestClient) -> None:
    app: FastAPI = file_client.app  # type: ignore[assignment]
    person = new_client(file_client)
    _cap_database_growth(app, spare_pages=2)
    big_note = "Ж" * 5000  # ~10 KB a row
    statuses = [
        file_client.post("/api/clients", json=client_body(notes=big_note)).status_code
        for _ in range(10)
    ]
    assert 507 in statuses and set(statuses) <= {201, 507}, statuses
    refused = file_client.patch(f"/api/clients/{person['id']}", json={"notes": big_note * 2})
    assert refused.status_code == 507
    assert refused.json() == {"detail": "Storage is full; the change was not saved"}
    assert file_client.get(f"/api/clients/{person['id']}").json()["notes"] == person["notes"]
    assert _count(file_client, "clients") == 1 + statuses.count(201)
    assert file_client.get("/api/clients").status_code == 200  # reads carry on


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 512 KiB tmpfs (root, or passwordless sudo as on CI runners)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    command = [*prefix, "mount", "-t", "tmpfs", "-o", "size=512k,mode=1777", "tmpfs"]
    result = subprocess.run([*command, str(mount_point)], capture_output=True, text=True)
    assert result.returncode == 0, f"cannot mount a tmpfs for the full-disk test: {result.stderr}"
    try:
        yield mount_point
    finally:
        # --lazy: detach even if a test failed with the database file still open.
        subprocess.run([*prefix, "umount", "--lazy", str(mount_point)], check=True)


def test_uploads_and_writes_on_a_full_disk_are_507_and_leave_nothing(
    tiny_disk: Path, make_client: AppFactory
) -> None:
    client = make_client(
        database_url=f"sqlite:///{tiny_disk / 'crm.db'}",
        upload_dir=str(tiny_disk / "uploads"),
        health_min_free_bytes=1,
    )
    new_client(client)
    pdf = b"%PDF-1.4\n" + os.urandom(200 * 1024)
    statuses = []
    for index in range(6):
        response = client.post(
            "/api/documents", files={"file": (f"scan{index}.pdf", pdf, "application/pdf")}
        )
        statuses.append(response.status_code)
    assert 507 in statuses and set(statuses) <= {201, 507}, statuses
    stored = sorted(p.name for p in (tiny_disk / "uploads").iterdir())
    listed = _count(client, "documents")
    assert len(stored) == listed == statuses.count(201)  # no orphan file, no dangling row
    # Fill what is left, then a database write must fail whole too.
    filler = tiny_disk / "filler"
    _fill(filler)
    before = _count(client, "clients")
    statuses = [
        client.post("/api/clients", json=client_body(notes="n" * 9000)).status_code
        for _ in range(3)
    ]
    assert set(statuses) <= {201, 503, 507} and 201 not in statuses[1:], statuses
    filler.unlink()
    assert _count(client, "clients") == before + statuses.count(201)
    assert free_space(tiny_disk) > 0


def _fill(path: Path) -> None:
    """Write zeros to ``path`` until the filesystem says it is full."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(descriptor, b"\0" * 4096)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
    finally:
        os.close(descriptor)


def free_space(path: Path) -> int:
    return shutil.disk_usage(path).free


# --- /health tells the truth -----------------------------------------------------------------


def health_of(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/health").json()
    return body


def test_health_runs_a_real_query(make_client: AppFactory, tmp_path: Path) -> None:
    client = make_client(database_url=f"sqlite:///{tmp_path / 'crm.db'}")
    assert health_of(client)["checks"]["database:connectivity"][0]["status"] == "pass"
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        connection.execute("DROP TABLE users")  # SELECT 1 would still pass
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"]["database:connectivity"][0]["status"] == "fail"


def test_health_fails_when_free_space_runs_low(make_client: AppFactory, tmp_path: Path) -> None:
    client = make_client(database_url=f"sqlite:///{tmp_path / 'crm.db'}")
    disk = health_of(client)["checks"]["disk:free"][0]
    assert disk["status"] == "pass" and disk["observedUnit"] == "bytes"
    assert disk["observedValue"] == pytest.approx(free_space(tmp_path), rel=0.05)
    starved = make_client(
        database_url=f"sqlite:///{tmp_path / 'crm.db'}", health_min_free_bytes=10**18
    )
    response = starved.get("/health")
    assert response.status_code == 503
    check = response.json()["checks"]["disk:free"][0]
    assert check["status"] == "fail" and "uploads" in check["output"]


def test_the_error_budget_file_cannot_override_a_live_check(
    make_client: AppFactory, tmp_path: Path
) -> None:
    generated = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    forged = {
        "status": "pass",
        "generatedAt": generated,
        "checks": {
            "database:connectivity": [{"status": "pass", "output": "all good"}],
            "disk:free": [{"status": "pass"}],
            "errorBudget:availability": [{"status": "pass", "observedValue": 90}],
        },
    }
    budget = tmp_path / "budget.json"
    budget.write_text(json.dumps(forged))
    client = make_client(
        database_url=f"sqlite:///{tmp_path / 'crm.db'}",
        error_budget_file=str(budget),
        health_min_free_bytes=10**18,
    )
    with sqlite3.connect(tmp_path / "crm.db") as connection:
        connection.execute("DROP TABLE users")
    response = client.get("/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database:connectivity"][0]["status"] == "fail"
    assert checks["disk:free"][0]["status"] == "fail"
    assert checks["errorBudget:availability"][0]["status"] == "pass"  # still merged


class _DriverError(Exception):
    """Stands in for a driver exception: only the attributes the classifier reads."""

    def __init__(self, **attributes: object) -> None:
        super().__init__("driver message")
        self.__dict__.update(attributes)


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"sqlite_errorcode": 5}, 503),  # SQLITE_BUSY
        ({"sqlite_errorcode": 517}, 503),  # SQLITE_BUSY_SNAPSHOT (extended)
        ({"sqlite_errorcode": 6}, 503),  # SQLITE_LOCKED
        ({"sqlite_errorcode": 13}, 507),  # SQLITE_FULL
        ({"sqlite_errorcode": 778}, 503),  # SQLITE_IOERR_WRITE
        ({"sqlite_errorcode": 1}, None),  # SQLITE_ERROR (no such table…): a bug, a 500
        ({"sqlstate": "53100"}, 507),  # PostgreSQL disk_full (psycopg 3)
        ({"pgcode": "53100"}, 507),  # … (psycopg2)
        ({"sqlstate": "55P03"}, 503),  # lock_not_available (lock_timeout)
        ({"sqlstate": "57014"}, 503),  # query_canceled (statement_timeout)
        ({"sqlstate": "40P01"}, 503),  # deadlock_detected
        ({"sqlstate": "08006"}, 503),  # connection_failure
        ({"sqlstate": "23505"}, None),  # unique_violation: not an outage
        ({"sqlstate": "42P01"}, None),  # undefined_table: a bug
    ],
)
def test_outages_are_classified_by_code(
    attributes: dict[str, object], expected: int | None
) -> None:
    error = OperationalError("SELECT 1", {}, _DriverError(**attributes))
    outage = classify(error)
    assert (outage.status if outage else None) == expected
    assert error_code(error) == str(next(iter(attributes.values())))  # what the log line names


def test_no_space_on_a_file_write_is_507() -> None:
    full = classify(OSError(errno.ENOSPC, "No space left on device"))
    assert error_code(OSError(errno.ENOSPC, "No space left on device")) == "ENOSPC"
    assert full is not None and full.status == 507
    assert classify(OSError(errno.EACCES, "Permission denied")) is None
