"""Command line: ``python -m app serve | export-openapi [FILE] | create-user``.

``serve`` is what ./serve runs: validate settings (naming every missing variable, no
traceback), migrate the schema to the newest Alembic revision, then run uvicorn in the
foreground with stdout reserved for the JSON request log.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from app.settings import Environment, Settings, SettingsError, load_settings

# uvicorn's own messages are human-readable text on stderr; stdout carries only JSON lines.
UVICORN_LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s uvicorn: %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
    },
}


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        sys.stderr.write(f"error: {error}\n")
        raise SystemExit(2) from None


def prepare(settings: Settings) -> None:
    """Logging, schema and the optional seed user — everything before the first request."""
    from app.auth.service import ensure_seed_user
    from app.core.logging import logger
    from app.db import build_engine, build_sessionmaker, migrate

    logger.configure(settings.log_level.value)
    if len(settings.secret_key) < 32:
        logger.warning("weak_secret_key", detail="SECRET_KEY should be at least 32 characters")
    engine = build_engine(settings.database_url)
    try:
        migrate(engine)
        with build_sessionmaker(engine)() as session:
            ensure_seed_user(
                session,
                settings.seed_user_email,
                settings.seed_user_password,
                settings.seed_user_role,
            )
    finally:
        engine.dispose()


def serve() -> int:
    settings = _settings_or_exit()
    import uvicorn

    from app.main import create_app

    try:
        prepare(settings)
    except Exception as error:
        sys.stderr.write(
            f"error: could not prepare the database: {type(error).__name__}: {error}\n"
        )
        return 2
    from app.core.metrics import multiprocess_directory

    with multiprocess_directory(settings.workers) as metrics_directory:
        if settings.workers > 1 and metrics_directory is not None:
            from app.core.workers import run_workers

            # Each worker process imports the app and builds it from the same environment,
            # PROMETHEUS_MULTIPROC_DIR included.
            config = uvicorn.Config(
                "app.main:app_from_environment",
                factory=True,
                workers=settings.workers,
                **uvicorn_options(settings),
            )
            run_workers(config, metrics_directory)
        else:
            uvicorn.run(create_app(settings), **uvicorn_options(settings))
    return 0


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn trusts X-Forwarded-For/-Proto from 127.0.0.1 by default (and from
    FORWARDED_ALLOW_IPS): it would rewrite the client address before the rate limiter sees it,
    so a rotating header would give every request a fresh budget. It gets TRUSTED_PROXIES
    instead — the same list the rate limiter uses — and no proxy handling at all when empty."""
    return {
        "host": settings.host,
        "port": settings.port,
        "access_log": False,
        "server_header": False,
        "log_config": UVICORN_LOG_CONFIG,
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, built without real configuration or a database."""
    from app.main import create_app

    settings = Settings(
        database_url="sqlite://",
        secret_key="openapi-export-placeholder",  # noqa: S106 - not a secret, never served
        frontend_origin="http://localhost",
        environment=Environment.development,
        redis_url=None,
    )
    return create_app(settings).openapi()


def render_openapi(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_openapi(target: str) -> int:
    text = render_openapi(openapi_document())
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {target}\n")
    return 0


# Variables read outside Settings (by create-user only). They are declared in .env.example too, so
# `crm-devex env-validate --code app` sees every variable the code reads.
CLI_VARIABLES = ("CRM_NEW_USER_PASSWORD",)


def create_user(email: str, full_name: str, role: str, branch: str = "main") -> int:
    from pydantic import ValidationError

    from app.auth.schemas import UserCreate
    from app.auth.service import EmailTakenError
    from app.auth.service import create_user as create
    from app.db import build_engine, build_sessionmaker, migrate

    settings = _settings_or_exit()
    password = os.environ.get("CRM_NEW_USER_PASSWORD") or getpass.getpass("Password: ")
    try:
        data = UserCreate(
            email=email,
            full_name=full_name,
            password=password,
            role=role,  # type: ignore[arg-type]
            branch=branch,
        )
    except ValidationError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    engine = build_engine(settings.database_url)
    try:
        migrate(engine)
        with build_sessionmaker(engine)() as session:
            user = create(session, data)
    except EmailTakenError:
        sys.stderr.write(f"error: a user with e-mail {email} already exists\n")
        return 1
    finally:
        engine.dispose()
    sys.stderr.write(f"created user {user.id} ({user.email}, {user.role}, branch {user.branch})\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the API (what ./serve does)")
    export = commands.add_parser("export-openapi", help="write the OpenAPI document")
    export.add_argument("target", nargs="?", default="-", help="file path, or - for stdout")
    user = commands.add_parser("create-user", help="create a login (password from prompt)")
    user.add_argument("--email", required=True)
    user.add_argument("--full-name", required=True)
    user.add_argument(
        "--role",
        default="lettings_negotiator",
        choices=["property_manager", "branch_manager", "lettings_negotiator"],
    )
    user.add_argument("--branch", default="main", help="branch (office) slug, e.g. dublin-north")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return serve()
    if args.command == "export-openapi":
        return export_openapi(args.target)
    return create_user(args.email, args.full_name, args.role, args.branch)


if __name__ == "__main__":
    raise SystemExit(main())
