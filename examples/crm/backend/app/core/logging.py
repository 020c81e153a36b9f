"""Structured JSON logging (FR-035..FR-040, FR-047/048).

One JSON object per line on stdout. structlog renders it; if structlog cannot be configured or a
call fails, the same fields go through the standard library's logging instead (edge case
"structured logging library fails"), so errors are never lost.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any, TextIO

from app.core.context import current_state

_LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING}
_LEVELS["ERROR"] = logging.ERROR


class _StdoutWriter:
    """structlog logger that looks ``sys.stdout`` up on every write (so capture works)."""

    def msg(self, message: str) -> None:
        stream: TextIO = sys.stdout
        stream.write(message + "\n")
        stream.flush()

    debug = info = warning = warn = error = critical = exception = msg


def _add_request_context(
    _logger: object, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    state = current_state()
    event_dict.setdefault("request_id", state.request_id if state else None)
    event_dict.setdefault("user_id", state.user_id if state else None)
    return event_dict


def _record_in_trace(
    _logger: object, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    state = current_state()
    if state is not None and state.trace_store is not None:
        entry = {key: value for key, value in event_dict.items() if key != "stack_trace"}
        state.trace_store.add_log(state.request_id, entry)
    return event_dict


def _json_dumps(value: Any, **kwargs: Any) -> str:
    kwargs["default"] = str
    kwargs["ensure_ascii"] = False
    return json.dumps(value, **kwargs)


def utc_timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class _FallbackJsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, Any] = getattr(record, "fields", {})
        payload = {
            "timestamp": utc_timestamp(),
            "level": record.levelname.lower(),
            "event": record.getMessage(),
            "logger": "fallback",
        } | fields
        return _json_dumps(payload)


class _CurrentStdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    @property
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _value: TextIO) -> None:  # StreamHandler.__init__ assigns it
        return


def _build_fallback_logger() -> logging.Logger:
    logger = logging.getLogger("crm.fallback")
    if not logger.handlers:
        handler = _CurrentStdoutHandler()
        handler.setFormatter(_FallbackJsonFormatter())
        logger.addHandler(handler)
    logger.propagate = False
    return logger


class AppLogger:
    """``logger.info("event", key=value)``; never raises."""

    def __init__(self) -> None:
        self._structlog: Any = None
        self._fallback = _build_fallback_logger()
        self._level = logging.INFO

    def configure(self, level: str = "INFO") -> None:
        self._level = _LEVELS.get(level.upper(), logging.INFO)
        self._fallback.setLevel(self._level)
        try:
            import structlog

            structlog.configure(
                processors=[
                    _add_request_context,
                    structlog.processors.add_log_level,
                    structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
                    _record_in_trace,
                    structlog.processors.JSONRenderer(serializer=_json_dumps),
                ],
                wrapper_class=structlog.make_filtering_bound_logger(self._level),
                logger_factory=lambda *_args: _StdoutWriter(),
                cache_logger_on_first_use=False,
            )
            self._structlog = structlog.get_logger()
        except Exception as error:
            self._structlog = None
            self._emit_fallback(
                "WARNING",
                "structlog_unavailable",
                {"error_type": type(error).__name__, "error": str(error)},
            )

    def is_enabled_for(self, level: str) -> bool:
        return _LEVELS[level] >= self._level

    def _emit_fallback(self, level: str, event: str, fields: dict[str, Any]) -> None:
        try:
            if _LEVELS[level] < self._level:
                return
            context: dict[str, Any] = {}
            _add_request_context(None, level, context)
            _record_in_trace(None, level, context | {"event": event} | fields)
            self._fallback.log(_LEVELS[level], event, extra={"fields": context | fields})
        except Exception:
            sys.stderr.write(f"logging failed for event {event!r}\n")

    def _emit(self, level: str, event: str, fields: dict[str, Any]) -> None:
        if self._structlog is not None:
            try:
                getattr(self._structlog, level.lower())(event, **fields)
                return
            except Exception as error:
                fields = fields | {"structlog_error": f"{type(error).__name__}: {error}"}
        self._emit_fallback(level, event, fields)

    def debug(self, event: str, **fields: Any) -> None:
        self._emit("DEBUG", event, fields)

    def info(self, event: str, **fields: Any) -> None:
        self._emit("INFO", event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._emit("WARNING", event, fields)

    def error(self, event: str, **fields: Any) -> None:
        self._emit("ERROR", event, fields)


logger = AppLogger()
