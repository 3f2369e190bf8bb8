from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0004_offer_public_contact"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("age_min__isnull", True),
                    ("age_max__isnull", True),
                    ("age_min__lte", models.F("age_max")),
                    _connector="OR",
                ),
                name="offer_ages_in_order",
                violation_error_message="L'âge maximum ne peut pas être inférieur à l'âge minimum.",
            ),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.UniqueConstraint(
                fields=("convention", "offer_type", "commune", "name"),
                name="offer_unique_in_commune",
                violation_error_message="La CTG a déjà un équipement ou service de ce type et de ce nom dans cette commune.",
            ),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("commune__isnull", True)),
                fields=("convention", "offer_type", "name"),
                name="offer_unique_without_commune",
                violation_error_message="La CTG a déjà un équipement ou service de ce type et de ce nom sans commune.",
            ),
        ),
    ]
