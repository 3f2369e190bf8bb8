"""Bulk writes of indicator values: plain SQL, no model instance per row.

A new value replaces the old one for the same indicator, commune and year (ON CONFLICT ...
DO UPDATE, understood by SQLite and PostgreSQL). PostgreSQL receives the rows by COPY into a
temporary table; SQLite by executemany. Plain inserts when none of these (indicator, year)
pairs exist yet, which is the first import of a file."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

from .models import Dataset, IndicatorValue, PublishedValue

BATCH_SIZE = 50_000
BIG_BATCH = 100_000  # rows from which SQLite gets a larger page cache
CACHE_KIB = 256 * 1024


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _copy_upsert(rows, *, table: str, columns: list[str], conflict: list[str], update: list[str]):
    """PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE ctg_values_in ON COMMIT DROP AS "
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY ctg_values_in ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in update)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM ctg_values_in "
            f"ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {sets}"
        )
        cursor.execute("DROP TABLE ctg_values_in")


def _executemany(rows, *, table: str, columns: list[str], conflict: list[str], update: list[str]):
    names = ", ".join(columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
    if update:
        sets = ", ".join(f"{c} = excluded.{c}" for c in update)
        sql += f" ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {sets}"
    with connection.cursor() as cursor, _sqlite_cache(cursor, len(rows)):
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


@contextmanager
def _sqlite_cache(cursor, rows: int):
    """A larger page cache on this connection while a big batch is written, then the usual
    one: the indexes' pages (the commune index is written out of order) stay in memory
    instead of being spilled and read again. Nothing else changes (journal, synchronous)."""
    if connection.vendor != "sqlite" or rows < BIG_BATCH:
        yield
        return
    cursor.execute("PRAGMA cache_size")
    usual = cursor.fetchone()[0]
    cursor.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size = {int(usual)}")


def _write(rows, *, model, columns, conflict, update, fresh: bool) -> None:
    table = _table(model)
    if connection.vendor == "postgresql" and rows:
        if fresh:
            with connection.cursor() as cursor:
                names = ", ".join(columns)
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            _copy_upsert(rows, table=table, columns=columns, conflict=conflict, update=update)
        return
    _executemany(
        rows, table=table, columns=columns, conflict=conflict, update=[] if fresh else update
    )


def write_values(rows: list[tuple[int, int, int, float | None]], *, dataset: Dataset) -> None:
    """(indicator id, commune id, year, value) rows into IndicatorValue."""
    pairs = {(r[0], r[2]) for r in rows}
    dataset_id = dataset.pk
    fresh = not any(
        IndicatorValue.objects.filter(indicator_id=i, year=y).exists() for i, y in pairs
    )
    _write(
        # in the order of the unique index: the B-tree grows at its end
        sorted([(i, c, y, v, dataset_id) for i, c, y, v in rows]),
        model=IndicatorValue,
        columns=["indicator_id", "commune_id", "year", "value", "dataset_id"],
        conflict=["indicator_id", "year", "commune_id"],
        update=["value", "dataset_id"],
        fresh=fresh,
    )


def write_published(rows: list[tuple[int, str, str, int, float | None]], *, dataset) -> None:
    """(indicator id, level, code, year, value) rows into PublishedValue."""
    if not rows:
        return
    _write(
        [(i, level, code, y, v, dataset.pk) for i, level, code, y, v in rows],
        model=PublishedValue,
        columns=["indicator_id", "level", "code", "year", "value", "dataset_id"],
        conflict=["indicator_id", "level", "code", "year"],
        update=["value", "dataset_id"],
        fresh=False,
    )
