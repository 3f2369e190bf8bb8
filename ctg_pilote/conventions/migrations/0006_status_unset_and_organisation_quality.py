from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0005_versions_for_concurrent_edits"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["name"],
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="members",
            field=models.ManyToManyField(
                blank=True,
                help_text="Pour un groupe d'organisations : les organisations de la CTG qu'il réunit.",
                related_name="groups",
                to="conventions.organisation",
                verbose_name="membres du groupe",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="quality",
            field=models.CharField(
                blank=True,
                choices=[
                    ("signataire", "Signataire"),
                    ("cofinanceur", "Co-financeur"),
                    ("soutien", "Soutien"),
                    ("partenaire_associe", "Partenaire associé"),
                    ("non_precise", "Qualité non précisée"),
                ],
                help_text="Vide : organisation du réseau de la CTG, qui n'est pas partie à la convention.",
                max_length=20,
                verbose_name="qualité dans la convention",
            ),
        ),
        migrations.AlterField(
            model_name="convention",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("en_preparation", "En préparation"),
                    ("signee", "Signée"),
                    ("en_cours", "En cours"),
                    ("en_evaluation", "En évaluation"),
                    ("terminee", "Terminée"),
                ],
                help_text="Laissé vide, il suit la période et la signature : en préparation avant la signature, en cours pendant la période, terminée après.",
                max_length=20,
                verbose_name="statut",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("caf", "CAF"),
                    ("msa", "MSA"),
                    ("epci", "EPCI"),
                    ("commune", "Commune"),
                    ("syndicat", "Syndicat intercommunal"),
                    ("ccas", "CCAS / CIAS"),
                    ("centre_social", "Centre social"),
                    ("evs", "Espace de vie sociale"),
                    ("association", "Association"),
                    ("etat", "État"),
                    ("departement", "Département"),
                    ("region", "Région"),
                    ("education_nationale", "Éducation nationale"),
                    ("emploi_insertion", "Emploi, insertion"),
                    ("bailleur", "Bailleur social"),
                    ("sante", "Santé"),
                    ("culture", "Culture"),
                    ("entreprise", "Entreprise"),
                    ("autre", "Autre"),
                    ("groupe", "Groupe d'organisations"),
                ],
                max_length=30,
                verbose_name="type",
            ),
        ),
    ]
