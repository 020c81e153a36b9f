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
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, FastAPI
from prometheus_client import CollectorRegistry, Gauge
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator.middleware import PrometheusInstrumentatorMiddleware
from starlette.middleware import Middleware
from starlette.types import ASGIApp

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
