from django.db import migrations


def forwards(apps, schema_editor):
    Convention = apps.get_model("conventions", "Convention")
    Organisation = apps.get_model("conventions", "Organisation")
    # "En préparation" was the default every CTG got when nobody said otherwise: it becomes
    # unset, so the status follows the period and the signature. Chosen statuses stay.
    Convention.objects.filter(status="en_preparation").update(status="")
    # A signatory stays one; "not a signatory" meant an organisation of the CTG's network
    # (pilot or partner of actions), not a party of unknown standing.
    Organisation.objects.filter(is_signatory=True).update(quality="signataire")


def backwards(apps, schema_editor):
    Convention = apps.get_model("conventions", "Convention")
    Organisation = apps.get_model("conventions", "Organisation")
    Convention.objects.filter(status="").update(status="en_preparation")
    Organisation.objects.filter(quality="signataire").update(is_signatory=True)


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0006_status_unset_and_organisation_quality"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
