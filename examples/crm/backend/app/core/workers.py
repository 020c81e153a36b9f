"""Serving with ``WORKERS`` above 1: uvicorn's own supervisor, plus the one thing
prometheus_client's multiprocess mode asks of whoever starts the workers — when a worker exits,
drop its live-gauge files (``mark_process_dead``), or ``http_requests_inprogress`` keeps counting
the requests a killed worker had in flight. uvicorn has no hook for it (gunicorn's is
``child_exit``), so the supervisor below checks after each of its own rounds (every 0.5 s:
liveness, restarts, signals) which workers are gone. Counter and histogram files stay: a dead
worker's requests still happened, and Prometheus counters must never go down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prometheus_client import multiprocess
from uvicorn import Config
from uvicorn.supervisors.multiprocess import Multiprocess


class MetricsAwareMultiprocess(Multiprocess):
    def __init__(self, config: Config, *, sockets: list[Any], metrics_directory: Path) -> None:
        super().__init__(config, sockets=sockets)
        self.metrics_directory = metrics_directory
        self._known: set[int] = set()

    def forget_dead_workers(self) -> None:
        alive = {
            process.pid
            for process in self.processes
            if process.pid is not None and process.exitcode is None
        }
        for pid in self._known - alive:
            multiprocess.mark_process_dead(pid, str(self.metrics_directory))  # type: ignore[no-untyped-call]
        self._known = alive

    def init_processes(self) -> None:
        super().init_processes()
        self.forget_dead_workers()  # knows every worker from the start

    def keep_subprocess_alive(self) -> None:
        super().keep_subprocess_alive()
        self.forget_dead_workers()

    def handle_signals(self) -> None:  # SIGHUP restarts, SIGTTOU retires a worker
        super().handle_signals()
        self.forget_dead_workers()


def run_workers(config: Config, metrics_directory: Path) -> None:
    """What ``uvicorn.run`` does for ``workers > 1``, with the supervisor above."""
    socket = config.bind_socket()
    try:
        MetricsAwareMultiprocess(
            config, sockets=[socket], metrics_directory=metrics_directory
        ).run()
    except KeyboardInterrupt:  # pragma: no cover - the supervisor handles SIGINT itself
        pass
    finally:
        socket.close()
