"""Phases and key dates keep their dates as sources write them (core.approxdates): a date
stored with the precision "mois" becomes that month ("2022-01"), "annee" that year; a day
stays a day. The precision columns go (0010). Backwards, the first date's precision is the
row's again (a quarter or a half-year becomes its year)."""

from django.db import migrations, models
from django.db.models import Value

import ctg_pilote.core.approxdates
from ctg_pilote.core.approxdates import ApproximateDate

FIELDS = {
    "phase": ("planned_start", "planned_end", "actual_start", "actual_end"),
    "keydate": ("date", "end_date"),
}


def _approximate(value, precision: str) -> str:
    # Read through the new field: a bare ISO date left by the column change is a day.
    day = value if isinstance(value, ApproximateDate) else ApproximateDate.from_db(str(value))
    if precision == "mois":
        return ApproximateDate(day.year, day.month, 1, "mois").db_value
    if precision == "annee":
        return ApproximateDate(day.year, 1, 1, "annee").db_value
    return day.db_value


def forwards(apps, schema_editor):
    for model_name, names in FIELDS.items():
        model = apps.get_model("governance", model_name)
        for row in model.objects.all().values("pk", "precision", *names):
            values = {n: _approximate(row[n], row["precision"]) for n in names if row[n]}
            if values:
                model.objects.filter(pk=row["pk"]).update(**values)


def backwards(apps, schema_editor):
    for model_name, names in FIELDS.items():
        model = apps.get_model("governance", model_name)
        for row in model.objects.all().values("pk", *names):
            first = next((row[n] for n in names if row[n]), None)
            if first is not None:
                precision = {"jour": "jour", "mois": "mois"}.get(first.precision, "annee")
                model.objects.filter(pk=row["pk"]).update(precision=precision)
            # A bare ISO date, as the date column it goes back to reads it.
            values = {
                n: Value(row[n].start.isoformat(), output_field=models.CharField())
                for n in names
                if row[n]
            }
            if values:
                model.objects.filter(pk=row["pk"]).update(**values)


def _field(name):
    return ctg_pilote.core.approxdates.ApproximateDateField(
        blank=True, null=True, verbose_name=name
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0008_own_phases_drop_kinds")]

    operations = [
        migrations.AlterField("phase", "planned_start", _field("début prévu")),
        migrations.AlterField("phase", "planned_end", _field("fin prévue")),
        migrations.AlterField("phase", "actual_start", _field("début réel")),
        migrations.AlterField("phase", "actual_end", _field("fin réelle")),
        migrations.AlterField("keydate", "date", _field("date")),
        migrations.AlterField("keydate", "end_date", _field("jusqu'au")),
        migrations.RunPython(forwards, backwards),
    ]
