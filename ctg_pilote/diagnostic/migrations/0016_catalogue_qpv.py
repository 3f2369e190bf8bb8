from django.db import migrations


def update_catalogue(apps, schema_editor):
    """The quartiers prioritaires (QPV) indicator (the catalogue is idempotent)."""
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue

    ensure_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0015_offer_place_details"),
    ]

    operations = [migrations.RunPython(update_catalogue, migrations.RunPython.noop)]
