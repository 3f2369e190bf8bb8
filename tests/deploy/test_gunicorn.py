"""gunicorn started for real with gunicorn.conf.py and the production settings."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

PROJECT_DIR = Path(settings.PROJECT_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers):
    """status, headers and body, without following redirects."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="la production exige PostgreSQL : ce test tourne avec make test-postgres",
)
def test_gunicorn_serves_pages_static_files_and_health_with_json_logs(transactional_db, tmp_path):
    production_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "ctg_cache",
        }
    }
    with override_settings(CACHES=production_cache):
        call_command("createcachetable", verbosity=0)
    manifest = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=manifest, STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)

    database = connection.settings_dict
    port = free_port()
    env = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ctg_pilote.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        STATIC_ROOT=str(tmp_path),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(PROJECT_DIR / "gunicorn.conf.py")],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, body = get(f"{base}/sante/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "gunicorn n'a pas répondu en 60 s"
                time.sleep(0.3)
        assert status == 200, body
        assert json.loads(body)["checks"]["cache"] == {"status": "ok"}

        # Behind the proxy: plain HTTP is sent to HTTPS, except the health checks above.
        status, headers, _body = get(f"{base}/compte/connexion/")
        assert status == 301
        assert headers["Location"] == f"https://127.0.0.1:{port}/compte/connexion/"
        status, headers, page = get(f"{base}/compte/connexion/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        stylesheet = next(
            part.split('"')[0]
            for part in page.decode().split('href="')
            if part.startswith("/static/css/theme.")
        )
        status, headers, _body = get(base + stylesheet, **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert "immutable" in headers["Cache-Control"]
    finally:
        server.terminate()
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            output, _ = server.communicate()

    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {(line["path"], line["status"]) for line in access} >= {
        ("/sante/", 200),
        ("/compte/connexion/", 301),
        ("/compte/connexion/", 200),
        (stylesheet, 200),
    }
    app_lines = [line for line in lines if line["logger"] == "ctg_pilote.requests"]
    assert [(line["path"], line["status"]) for line in app_lines] == [("/compte/connexion/", 200)]
    assert any(line["logger"] == "gunicorn.error" for line in lines)
