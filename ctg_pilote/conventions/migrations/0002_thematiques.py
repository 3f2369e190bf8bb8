"""The usual fields of a CTG (DOMAIN: petite enfance, jeunesse and parentalité are the core)."""

from django.db import migrations

THEMATIQUES = [
    ("petite-enfance", "Petite enfance", True),
    ("enfance", "Enfance", False),
    ("jeunesse", "Jeunesse", True),
    ("parentalite", "Parentalité", True),
    ("animation-vie-sociale", "Animation de la vie sociale", False),
    ("acces-aux-droits", "Accès aux droits", False),
    ("inclusion-numerique", "Inclusion numérique", False),
    ("handicap", "Handicap", False),
    ("logement", "Logement", False),
    ("mobilite", "Mobilité", False),
    ("culture", "Culture", False),
    ("sante", "Santé", False),
    ("bien-vieillir", "Bien vieillir", False),
    ("attractivite", "Attractivité", False),
]


def create(apps, schema_editor):
    Thematique = apps.get_model("conventions", "Thematique")
    for position, (code, label, is_core) in enumerate(THEMATIQUES, start=1):
        Thematique.objects.update_or_create(
            code=code, defaults={"label": label, "is_core": is_core, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("conventions", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
