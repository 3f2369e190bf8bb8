"""gunicorn settings for ctg-pilote, read from the environment (see docs/deploiement.md).

.venv/bin/gunicorn -c gunicorn.conf.py    (ctg_pilote/wsgi.py uses the production settings)
"""

import multiprocessing
import os
import sys

from gunicorn import glogging

from ctg_pilote.core.logging import JsonFormatter

wsgi_app = "ctg_pilote.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Brochures and bilans are rendered during the request and take a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, at different times, so a slow leak never grows.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# GUNICORN_PRELOAD=true loads the application once in the master: a recycled worker is then a
# fork, ready at once, but a HUP no longer loads new code (restart instead). Off by default so
# that `systemctl reload` deploys a new version without dropping a request.
preload_app = os.environ.get("GUNICORN_PRELOAD", "").strip().lower() in {
    "1",
    "true",
    "yes",
    "on",
    "oui",
}
# Addresses of the reverse proxies whose X-Forwarded-* headers are trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
OFF = {"0", "false", "no", "off", "non"}
accesslog = None if os.environ.get("GUNICORN_ACCESS_LOG", "").strip().lower() in OFF else "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# No control socket: ctg-pilote does not use gunicornc, and several instances on one machine
# would otherwise share the same socket path.
control_socket_disable = True


def post_worker_init(worker):
    """Once the worker has loaded the application (and every view, through the URLconf), its
    objects live as long as the worker: gc.freeze() takes them out of the collector's sight.
    Otherwise each full collection walks them all, pausing a request for tens of milliseconds
    (measured with the directory's search, bench/bench_directory.py)."""
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the views)
    gc.freeze()


class JsonLogger(glogging.Logger):
    """gunicorn's own messages and access log as JSON lines on stdout, like the application's."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
                if getattr(handler, "stream", None) is sys.stderr:
                    handler.setStream(sys.stdout)

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO")
        self.access_log.info(
            "%s %s %s",
            method,
            path,
            status,
            extra={
                "method": method,
                "path": path,
                "status": int(status),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                # Files sent with sendfile (static files) are not counted in `sent`.
                "bytes": getattr(resp, "sent", None) or getattr(resp, "response_length", None),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
                "user_agent": environ.get("HTTP_USER_AGENT"),
            },
        )


logger_class = JsonLogger
