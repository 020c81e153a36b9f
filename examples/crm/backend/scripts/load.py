"""Load test behind scripts/load.

Starts two uvicorn servers on the same SQLite data — the full app and the bare routes
(``create_app(middleware=False)``: no request-ID/logging/headers, metrics, rate-limit or CORS
middleware) — and drives ``GET /api/clients`` (a page of 50 clients; ``--endpoint`` for
another) on each with wrk, once per ``--connections`` count (default 10 and 50). Prints, for
each, the request rate wrk achieved and the P50/P95/P99 latencies, then the overhead ratio
full ÷ bare of the server CPU per request. ``--workers N`` runs N uvicorn worker processes.

The rate limit stays switched on in the full app, but at a limit no run reaches, so its
cost is measured without it rejecting anything. Logs go to /dev/null (their serialisation is
still paid).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parent.parent
ENDPOINT = "/api/clients"
SEEDED_CLIENTS = 60  # more than one default page (50)
P95_TARGET_MS = 250  # issue 18: p95 < 250 ms at 50 connections (the SLO itself is 500 ms)
WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, '
    .. '"mean_us": %.1f, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.errors.status,
    latency.mean, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(kind: str, port: int, workers: int) -> None:
    """Child process: run one variant of the app in ``workers`` uvicorn processes."""
    import uvicorn

    factory = "app.main:app_from_environment" if kind == "full" else "app.main:bare_app_for_load"
    uvicorn.run(
        factory,
        factory=True,
        workers=workers,
        # For A/B runs only: CRM_LOAD_HTTP=h11 CRM_LOAD_LOOP=asyncio give uvicorn's pure-Python
        # parser and the standard event loop instead of httptools and uvloop.
        http=os.environ.get("CRM_LOAD_HTTP", "auto"),
        loop=os.environ.get("CRM_LOAD_LOOP", "auto"),
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level="warning",
    )


def _environment(database: Path, redis_url: str | None, environment: str) -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        # production by default: what the SLO is about (no /docs, no per-request trace spans).
        "ENVIRONMENT": environment,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "load-test-secret-key-0123456789abcdef",
        "FRONTEND_ORIGIN": "http://localhost:5173",
        "RATE_LIMIT_PER_MINUTE": str(10**9),
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(BACKEND),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def _seed(env: dict[str, str]) -> str:
    """A property, SEEDED_CLIENTS clients and a user to read them as (migrated schema, as
    ./serve builds it); returns that user's bearer token."""
    code = (
        "from app.settings import load_settings\n"
        "from app.db import build_engine, build_sessionmaker, migrate\n"
        "from app.properties.models import Property\n"
        "from app.clients.models import Client\n"
        "from app.auth.models import User\n"
        "from app.auth.tokens import create_access_token\n"
        "settings = load_settings()\n"
        "engine = build_engine(settings.database_url); migrate(engine)\n"
        "with build_sessionmaker(engine)() as s:\n"
        "    s.add(Property(address_line1='14 O\\'Connell Street', city='Dublin',\n"
        "        postcode='D01 F5P2', country='IE', property_type='flat', listing_type='let',\n"
        "        bedrooms=2, bathrooms=1, price_pence=180000))\n"
        f"    for n in range({SEEDED_CLIENTS}):\n"
        "        s.add(Client(full_name=f'Siobhán O\\'Brien {chr(65 + n % 26)}',\n"
        "            email=f'client{n}@example.com', phone='+44 20 7946 0958',\n"
        "            notes='Prefers viewings after 5pm. ' * 4))\n"
        "    user = User(email='load@example.com', full_name='Load Test',\n"
        "        password_hash='unused', role='lettings_negotiator')\n"
        "    s.add(user); s.commit()\n"
        "    print(create_access_token(user.id, settings.secret_key, 86400))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        check=True,
        cwd=BACKEND,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _start(kind: str, env: dict[str, str], token: str) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--port", str(port)],
        env=env,
        cwd=BACKEND,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{ENDPOINT}", headers={"Authorization": f"Bearer {token}"}
            )
            with urllib.request.urlopen(request, timeout=1):  # noqa: S310 - http on loopback
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{kind} server did not start")


def _stat_fields(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _process_tree(root: int) -> list[int]:
    """``root`` and every process below it (the uvicorn supervisor and its workers)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat_fields(int(entry.name))[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        tree.extend(children)
        frontier = children
    return tree


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a server and its worker processes (Linux /proc), immune to
    other load on the box."""
    total = 0
    for member in _process_tree(pid):
        try:
            fields = _stat_fields(member)
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _wrk(
    port: int, duration: int, connections: int, script: Path, pid: int, token: str
) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is missing: run scripts/install-system-deps.sh")
    url = f"http://127.0.0.1:{port}{ENDPOINT}"
    # Warm up (imports, connection pool, first queries) before measuring.
    auth = ["-H", f"Authorization: Bearer {token}"]
    subprocess.run([wrk, "-t1", "-c2", "-d2s", *auth, url], check=True, capture_output=True)
    cpu_before = _cpu_seconds(pid)
    result = subprocess.run(
        [wrk, "-t1", f"-c{connections}", f"-d{duration}s", *auth, "-s", str(script), url],
        check=True,
        capture_output=True,
        text=True,
    )
    cpu_used = _cpu_seconds(pid) - cpu_before
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    report["rate"] = report["requests"] / (report["duration_us"] / 1_000_000)
    report["cpu_ms_per_request"] = cpu_used * 1000 / max(report["requests"], 1)
    return report


def _line(label: str, report: dict[str, Any]) -> str:
    return (
        f"{label:<28} {report['rate']:8.0f} req/s   P50 {report['p50_us'] / 1000:6.2f} ms   "
        f"P95 {report['p95_us'] / 1000:6.2f} ms   P99 {report['p99_us'] / 1000:6.2f} ms   "
        f"CPU {report['cpu_ms_per_request']:.2f} ms/req   "
        f"errors {report['errors'] + report['non2xx']}"
    )


def run(
    duration: int, connection_counts: list[int], redis: bool, workers: int, environment: str
) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="crm-load-"))
    redis_process = None
    redis_url = None
    if redis:
        redis_port = _free_port()
        binary = shutil.which("redis-server") or "redis-server"
        redis_process = subprocess.Popen(
            [
                *(binary, "--port", str(redis_port), "--bind", "127.0.0.1"),
                *("--save", "", "--dir", str(workdir)),
            ],
            stdout=subprocess.DEVNULL,
        )
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        time.sleep(0.5)
    env = _environment(workdir / "load.db", redis_url, environment) | {
        "CRM_LOAD_WORKERS": str(workers)
    }
    token = _seed(env)
    script = workdir / "report.lua"
    script.write_text(WRK_REPORT)
    reports: dict[tuple[str, int], dict[str, Any]] = {}
    try:
        for kind in ("bare", "full"):
            process, port = _start(kind, env, token)
            try:
                for connections in connection_counts:
                    reports[kind, connections] = _wrk(
                        port, duration, connections, script, process.pid, token
                    )
            finally:
                process.send_signal(signal.SIGINT)
                process.wait(timeout=30)
    finally:
        if redis_process is not None:
            redis_process.terminate()
            redis_process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    storage = "Redis" if redis else "in-memory"
    print(f"GET {ENDPOINT} — wrk, 1 thread, {duration} s per run, {SEEDED_CLIENTS} clients stored")
    print(
        f"CPU: {os.cpu_count()} cores; {workers} uvicorn worker(s); rate-limit storage: {storage}; "
        f"ENVIRONMENT={environment}"
    )
    failed = False
    for connections in connection_counts:
        bare, full = reports["bare", connections], reports["full", connections]
        print(f"-- {connections} connections")
        print(_line("without middleware (bare)", bare))
        print(_line("full middleware stack", full))
        print(
            f"middleware overhead ratio (server CPU per request, full / bare): "
            f"{full['cpu_ms_per_request'] / bare['cpu_ms_per_request']:.2f}x"
        )
        p95_ms = full["p95_us"] / 1000
        verdict = "meets" if p95_ms < 500 else "MISSES"
        target = "under" if p95_ms < P95_TARGET_MS else "OVER"
        print(
            f"P95 {p95_ms:.2f} ms at {full['rate']:.0f} req/s {verdict} the 500 ms SLO "
            f"({target} the {P95_TARGET_MS} ms target)"
        )
        failed = failed or full["errors"] + full["non2xx"] > 0 or p95_ms >= 500
    load1 = os.getloadavg()[0]
    print(f"machine load average at the end of the run: {load1:.1f}")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument(
        "--connections", default="10,50", help="comma-separated connection counts (10,50)"
    )
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--redis", action="store_true", help="rate-limit storage in redis")
    parser.add_argument(
        "--environment", default="production", choices=["production", "development"]
    )
    parser.add_argument("--serve", choices=["full", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, int(os.environ.get("CRM_LOAD_WORKERS", "1")))
        return 0
    counts = [int(part) for part in args.connections.split(",") if part.strip()]
    return run(args.duration, counts, args.redis, args.workers, args.environment)


if __name__ == "__main__":
    raise SystemExit(main())
