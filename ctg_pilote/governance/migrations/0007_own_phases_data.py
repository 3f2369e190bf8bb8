"""Fill the new fields from the old ones: a phase kind becomes its ref (and its title when it
had none), in the six steps' order; a key date's phase code becomes a link to that phase
(created when only the key date named it); "réalisée" becomes the status `realisee`, and a
step not marked done gets no status (it follows its date, where it used to show "en retard").
Going back is refused while a key date has no date: the old columns need one."""

from django.db import migrations

CNAF = [
    ("engagement", "Engagement"),
    ("diagnostic", "Diagnostic partagé"),
    ("enjeux", "Enjeux"),
    ("plan_action", "Plan d'action"),
    ("realisation", "Réalisation"),
    ("evaluation", "Évaluation"),
]
ORDER = {code: i for i, (code, _label) in enumerate(CNAF)}
LABELS = dict(CNAF)


def forwards(apps, schema_editor):
    Phase = apps.get_model("governance", "Phase")
    KeyDate = apps.get_model("governance", "KeyDate")
    for phase in Phase.objects.all():
        phase.ref = phase.kind
        phase.title = phase.title or LABELS.get(phase.kind, phase.kind)
        phase.position = ORDER.get(phase.kind, len(CNAF))
        phase.save(update_fields=["ref", "title", "position"])
    for key_date in KeyDate.objects.all():
        if key_date.phase:
            key_date.phase_link, _created = Phase.objects.get_or_create(
                convention_id=key_date.convention_id,
                ref=key_date.phase,
                defaults={
                    "kind": key_date.phase,
                    "title": LABELS.get(key_date.phase, key_date.phase),
                    "position": ORDER.get(key_date.phase, len(CNAF)),
                },
            )
        key_date.status = "realisee" if key_date.done else ""
        key_date.save(update_fields=["phase_link", "status"])


def backwards(apps, schema_editor):
    Phase = apps.get_model("governance", "Phase")
    for phase in Phase.objects.all():
        phase.kind = phase.ref[:20]
        phase.save(update_fields=["kind"])
    KeyDate = apps.get_model("governance", "KeyDate")
    for key_date in KeyDate.objects.select_related("phase_link"):
        key_date.phase = key_date.phase_link.ref if key_date.phase_link else ""
        key_date.done = key_date.status == "realisee"
        key_date.save(update_fields=["phase", "done"])


class Migration(migrations.Migration):
    dependencies = [("governance", "0006_own_phases_add")]

    operations = [migrations.RunPython(forwards, backwards)]
