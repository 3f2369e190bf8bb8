"""Operations tests: real commands and real app servers against the test PostgreSQL database.

They need committed data (transactional tests) and PostgreSQL; on SQLite they are skipped.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import TEST_DEPARTEMENTS

CTG = str(Path(sys.executable).with_name("ctg"))
COMMAND_TIMEOUT = 120

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL requis (pg_dump, plusieurs processus sur une base) : make test-postgres",
)


def database_url(name: str | None = None) -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"


def command_env(database: str | None = None, **extra) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(database),
        DJANGO_SETTINGS_MODULE="ctg_pilote.settings.test",
        PYTHONWARNINGS="ignore",
    )
    env.update(extra)
    return env


def ctg(*args, database: str | None = None, **extra) -> subprocess.CompletedProcess:
    """Run `ctg ARGS` as an operator would, in its own process."""
    return subprocess.run(
        [CTG, *map(str, args)],
        env=command_env(database, **extra),
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo CTGs and accounts, committed so other processes see them."""
    from ctg_pilote.conventions.services import ensure_base_thematiques
    from ctg_pilote.demo.services import ensure_demo_accounts, load_demo_conventions
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue
    from ctg_pilote.territories.importer import load_extract

    # A transactional test empties every table after it runs: put the reference data back.
    load_extract(departements=TEST_DEPARTEMENTS)
    ensure_base_thematiques()
    ensure_catalogue()
    settings.VAR_DIR = tmp_path
    load_demo_conventions()
    return {account.email: account.password for account in ensure_demo_accounts()}


@pytest.fixture
def scratch_databases():
    """Create empty databases on the test server; drop them afterwards."""
    created = []

    def create(suffix: str) -> str:
        name = f"{settings.DATABASES['default']['NAME']}_{suffix}"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return name

    yield create
    with connection.cursor() as cursor:
        for name in created:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
