from django.db import migrations


def load_catalogue(apps, schema_editor):
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue

    ensure_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0001_initial"),
        ("conventions", "0002_thematiques"),
    ]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
