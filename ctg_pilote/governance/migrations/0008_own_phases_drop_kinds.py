"""Drop the fixed phase kinds and the key dates' phase codes and done flags (see 0007)."""

import django.db.models.deletion
from django.db import migrations, models

import ctg_pilote.core.fieldvalues
import ctg_pilote.core.validators


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_own_phases_data")]

    operations = [
        migrations.RemoveField(model_name="phase", name="kind"),
        migrations.RemoveField(model_name="keydate", name="phase"),
        migrations.RemoveField(model_name="keydate", name="done"),
        migrations.RenameField(model_name="keydate", old_name="phase_link", new_name="phase"),
        migrations.AddConstraint(
            model_name="phase",
            constraint=models.UniqueConstraint(
                fields=("convention", "ref"),
                name="uniq_phase_ref",
                violation_error_message="Une phase de cette CTG a déjà cette référence.",
            ),
        ),
        migrations.AddConstraint(
            model_name="schemelink",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ref", ""), _negated=True),
                fields=("convention", "ref"),
                name="uniq_scheme_ref",
                violation_error_message="Un dispositif de cette CTG a déjà cette référence.",
            ),
        ),
        migrations.AlterModelOptions(
            name='keydate',
            options={'ordering': ['position', 'id'], 'verbose_name': 'date clé', 'verbose_name_plural': 'dates clés'},
        ),
        migrations.AlterModelOptions(
            name='phase',
            options={'ordering': ['position', 'id'], 'verbose_name': 'phase de la démarche', 'verbose_name_plural': 'phases de la démarche'},
        ),
        migrations.AlterField(
            model_name='instance',
            name='composition',
            field=models.JSONField(blank=True, default=list, help_text='Catégories qui y siègent, en plus des organisations membres : codes (elus, habitants, familles, jeunes, techniciens, partenaires, professionnels, associations) ou texte libre (« partenaires de terrain »).', validators=[ctg_pilote.core.fieldvalues.TextListValidator(max_items=20, max_length=100)], verbose_name='composition'),
        ),
        migrations.AlterField(
            model_name='keydate',
            name='date',
            field=models.DateField(blank=True, null=True, validators=[ctg_pilote.core.validators.DateRangeValidator()], verbose_name='date'),
        ),
        migrations.AlterField(
            model_name='keydate',
            name='phase',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='key_dates', to='governance.phase', verbose_name='phase'),
        ),
        migrations.AlterField(
            model_name='keydate',
            name='status',
            field=models.CharField(blank=True, choices=[('realisee', 'Réalisée'), ('a_faire', 'À faire'), ('annulee', 'Annulée')], help_text="Laissé vide, l'état suit la date : une étape passée est réalisée.", max_length=10, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='phase',
            name='position',
            field=models.PositiveSmallIntegerField(default=0, validators=[ctg_pilote.core.validators.RangeValidator(0, 32767)], verbose_name='ordre'),
        ),
        migrations.AlterField(
            model_name='phase',
            name='ref',
            field=models.SlugField(help_text='Code court, unique dans la CTG : par exemple « diagnostic ».', max_length=60, verbose_name='référence'),
        ),
        migrations.AlterField(
            model_name='phase',
            name='status',
            field=models.CharField(blank=True, choices=[('a_venir', 'À venir'), ('en_cours', 'En cours'), ('realisee', 'Réalisée')], help_text="Laissé vide, l'état suit les dates : une phase passée est réalisée.", max_length=10, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='phase',
            name='title',
            field=models.CharField(help_text='Le nom que lui donne la CTG.', max_length=200, verbose_name='intitulé'),
        ),
        migrations.AlterField(
            model_name='schemelink',
            name='ref',
            field=models.SlugField(blank=True, help_text='Code court, unique dans la CTG : par exemple « cls ».', max_length=60, verbose_name='référence'),
        ),
    ]
