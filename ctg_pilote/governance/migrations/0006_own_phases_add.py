"""The CTG's own phases, step statuses, instance composition and scheme links (fields added;
0007 fills them from the old ones, 0008 drops the old ones)."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0005_meeting_ends_after_start"),
        ("plan", "0001_initial"),
    ]

    operations = [
        # Phases are unique by ref from now on (0008); the kind goes, with a default so that
        # going back past 0008 can add its column again.
        migrations.RemoveConstraint(model_name="phase", name="uniq_phase_kind"),
        migrations.AlterField(
            model_name="phase",
            name="kind",
            field=models.CharField(default="", max_length=20, verbose_name="phase"),
        ),
        migrations.AddField(
            model_name="phase",
            name="ref",
            field=models.SlugField(default="", max_length=60, verbose_name="référence"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="phase",
            name="position",
            field=models.PositiveSmallIntegerField(
                default=0,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(32767),
                ],
                verbose_name="ordre",
            ),
        ),
        migrations.AddField(
            model_name="phase",
            name="status",
            field=models.CharField(blank=True, max_length=10, verbose_name="état"),
        ),
        migrations.AddField(
            model_name="keydate",
            name="phase_link",
            field=models.ForeignKey(
                null=True,
                blank=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="governance.phase",
            ),
        ),
        migrations.AddField(
            model_name="keydate",
            name="status",
            field=models.CharField(blank=True, max_length=10, verbose_name="état"),
        ),
        migrations.AlterField(
            model_name="keydate",
            name="date",
            field=models.DateField(blank=True, null=True, verbose_name="date"),
        ),
        migrations.AddField(
            model_name="instance",
            name="composition",
            field=models.JSONField(blank=True, default=list, verbose_name="composition"),
        ),
        migrations.AddField(
            model_name="schemelink",
            name="ref",
            field=models.SlugField(blank=True, max_length=60, verbose_name="référence"),
        ),
        migrations.AddField(
            model_name="schemelink",
            name="actions",
            field=models.ManyToManyField(
                blank=True,
                related_name="governance_schemes",
                to="plan.action",
                verbose_name="actions",
            ),
        ),
        migrations.AddField(
            model_name="schemelink",
            name="nodes",
            field=models.ManyToManyField(
                blank=True,
                related_name="governance_schemes",
                to="plan.node",
                verbose_name="éléments du plan",
            ),
        ),
    ]
