from django.db import migrations


def update_catalogue(apps, schema_editor):
    """Families by number of children, men and women (the catalogue is idempotent)."""
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue

    ensure_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0002_catalogue"),
    ]

    operations = [migrations.RunPython(update_catalogue, migrations.RunPython.noop)]
