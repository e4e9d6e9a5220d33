"""JSON log lines, one object per line, for the tandem.* loggers and uvicorn.

Every line carries the id of the request being served (when there is one), so an
operator can follow one request through the access line and anything logged while it
ran. Tracebacks stay in these server-side lines; they never reach a client.
"""

from __future__ import annotations

import json
import logging
import logging.config
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("tandem_request_id", default=None)
"""The id of the request this task (or a worker thread it started) is serving."""

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's coloured duplicate of the message
}


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, extras, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,  # which worker of `tandem serve --workers N`
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stdout is when a record is emitted, not the stream it was
    when logging was configured: a stream replaced and closed since (a test's captured
    output, a redirected console) must not turn every later log line into an error."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)

    @property
    def stream(self) -> Any:
        return sys.stdout

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def log_config(level: str = "INFO") -> dict[str, Any]:
    """A logging.config dictionary; pass it to uvicorn as `log_config` so uvicorn
    does not install its own text format over it."""
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "()": StdoutHandler,
                "formatter": "json",
            }
        },
        "loggers": {
            "tandem": {"handlers": ["stdout"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["stdout"], "level": level, "propagate": False},
            "uvicorn.error": {"level": level, "propagate": True},
            # tandem.access writes the one line per request; uvicorn's would repeat it.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["stdout"], "level": "WARNING"},
    }


def configure_logging(level: str = "INFO") -> None:
    """JSON logs on stdout for tandem.*, uvicorn and any library warning."""
    logging.config.dictConfig(log_config(level))
