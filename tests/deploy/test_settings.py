"""Production settings: configuration from the environment only, `check --deploy` clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ctg_pilote.settings.base import media_storage

# What docs/deploiement.md asks for at the least (the database is not reached by these checks).
DOCUMENTED_ENVIRONMENT = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "ctg.exemple.fr",
    "DATABASE_URL": "postgres://ctg@127.0.0.1:9/ctg",
}


def ctg(*args, **environment) -> subprocess.CompletedProcess:
    """Run `ctg` with the production settings and only the given configuration."""
    # Nothing inherited from the test run (e.g. DJANGO_ALLOW_ASYNC_UNSAFE, set for the browser
    # tests, which check --deploy rightly refuses).
    env = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    env.update(DJANGO_SETTINGS_MODULE="ctg_pilote.settings.prod", **environment)
    script = Path(sys.executable).parent / "ctg"
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_documented_environment():
    result = ctg("check", "--deploy", "--fail-level", "WARNING", **DOCUMENTED_ENVIRONMENT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_its_secrets():
    result = ctg("check")
    assert result.returncode != 0
    assert "Configuration de production incomplète" in result.stderr
    assert "SECRET_KEY manque" in result.stderr
    assert "ALLOWED_HOSTS manque" in result.stderr
    assert "DATABASE_URL manque" in result.stderr


def test_production_refuses_a_weak_key_and_sqlite():
    result = ctg(
        "check",
        SECRET_KEY="django-insecure-changeme",
        ALLOWED_HOSTS="ctg.exemple.fr",
        DATABASE_URL="sqlite:///ctg.sqlite3",
    )
    assert result.returncode != 0
    assert "SECRET_KEY est trop faible" in result.stderr
    assert "DATABASE_URL doit désigner une base PostgreSQL" in result.stderr
    assert "ALLOWED_HOSTS" not in result.stderr


def test_uploads_stay_on_disk_unless_a_bucket_is_configured():
    assert media_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage = media_storage({"S3_BUCKET": "ctg", "S3_REGION": "fr-par"})
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["default_acl"] is None
    assert storage["OPTIONS"]["file_overwrite"] is False


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"S3_ENDPOINT_URL": "https://s3.exemple.fr"}, "S3_ENDPOINT_URL est défini mais S3_BUCKET"),
        ({"S3_BUCKET": "ctg", "S3_ADDRESSING_STYLE": "chemin"}, "S3_ADDRESSING_STYLE vaut"),
    ],
)
def test_an_incomplete_object_store_configuration_is_refused(environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage(environment)
