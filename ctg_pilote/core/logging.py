"""Structured logs: one JSON object per line, read by the log collector of the hosting platform.

`JsonFormatter` is used by LOGGING in production and by gunicorn (gunicorn.conf.py), so the
application's lines and the access log share the same fields. It must not import Django
models: gunicorn imports it before Django is set up.
"""

import json
import logging
import time
from datetime import UTC, datetime

from django.utils.functional import empty

request_logger = logging.getLogger("ctg_pilote.requests")

# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def user_id(request) -> int | None:
    """The signed-in user's id if the request already looked it up (never queries the database:
    a log line must not fail, or slow down, because the database does)."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    user = getattr(user, "_wrapped", user)
    if user is empty or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


class JsonFormatter(logging.Formatter):
    """timestamp, level, logger, message, the record's extra fields, and the exception text."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_"):
                entry[key] = value
        # django.request records carry the request and its status code.
        request = entry.pop("request", None)
        if request is not None and hasattr(request, "method") and hasattr(request, "path"):
            entry.setdefault("method", request.method)
            entry.setdefault("path", request.path)
            entry.setdefault("user_id", user_id(request))
        if "status_code" in entry:
            entry.setdefault("status", entry.pop("status_code"))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """One line per request handled by Django: method, path, status, duration and user id.

    The query string is left out: searches may hold addresses or names. Successful health
    checks are left out too: load balancers ask every few seconds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - start) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        if response.status_code == 200 and match and match.view_name == "core:health":
            return response
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id(request),
            },
        )
        return response
