"""The precision of phases and key dates now lives in their approximate dates (0009)."""

from django.db import migrations

import ctg_pilote.core.approxdates


class Migration(migrations.Migration):
    dependencies = [("governance", "0009_approximate_dates")]

    operations = [
        migrations.RemoveField(model_name="phase", name="precision"),
        migrations.RemoveField(model_name="keydate", name="precision"),
        migrations.AlterField(
            model_name='keydate',
            name='date',
            field=ctg_pilote.core.approxdates.ApproximateDateField(blank=True, help_text="Telle que la source l'écrit : 05/10/2022, novembre 2021, fin 2023… Vide pour une étape non datée.", null=True, verbose_name='date'),
        ),
    ]
