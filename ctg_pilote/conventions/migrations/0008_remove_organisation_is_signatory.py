from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("conventions", "0007_default_status_unset_signatory_quality"),
    ]

    operations = [
        migrations.RemoveField(model_name="organisation", name="is_signatory"),
    ]
