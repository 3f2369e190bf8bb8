"""Bulk writes of indicator values: plain SQL, no model instance per row.

A new value replaces the old one for the same indicator, commune and year (ON CONFLICT ...
DO UPDATE, understood by SQLite and PostgreSQL). PostgreSQL receives the rows by COPY into a
temporary table; SQLite by executemany of INSERTs of many rows each. Plain inserts when none of these (indicator, year)
pairs exist yet, which is the first import of a file."""

from __future__ import annotations

from contextlib import contextmanager
from itertools import chain
from operator import itemgetter

from django.db import DatabaseError, connection, transaction

from .models import Dataset, IndicatorValue, PublishedValue

BIG_BATCH = 100_000  # rows from which SQLite gets a larger page cache
CACHE_KIB = 256 * 1024
ROWS_PER_STATEMENT = 200  # SQLite: rows of one INSERT's VALUES list


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


def _executemany(rows, *, table, columns: list[str], conflict, update, constant=None):
    """SQLite: many rows per INSERT (a VALUES list of ROWS_PER_STATEMENT rows, the constant
    column given once per statement), run by executemany, so the per-statement costs (the
    AUTOINCREMENT counter rewritten, the deferred keys counted, the statement reset) are
    paid once per batch of rows instead of once per row; the rows go straight into the
    table, without a temporary table to write and read again."""
    if not rows:
        return
    names = ", ".join(columns)
    width = len(columns)
    column, mark, params = (f", {constant[0]}", ", %s", [constant[1]]) if constant else ("", "", [])
    upsert = ""
    if update:
        sets = ", ".join(f"{c} = excluded.{c}" for c in update)
        upsert = f" ON CONFLICT ({', '.join(conflict)}) DO UPDATE SET {sets}"
    one = "(" + ", ".join(["%s"] * width) + ")"
    picked = ", ".join(f"column{k}" for k in range(1, width + 1))
    per, most = ROWS_PER_STATEMENT, connection.features.max_query_params
    if most is not None:
        per = max(1, min(per, (most - len(params)) // width))

    def statement(count: int) -> str:
        # "WHERE true": SQLite's parser needs it between a SELECT and ON CONFLICT
        return (
            f"INSERT INTO {table} ({names}{column}) SELECT {picked}{mark} "
            f"FROM (VALUES {', '.join([one] * count)}) AS staged WHERE true" + upsert
        )

    with connection.cursor() as cursor, _sqlite_cache(cursor, len(rows)):
        flat = list(chain.from_iterable(rows))
        step = per * width
        full = len(flat) // step * step
        if full:
            cursor.executemany(
                statement(per), [[*params, *flat[k : k + step]] for k in range(0, full, step)]
            )
        if full < len(flat):
            cursor.execute(statement((len(flat) - full) // width), [*params, *flat[full:]])


@contextmanager
def _sqlite_cache(cursor, rows: int):
    """A larger page cache on this connection while a big batch is written, then the usual
    one, for the database and for the temporary table the rows go through: the indexes'
    pages (the commune index is written out of order) and the staged rows stay in memory
    instead of being spilled and read again. Nothing else changes (journal, synchronous)."""
    if connection.vendor != "sqlite" or rows < BIG_BATCH:
        yield
        return
    usual = {}
    for schema in ("main", "temp"):
        cursor.execute(f"PRAGMA {schema}.cache_size")
        usual[schema] = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA {schema}.cache_size = {-CACHE_KIB}")
    try:
        yield
    finally:
        for schema, size in usual.items():
            cursor.execute(f"PRAGMA {schema}.cache_size = {size}")


@contextmanager
def _keys_checked_once(model, rows: int):
    """PostgreSQL, a large first write inside a transaction: its foreign keys are dropped and
    added back before the commit, so each is checked by one join over the table instead of
    one trigger per row (COPY into the table with its keys: 20 times slower than without).
    In a savepoint: if the table cannot be altered now, the rows go the usual way."""
    if connection.vendor != "postgresql" or rows < BIG_BATCH or not connection.in_atomic_block:
        yield
        return
    table = _table(model)
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            keys = {n: c for n, c in found.items() if c["foreign_key"]}
            for name in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
    except DatabaseError:
        keys = {}
    yield
    with connection.cursor() as cursor:
        for name, key in keys.items():
            (column,), (target, target_column) = key["columns"], key["foreign_key"]
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} FOREIGN KEY ({quote(column)}) "
                f"REFERENCES {quote(target)} ({quote(target_column)}) DEFERRABLE INITIALLY DEFERRED"
            )


def _write(rows, *, model, columns, conflict, update, fresh: bool, constant=None) -> None:
    """`constant`: (column, value) written in every row, given once rather than in each row."""
    table = _table(model)
    count = len(rows)
    if connection.vendor == "postgresql" and rows:
        if constant:
            rows = ((*row, constant[1]) for row in rows)
            columns = [*columns, constant[0]]
        if fresh:
            with connection.cursor() as cursor, _keys_checked_once(model, count):
                names = ", ".join(columns)
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            _copy_upsert(rows, table=table, columns=columns, conflict=conflict, update=update)
        return
    _executemany(
        rows,
        table=table,
        columns=columns,
        conflict=conflict,
        update=[] if fresh else update,
        constant=constant,
    )


def write_values(
    rows: list[tuple[int, int, int, float | None]], *, dataset: Dataset, ordered: bool = False
) -> None:
    """(indicator id, commune id, year, value) rows into IndicatorValue. `ordered`: the caller
    knows they are already in the order of the unique index (indicator, year, commune)."""
    pairs = set(zip(map(itemgetter(0), rows), map(itemgetter(2), rows), strict=True))
    fresh = not any(
        IndicatorValue.objects.filter(indicator_id=i, year=y).exists() for i, y in pairs
    )
    _write(
        # in the order of the unique index: the B-tree grows at its end
        rows if ordered else sorted(rows, key=itemgetter(0, 2, 1)),
        model=IndicatorValue,
        columns=["indicator_id", "commune_id", "year", "value"],
        conflict=["indicator_id", "year", "commune_id"],
        update=["value", "dataset_id"],
        fresh=fresh,
        constant=("dataset_id", dataset.pk),
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
