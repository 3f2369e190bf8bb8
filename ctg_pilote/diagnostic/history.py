"""The history of what the diagnostic's pages change: key figures, findings, values per
commune. Each changed field is one `DiagnosticEdit` row (before and after, as shown)."""

from __future__ import annotations

from django.db import models

from .models import DiagnosticEdit


def _shown(instance, name: str) -> str:
    field = instance._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        if instance.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(instance, name).all()))
    if isinstance(field, models.BooleanField):
        return "oui" if getattr(instance, name) else "non"
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")() or "")
    value = getattr(instance, name)
    return "" if value is None else str(value)


def snapshot(instance, names: list[str]) -> dict[str, str]:
    """The fields as pages show them ({} for an object not saved yet)."""
    if instance is None or instance.pk is None:
        return {}
    fresh = type(instance).objects.get(pk=instance.pk)
    return {name: _shown(fresh, name) for name in names}


def save_form_with_history(form, *, convention, user, kind: str) -> None:
    """Save a versioned model form and record each field it changed."""
    names = [n for n in form.fields if n != "version"]
    before = snapshot(form.instance, names)
    instance = form.save_versioned()
    after = snapshot(instance, names)  # as stored, as the next edit will read it
    label = str(getattr(instance, "label", "") or getattr(instance, "heading", "") or instance)
    record(
        convention=convention,
        user=user,
        kind=kind,
        object_id=instance.pk,
        label=label,
        changes=[
            (str(form.fields[n].label or n), before.get(n, ""), after[n])
            for n in names
            if before.get(n, "") != after[n] and (before or after[n] not in ("", "non"))
        ],
    )


def record(*, convention, user, kind, object_id, label, changes) -> None:
    """changes: (field label, before, after) triples."""
    DiagnosticEdit.objects.bulk_create(
        DiagnosticEdit(
            convention=convention,
            kind=kind,
            object_id=object_id,
            label=label[:300],
            field=field[:100],
            before=before,
            after=after,
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        for field, before, after in changes
    )
