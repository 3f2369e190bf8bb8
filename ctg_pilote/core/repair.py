"""Clearing stored numbers that break the bounds of core.validators, before a migration adds
the CheckConstraint that keeps them out (see docs/securite.md, « Bornes des nombres »)."""

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
