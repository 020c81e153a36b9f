"""Login-flood bench (issue 18): what 30 parallel wrong-password logins do to the rest of the API.

Starts the real API (``python -m app serve``, production Argon2id parameters) twice — with
PASSWORD_HASH_CONCURRENCY at its default and at 30 (every login hashing at once, the behaviour
before the bound) — and for each: fires 30 concurrent wrong logins while a second client keeps
requesting ``GET /api/clients``, then prints the latency of those reads (P50/P95/max), how long
the flood took, and the API process's peak resident memory (VmHWM). A bench, not a test:
figures depend on the machine; run it beside its peer (the unbounded run) and compare.

    .venv/bin/python scripts/login_flood.py [--logins 30]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BACKEND = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(url: str, body: dict[str, str] | None = None, token: str | None = None) -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _run(concurrency: int, logins: int) -> dict[str, float]:
    workdir = Path(tempfile.mkdtemp(prefix="crm-flood-"))
    port = _free_port()
    password = secrets.token_urlsafe(18)
    env = dict(os.environ) | {
        "DATABASE_URL": f"sqlite:///{workdir / 'crm.db'}",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FRONTEND_ORIGIN": "http://localhost:5173",
        "PORT": str(port),
        "UPLOAD_DIR": str(workdir / "uploads"),
        "SEED_USER_EMAIL": "flood@example.com",
        "SEED_USER_PASSWORD": password,
        "AUTH_RATE_LIMIT_PER_MINUTE": "100000",
        "RATE_LIMIT_PER_MINUTE": "100000",
        "LOGIN_ACCOUNT_FAILURE_LIMIT": "100000",
        "PASSWORD_HASH_CONCURRENCY": str(concurrency),
        "LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve"],
        cwd=BACKEND,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while _safe_status(f"{base}/health") is None:
            if time.monotonic() > deadline:
                raise SystemExit("the API did not start")
            time.sleep(0.1)
        login = {"email": "flood@example.com", "password": password}
        token = _login_token(f"{base}/api/auth/login", login)
        idle_rss = _peak_rss_mb(process.pid)
        reads: list[float] = []
        stop = threading.Event()

        def reader() -> None:
            while not stop.is_set():
                started = time.perf_counter()
                _request(f"{base}/api/clients", token=token)
                reads.append((time.perf_counter() - started) * 1000)
                time.sleep(0.02)

        thread = threading.Thread(target=reader)
        thread.start()
        wrong = {"email": "flood@example.com", "password": "not-the-password"}
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=logins) as pool:
            statuses = list(
                pool.map(lambda _: _request(f"{base}/api/auth/login", wrong), range(logins))
            )
        flood_s = time.perf_counter() - started
        stop.set()
        thread.join()
        ordered = sorted(reads)
        return {
            "concurrency": concurrency,
            "logins_401": statuses.count(401),
            "flood_seconds": round(flood_s, 2),
            "reads": len(reads),
            "read_p50_ms": round(statistics.median(ordered), 1),
            "read_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "read_max_ms": round(ordered[-1], 1),
            "idle_rss_mb": round(idle_rss, 1),
            "peak_rss_mb": round(_peak_rss_mb(process.pid), 1),
        }
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def _safe_status(url: str) -> int | None:
    try:
        return _request(url)
    except OSError:
        return None


def _login_token(url: str, body: dict[str, str]) -> str:
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        token: str = json.loads(response.read())["access_token"]
        return token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--logins", type=int, default=30)
    args = parser.parse_args()
    sys.path.insert(0, str(BACKEND))
    from app.settings import Settings

    default = Settings.model_fields["password_hash_concurrency"].default
    for concurrency in (default, args.logins):
        label = (
            f"bounded (default {default})"
            if concurrency == default
            else f"unbounded ({concurrency})"
        )
        result = _run(concurrency, args.logins)
        print(f"{label:<24} " + "  ".join(f"{k}={v}" for k, v in result.items()))
    print(f"machine load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
