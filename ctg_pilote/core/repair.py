"""Clearing stored values that break a rule of the models, before a migration adds the
CheckConstraint that keeps them out: numbers beyond the bounds of core.validators (see
docs/securite.md, « Bornes des nombres »), ends before their start."""

from __future__ import annotations

from django.db import migrations

from .validators import RangeValidator


def clear_out_of_bounds(table: str, column: str, validators: list, *, nullable: bool):
    """A migration step: a value outside the bounds (an infinity, NaN, 1e20...) becomes NULL,
    or its row is deleted when the column cannot be empty; the count is printed."""
    (bound,) = [v for v in validators if isinstance(v, RangeValidator)]

    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        where = f"NOT ({quote(column)} BETWEEN %s AND %s)"
        if nullable:
            sql = f"UPDATE {quote(table)} SET {quote(column)} = NULL WHERE {where}"
        else:
            sql = f"DELETE FROM {quote(table)} WHERE {where}"
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql, [bound.minimum, bound.maximum])
            if cursor.rowcount > 0:
                done = "vidée(s)" if nullable else "supprimée(s)"
                print(f"\n  {table}.{column} : {cursor.rowcount} valeur(s) hors limites {done}.")

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=True)


def clear_end_before_start(table: str, start: str, end: str):
    """A migration step: an end before its start (core.validators.ends_before_start) is
    emptied, the start being the date people usually mean; the count is printed."""

    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        sql = f"UPDATE {quote(table)} SET {quote(end)} = NULL WHERE {quote(end)} < {quote(start)}"
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(sql)
            if cursor.rowcount > 0:
                print(f"\n  {table}.{end} : {cursor.rowcount} fin(s) avant le début vidée(s).")

    return migrations.RunPython(run, migrations.RunPython.noop, elidable=True)
