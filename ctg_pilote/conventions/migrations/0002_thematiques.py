"""The usual fields of a CTG (DOMAIN: petite enfance, jeunesse and parentalité are the core)."""

from django.db import migrations

from ctg_pilote.conventions.thematiques import BASE_THEMATIQUES as THEMATIQUES



def create(apps, schema_editor):
    Thematique = apps.get_model("conventions", "Thematique")
    for position, (code, label, is_core) in enumerate(THEMATIQUES, start=1):
        Thematique.objects.update_or_create(
            code=code, defaults={"label": label, "is_core": is_core, "position": position * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("conventions", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
