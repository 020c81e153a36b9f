"""Settings from the environment, validated once at startup (FR-060/061).

Every variable is documented in ``.env.example``; keep the two in step (a test checks it).
"""

from __future__ import annotations

import ipaddress
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REQUIRED_VARIABLES = ("DATABASE_URL", "SECRET_KEY", "FRONTEND_ORIGIN")


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


class Settings(BaseSettings):
    """Typed view of the process environment. Field names map to upper-case variables."""

    model_config = SettingsConfigDict(env_file=None, case_sensitive=False, extra="ignore")

    database_url: str
    secret_key: str
    frontend_origin: str

    environment: Environment = Environment.development
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: LogLevel = LogLevel.INFO

    redis_url: str | None = None
    rate_limit_per_minute: int = Field(default=100, ge=1)
    auth_rate_limit_per_minute: int = Field(default=5, ge=1)
    rate_limit_redis_retry_seconds: int = Field(default=5, ge=0)
    rate_limit_redis_timeout_ms: int = Field(default=250, ge=1)
    trusted_proxies: Annotated[tuple[str, ...], NoDecode] = ()

    access_token_ttl_seconds: int = Field(default=3600, ge=60)
    login_account_failure_limit: int = Field(default=10, ge=1)
    login_account_window_seconds: int = Field(default=900, ge=1)
    password_hash_concurrency: int = Field(default=1, ge=1, le=64)
    metrics_token: str | None = None

    # How long a request waits for a lock someone else holds: SQLite's busy timeout, PostgreSQL's
    # lock_timeout. Then 503 + Retry-After (app/core/outages.py).
    database_busy_timeout_ms: int = Field(default=500, ge=0, le=60_000)
    # PostgreSQL's statement_timeout for the API's connections (0 = none); migrations have none.
    database_statement_timeout_ms: int = Field(default=10_000, ge=0, le=3_600_000)
    health_min_free_bytes: int = Field(default=100 * 1024 * 1024, ge=0)
    seed_user_email: str | None = None
    seed_user_password: str | None = None
    seed_user_role: Literal["property_manager", "branch_manager", "lettings_negotiator"] = (
        "lettings_negotiator"
    )

    upload_dir: str = "uploads"
    max_upload_bytes: int = Field(default=5 * 1024 * 1024, ge=1)

    error_budget_file: str | None = None
    error_budget_max_age_seconds: int = Field(default=3600, ge=1)

    trace_enabled: bool | None = None
    trace_max_requests: int = Field(default=1000, ge=1)

    # uvicorn worker processes; see .env.example for what changes with more than one.
    workers: int = Field(default=1, ge=1, le=16)

    @field_validator("frontend_origin")
    @classmethod
    def _origin_is_scheme_host(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if (
            not (value.startswith("http://") or value.startswith("https://"))
            or "/" in value.split("://", 1)[1]
        ):
            raise ValueError("must be an origin such as https://crm.example.com (no path)")
        return value

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("database_url", "secret_key")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: Any) -> tuple[str, ...]:
        if value is None or value == "":
            return ()
        items = value.split(",") if isinstance(value, str) else list(value)
        proxies = tuple(str(item).strip() for item in items if str(item).strip())
        for proxy in proxies:
            ipaddress.ip_network(proxy, strict=False)  # raises ValueError naming the entry
        return proxies

    @model_validator(mode="after")
    def _workers_share_the_rate_limit(self) -> Settings:
        # Each worker process would keep its own in-memory counters: N workers, N budgets.
        if self.workers > 1 and not self.redis_url:
            raise ValueError("WORKERS above 1 needs REDIS_URL, so the rate limits are shared")
        return self

    @property
    def docs_enabled(self) -> bool:
        """/docs, /redoc and /openapi.json: a development aid only (the spec is committed)."""
        return self.environment == Environment.development

    @property
    def tracing_enabled(self) -> bool:
        if self.trace_enabled is not None:
            return self.trace_enabled
        return self.environment != Environment.production


class SettingsError(Exception):
    """Startup configuration is unusable; the message lists every problem."""


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment, turning validation errors into one clear message."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        missing: list[str] = []
        invalid: list[str] = []
        for item in error.errors():
            if not item["loc"]:  # a rule across variables (model validator)
                invalid.append(str(item["msg"]).removeprefix("Value error, "))
                continue
            name = str(item["loc"][0]).upper()
            if item["type"] == "missing":
                missing.append(name)
            else:
                invalid.append(f"{name}: {item['msg']}")
        lines: list[str] = []
        if missing:
            lines.append("missing required environment variables: " + ", ".join(missing))
        lines.extend(f"invalid environment variable {entry}" for entry in invalid)
        lines.append("see examples/crm/backend/.env.example for what each one means")
        raise SettingsError("\n".join(lines)) from None
