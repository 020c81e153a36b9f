"""Prometheus metrics via prometheus-fastapi-instrumentator (FR-041..FR-043, SC-008).

Default metric names: ``http_requests_total{handler,method,status}``,
``http_request_duration_seconds{handler,method}`` (histogram; buckets include 0.5 s, the P95
SLO edge), ``http_request_size_bytes``, ``http_response_size_bytes`` and
``http_requests_inprogress{handler,method}``. Error rate per endpoint is
``http_requests_total{status="5xx"} / http_requests_total``.

``GET /metrics`` needs ``Authorization: Bearer $METRICS_TOKEN`` or a branch manager's token
(app/auth/dependencies.py: metrics_access).

Each app gets its own ``CollectorRegistry``. The instrumentator (8.1.0) creates its in-progress
gauge in the *global* registry whatever registry it is given, so a second app in the same
process (tests, the load script's baseline) would crash with "Duplicated timeseries"; the
subclass below creates that gauge in the app's registry instead.

With ``WORKERS`` above 1 each worker process would count only the requests it answered, and a
scrape would see whichever worker took it: totals a fraction of the truth, jumping between
scrapes, and reset when a worker is replaced. So the server runs prometheus_client's
*multiprocess mode* (https://prometheus.github.io/client_python/multiprocess/): every worker
writes its values to memory-mapped files in ``PROMETHEUS_MULTIPROC_DIR``, and ``/metrics``
(the instrumentator's handler switches when the variable is set) reads them all through a
``MultiProcessCollector``. :func:`multiprocess_directory` prepares that directory before the
workers start — a fresh one per start, or the operator's, emptied — and app/core/workers.py
hands a dead worker's live-gauge files back (``mark_process_dead``), the job gunicorn's
``child_exit`` hook does in the library's documentation. One worker keeps the plain in-process
registry: nothing to share, no files to write.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from prometheus_client import CollectorRegistry, Gauge
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator.middleware import PrometheusInstrumentatorMiddleware
from starlette.middleware import Middleware
from starlette.types import ASGIApp

# prometheus_client reads it when it is first imported, in every worker process: it must be in
# the environment the workers start with, never set from inside a worker.
METRICS_DIRECTORY_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

# Buckets for the per-handler histogram: fine enough for P50/P95/P99, with the 0.5 s SLO edge.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _RegistryScopedMiddleware(PrometheusInstrumentatorMiddleware):
    def __init__(self, app: ASGIApp, **kwargs: Any) -> None:
        wants_inprogress = bool(kwargs.get("should_instrument_requests_inprogress"))
        super().__init__(app, **(kwargs | {"should_instrument_requests_inprogress": False}))
        if wants_inprogress:
            self.should_instrument_requests_inprogress = True
            self.inprogress = Gauge(
                name=kwargs.get("inprogress_name", "http_requests_inprogress"),
                documentation="Number of HTTP requests in progress.",
                labelnames=("method", "handler") if kwargs.get("inprogress_labels") else (),
                multiprocess_mode="livesum",
                registry=kwargs["registry"],
            )


def instrument(app: FastAPI) -> CollectorRegistry:
    """Add the metrics middleware (at the current outermost position) and ``GET /metrics``."""
    registry = CollectorRegistry()
    instrumentator = Instrumentator(
        should_group_status_codes=True,
        should_ignore_untemplated=False,
        should_group_untemplated=True,
        should_instrument_requests_inprogress=True,
        inprogress_labels=True,
        registry=registry,
    )
    instrumentator.instrument(app, latency_lowr_buckets=LATENCY_BUCKETS)
    added = app.user_middleware[0]
    factory: object = added.cls
    if factory is not PrometheusInstrumentatorMiddleware:  # pragma: no cover - library change
        raise RuntimeError("prometheus-fastapi-instrumentator changed how it adds middleware")
    scoped: Any = _RegistryScopedMiddleware
    app.user_middleware[0] = Middleware(scoped, *added.args, **added.kwargs)
    from app.auth.dependencies import metrics_access

    instrumentator.expose(app, include_in_schema=False, dependencies=[Depends(metrics_access)])
    return registry


def clear_metric_files(directory: Path) -> None:
    """Forget a previous run's values: the library's files only, so a directory shared with
    anything else keeps the rest."""
    for path in directory.glob("*.db"):
        path.unlink(missing_ok=True)


@contextmanager
def multiprocess_directory(workers: int) -> Iterator[Path | None]:
    """Around the server's whole life, in the process that starts the workers: the directory
    their metric files go to, or None when one process serves and no directory was asked for.

    ``PROMETHEUS_MULTIPROC_DIR`` set by the operator (a tmpfs, say) is used and emptied now, at
    start, as the library asks; otherwise a fresh temporary directory is made, put in the
    environment the workers inherit, and removed when the server stops."""
    given = os.environ.get(METRICS_DIRECTORY_VARIABLE, "").strip()
    if given:
        directory = Path(given)
        directory.mkdir(parents=True, exist_ok=True)
        clear_metric_files(directory)
        yield directory
        return
    if workers <= 1:
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="crm-metrics-"))
    os.environ[METRICS_DIRECTORY_VARIABLE] = str(directory)
    try:
        yield directory
    finally:
        os.environ.pop(METRICS_DIRECTORY_VARIABLE, None)
        shutil.rmtree(directory, ignore_errors=True)
