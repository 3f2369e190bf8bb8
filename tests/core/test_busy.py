"""Two imports writing at once on a file-based SQLite: the second waits, nothing fails."""

import threading
import time

import pytest
from django.db import connections, transaction

from ctg_pilote.settings.base import SQLITE_OPTIONS


@pytest.fixture
def shared_sqlite(tmp_path, django_db_blocker):
    """An alias `concurrent` on a SQLite file, with `options` (each thread connects on its own);
    the test database is not used."""

    def configure(options):
        connections.settings["concurrent"] = {
            **connections.settings["default"],
            # SQLite whatever the suite runs on: the lock under test is SQLite's.
            "ENGINE": "django.db.backends.sqlite3",
            "HOST": "",
            "PORT": "",
            "USER": "",
            "PASSWORD": "",
            "NAME": str(tmp_path / "partagee.sqlite3"),
            "OPTIONS": {**options, "timeout": 5},
            "TEST": {"NAME": None},
        }
        with connections["concurrent"].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS ligne (n INTEGER)")
        connections["concurrent"].close()

    with django_db_blocker.unblock():
        yield configure
    connections["concurrent"].close()
    del connections["concurrent"]
    del connections.settings["concurrent"]


def _import_at_once(options, shared_sqlite) -> list:
    """Two writers, each reading then writing in one transaction as an import does; the first
    holds its transaction open a moment. Returns the errors met."""
    shared_sqlite(options)
    errors: list = []
    first_began = threading.Event()

    def writer(number: int, hold: float):
        try:
            if number == 2:
                first_began.wait(10)
            with transaction.atomic(using="concurrent"):
                cursor = connections["concurrent"].cursor()
                cursor.execute("SELECT count(*) FROM ligne")
                if number == 1:
                    first_began.set()
                time.sleep(hold)
                cursor.execute("INSERT INTO ligne VALUES (%s)", [number])
        except Exception as error:  # any failure is the answer, and thread 2 must not hang
            errors.append(str(error))
        finally:
            connections["concurrent"].close()

    threads = [threading.Thread(target=writer, args=(n, 0.5 if n == 1 else 0)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_with_the_project_settings_two_writers_wait_for_each_other(shared_sqlite):
    assert _import_at_once(SQLITE_OPTIONS, shared_sqlite) == []
    with connections["concurrent"].cursor() as cursor:
        cursor.execute("SELECT n FROM ligne ORDER BY n")
        assert cursor.fetchall() == [(1,), (2,)]


def test_without_immediate_transactions_the_second_writer_fails(shared_sqlite):
    """What the setting prevents (the "database is locked" reproduction)."""
    deferred = {k: v for k, v in SQLITE_OPTIONS.items() if k != "transaction_mode"}
    assert _import_at_once(deferred, shared_sqlite) == ["database is locked"]
