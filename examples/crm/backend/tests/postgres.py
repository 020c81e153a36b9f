"""A throwaway PostgreSQL server for the suite: Debian's binaries, a temp data directory, a
spare port on 127.0.0.1, no system service — the PostgreSQL twin of conftest.RedisServer.

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` user that
Debian's package creates (or ``nobody`` where it is missing). Durability is switched off
(fsync, synchronous_commit, full_page_writes): the data is thrown away after the run.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

SUPERUSER = "crm"
DATABASE = "crm_test"


def find_postgres_bin() -> Path:
    """The newest installed server's bin directory (``/usr/lib/postgresql/NN/bin``)."""
    candidates = sorted(
        (Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("PostgreSQL server missing: run scripts/install-system-deps.sh")


def _run_as() -> dict[str, Any]:
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise RuntimeError("running as root and no 'postgres' or 'nobody' user to run PostgreSQL")


class PostgresServer:
    """``start()`` → initdb + postgres on ``port``; ``new_schema_url()`` → an isolated URL."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.bin = find_postgres_bin()
        self.directory = Path(tempfile.mkdtemp(prefix="crm-postgres-"))
        self.process: subprocess.Popen[bytes] | None = None
        self._schemas = itertools.count(1)
        self._owner = _run_as()

    def admin_dsn(self, database: str = DATABASE) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def url(self, database: str = DATABASE) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        data = self.directory / "data"
        if self._owner:
            os.chown(self.directory, self._owner["user"], self._owner["group"])
        subprocess.run(
            [
                str(self.bin / "initdb"),
                "--pgdata",
                str(data),
                "--username",
                SUPERUSER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            check=True,
            capture_output=True,
            **self._owner,
        )
        self.process = subprocess.Popen(
            [
                str(self.bin / "postgres"),
                "-D",
                str(data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.directory}",
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=300",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(self.directory / "postgres.log").open("wb"),
            **self._owner,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.admin_dsn("postgres"), autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {DATABASE}")
                return
            except psycopg.OperationalError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.directory / "postgres.log").read_text(errors="replace")
                    self.stop()
                    raise RuntimeError(f"postgres did not start:\n{log[-2000:]}") from None
                time.sleep(0.1)

    def new_schema_url(self) -> str:
        """A URL whose connections see only a new, empty schema: one app's private database,
        at the cost of a CREATE SCHEMA instead of a CREATE DATABASE."""
        schema = f"t{next(self._schemas)}"
        with psycopg.connect(self.admin_dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        return f"{self.url()}?options=-csearch_path%3D{schema}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)
