"""Application factory. Middleware order, outermost first:

1. RequestObservabilityMiddleware — request ID, security headers, one log line, last-resort 500
2. Prometheus instrumentator      — counts every status, 429s and 500s included
3. RateLimitMiddleware            — before routing, so one budget covers every path and 404s
4. CORSMiddleware                 — only FRONTEND_ORIGIN; exposes X-Request-ID
5. BodySizeLimitMiddleware        — 413 before an oversized body is read
6. routes (errors → 400/404/409 JSON)
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.auth.login_guard import LoginGuard
from app.auth.router import router as auth_router
from app.clients.router import router as clients_router
from app.core.body_limit import BodySizeLimitMiddleware
from app.core.errors import install_error_handlers
from app.core.metrics import instrument
from app.core.middleware import RequestObservabilityMiddleware
from app.core.rate_limit import (
    FallbackStore,
    MemoryStore,
    RateLimitMiddleware,
    RateLimitRule,
    RateLimitStore,
    RedisStore,
)
from app.core.tracing import TraceStore
from app.db import build_engine, build_sessionmaker
from app.documents.router import router as documents_router
from app.ops.health import router as health_router
from app.ops.trace import router as trace_router
from app.payments.router import router as payments_router
from app.properties.router import router as properties_router
from app.settings import Settings
from app.tenancies.router import router as tenancies_router
from app.users.router import router as users_router
from app.viewings.router import router as viewings_router

VERSION = "0.1.0"
LOGIN_PATH = "/api/auth/login"
BODY_SLACK = 64 * 1024  # multipart framing and form fields around the largest allowed file


def rate_limit_rules(settings: Settings) -> list[RateLimitRule]:
    return [
        RateLimitRule("global", settings.rate_limit_per_minute, 60.0, ("/",)),
        # Only the login itself: /api/auth/me or /logout must not eat the login budget.
        RateLimitRule(
            "auth", settings.auth_rate_limit_per_minute, 60.0, (LOGIN_PATH,), frozenset({"POST"})
        ),
    ]


def build_rate_limit_store(settings: Settings) -> RateLimitStore:
    if not settings.redis_url:
        return MemoryStore()
    return FallbackStore(
        RedisStore(settings.redis_url, timeout_seconds=settings.rate_limit_redis_timeout_ms / 1000),
        retry_seconds=settings.rate_limit_redis_retry_seconds,
        clock=time.monotonic,
    )


def _without_422(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI documents validation errors as 422; this API answers 400 (see core/errors)."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            operation.get("responses", {}).pop("422", None)
    components = schema.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    return schema


def _not_nullable(field: dict[str, Any]) -> dict[str, Any]:
    options = [item for item in field.get("anyOf", []) if item.get("type") != "null"]
    if len(options) != 1 or len(field["anyOf"]) != 2:
        return field
    kept: dict[str, Any] = options[0]
    return kept | {key: value for key, value in field.items() if key != "anyOf"}


def _has_pattern(field: dict[str, Any]) -> bool:
    return any("pattern" in option for option in field.get("anyOf", [field]))


def _text_fields_not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Form fields and patterned headers are present or absent, never JSON ``null``: drop the
    null alternative FastAPI documents for the optional ones (``anyOf: [X, null]``), which no
    client can send (a fuzzer sends the text "null" instead, which the pattern rightly refuses).
    Query parameters and free-form headers (If-Match) keep it: tools read it as "optional", and
    the text "null" is a value they accept anyway (an If-Match that matches nothing)."""
    components = schema.get("components", {}).get("schemas", {})
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and _has_pattern(parameter["schema"]):
                    parameter["schema"] = _not_nullable(parameter["schema"])
            content = operation.get("requestBody", {}).get("content", {})
            reference = content.get("multipart/form-data", {}).get("schema", {}).get("$ref", "")
            body = components.get(reference.rsplit("/", 1)[-1], {})
            for name, field in body.get("properties", {}).items():
                body["properties"][name] = _not_nullable(field)
    return schema


def create_app(settings: Settings, *, middleware: bool = True) -> FastAPI:
    """Build the API. ``middleware=False`` gives the bare routes (load-test baseline only)."""
    engine = build_engine(
        settings.database_url,
        busy_timeout_ms=settings.database_busy_timeout_ms,
        statement_timeout_ms=settings.database_statement_timeout_ms,
    )
    trace_store = TraceStore(settings.trace_max_requests) if settings.tracing_enabled else None
    store = build_rate_limit_store(settings) if middleware else None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if isinstance(store, FallbackStore):
            await store.primary.close()
        engine.dispose()

    app = FastAPI(
        title="Estate Agency CRM API",
        version=VERSION,
        description="Properties, clients, tenancies, viewings, payments and documents.",
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = build_sessionmaker(engine)
    app.state.trace_store = trace_store
    app.state.rate_limit_store = store
    app.state.login_guard = LoginGuard(
        concurrency=settings.password_hash_concurrency,
        failure_limit=settings.login_account_failure_limit,
        window_seconds=settings.login_account_window_seconds,
        store=store if store is not None else MemoryStore(),
    )
    app.state.started_monotonic = time.monotonic()
    install_error_handlers(app)
    for router in (
        auth_router,
        users_router,
        properties_router,
        clients_router,
        tenancies_router,
        viewings_router,
        payments_router,
        documents_router,
        health_router,
        trace_router,
    ):
        app.include_router(router)

    original_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _text_fields_not_null(_without_422(original_openapi()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    if not middleware or store is None:
        return app

    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_upload_bytes + BODY_SLACK)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[settings.frontend_origin],
        allow_credentials=True,
        allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "X-Request-ID",
            "Idempotency-Key",
            "If-Match",
        ],
        expose_headers=["X-Request-ID", "Retry-After", "ETag", "WWW-Authenticate"],
        max_age=600,
    )
    app.add_middleware(
        RateLimitMiddleware,
        rules=rate_limit_rules(settings),
        store=store,
        trusted_proxies=settings.trusted_proxies,
        cors_origin=settings.frontend_origin,
    )
    app.state.metrics_registry = instrument(app)
    app.add_middleware(RequestObservabilityMiddleware, trace_store=trace_store)
    return app


def app_from_environment() -> FastAPI:
    """``uvicorn --factory app.main:app_from_environment``: the app, settings from the
    environment (what each worker process builds when serving with several workers)."""
    from app.settings import load_settings

    return create_app(load_settings())


def bare_app_for_load() -> FastAPI:
    """The routes without middleware: scripts/load.py's baseline, never served for real."""
    from app.settings import load_settings

    return create_app(load_settings(), middleware=False)
