from django.db import migrations
from django.db.models.functions import Substr


def forwards(apps, schema_editor):
    """A signature date stored as a day ("2021-11-15") becomes the approximate date's text
    ("2021-11-15|jour|"), read and written by the field itself."""
    Convention = apps.get_model("conventions", "Convention")
    for pk, signed_on in Convention.objects.exclude(signed_on=None).values_list("pk", "signed_on"):
        Convention.objects.filter(pk=pk).update(signed_on=signed_on)


def backwards(apps, schema_editor):
    """Back to a day: the first day the approximate date covers (the text's first 10 characters)."""
    Convention = apps.get_model("conventions", "Convention")
    Convention.objects.exclude(signed_on=None).update(signed_on=Substr("signed_on", 1, 10))


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0009_signature_date_approximate"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
