"""Optimistic concurrency: nobody silently overwrites what someone else saved.

Every object edited through a form or the API carries a `version` (`Versioned`). An edit page
sends back, in a hidden field, the version the editor started from (`VersionedFormMixin`); the
write goes through `save_versioned()` (or `claim()` inside a larger service), which bumps the
version with `UPDATE … WHERE pk = ? AND version = ?`. If that touches no row, someone saved in
between: nothing is written and `StaleEdit` is raised. Pages turn it into the same French
message, with the editor's input kept (`refuse_stale`); the API answers 409 (api/errors.py).

The version is internal: it is neither exported nor imported by the exchange format.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.text import whole_number

STALE_MESSAGE = _(
    "Quelqu'un a enregistré cette fiche entre-temps : elle a été modifiée par quelqu'un d'autre "
    "pendant que vous la modifiiez. Rien n'est écrasé : votre saisie est conservée ci-dessous, "
    "avec la valeur enregistrée entre-temps sous chaque champ qui diffère. Vérifiez, puis "
    "enregistrez à nouveau pour confirmer vos changements."
)
DELETED_MESSAGE = _(
    "Quelqu'un a supprimé cette fiche entre-temps : votre saisie n'a pas été enregistrée."
)
STALE_SHORT_MESSAGE = _(
    "Quelqu'un a enregistré cette fiche entre-temps : votre modification n'est pas enregistrée, "
    "pour ne rien écraser. La page montre ce qui est enregistré maintenant ; refaites votre "
    "modification si elle est toujours utile."
)
SAVED_VALUE = _("Valeur enregistrée entre-temps : « %(value)s ».")
# The largest version the column holds everywhere (a PositiveIntegerField).
MAX_VERSION = 2_147_483_647


class Versioned(models.Model):
    """An object edited by several people: `version` grows at every save (see `claim`)."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Grows at every save; an edit started from an older version is refused.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """A save that did not go through `claim()` (an import, the administration, a service
        that sets one field) moves the version on too, so no page opened before it can
        overwrite it silently."""
        claimed = self.__dict__.pop("_version_claimed", False)
        if kwargs.get("update_fields") is not None:
            if not kwargs["update_fields"]:
                return super().save(*args, **kwargs)
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        if self._state.adding or claimed:
            return super().save(*args, **kwargs)
        with transaction.atomic(using=kwargs.get("using")):
            claim(self, expected_version=None)
            self.__dict__.pop("_version_claimed", None)
            return super().save(*args, **kwargs)


class StaleEdit(Exception):
    """Someone saved (or deleted) the object after this edit was started.

    `current` is the object as saved now (None when deleted), `expected` the version the editor
    started from, `changes` what was changed in between when a history records it (actions).
    """

    def __init__(self, current, *, expected: int | None, changes=()):
        self.current = current
        self.expected = expected
        self.changes = list(changes)
        super().__init__(f"{current!r}: version {expected} is outdated")

    @property
    def action(self):
        """The plan's name for the current object (its history speaks of actions)."""
        return self.current


def claim(instance: Versioned, *, expected_version: int | None) -> None:
    """Take the next version of `instance` if it is still `expected_version`, else StaleEdit.

    Call inside a transaction, before writing the object: the conditional UPDATE locks the row,
    so of two concurrent edits from the same version exactly one gets it. `expected_version`
    None means "whatever the version" (writes that carry none, e.g. an API call without it);
    0 means "the editor saw no object yet" (a page that creates its object on first save).
    """
    model = type(instance)
    if instance._state.adding:
        instance.version = 1
        return
    rows = model._base_manager.filter(pk=instance.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise StaleEdit(
            model._base_manager.filter(pk=instance.pk).first(), expected=expected_version
        )
    instance.version = model._base_manager.values_list("version", flat=True).get(pk=instance.pk)
    instance._version_claimed = True


def save_versioned(
    instance: Versioned, *, expected_version: int | None, update_fields=None
) -> Versioned:
    """Save `instance` unless someone saved it since `expected_version` (StaleEdit)."""
    with transaction.atomic():
        claim(instance, expected_version=expected_version)
        if update_fields is not None and not instance._state.adding:
            instance.save(update_fields=update_fields)
        else:
            instance.save()
    return instance


class VersionedFormMixin:
    """Adds the hidden `version` the editor started from (a ModelForm's instance's, or the
    `version` given in `initial`; 0 for an object not created yet)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(
            label=_("Version de la fiche"),
            widget=forms.HiddenInput,
            required=False,
            min_value=0,
            max_value=MAX_VERSION,
        )
        instance = getattr(self, "instance", None)
        if instance is not None and "version" not in self.initial:
            self.fields["version"].initial = 0 if instance._state.adding else instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def save_versioned(self):
        """ModelForms: save the instance and its many-to-many fields, or StaleEdit."""
        with transaction.atomic():
            instance = self.save(commit=False)
            save_versioned(instance, expected_version=self.expected_version)
            self.save_m2m()
        return instance


def parse_version(text: str) -> int | None:
    """A version sent by a small inline form (no Django form): None if absent or not one."""
    return whole_number(text, maximum=MAX_VERSION)


def _display(field: forms.Field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [getattr(v, "pk", v) for v in value]
        return " ; ".join(str(o) for o in field.queryset.filter(pk__in=pks)) or "—"
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.filter(pk=getattr(value, "pk", value)).first()
        return str(found if found is not None else value)
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): v for k, v in field.choices if not isinstance(v, list | tuple)}
        values = value if isinstance(value, list | tuple) else [value]
        return " ; ".join(str(labels.get(str(v), v)) for v in values)
    if isinstance(value, bool):
        return gettext("oui") if value else gettext("non")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return text if len(text) <= 300 else f"{text[:300]}…"


def refuse_stale(request, form: forms.BaseForm, error: StaleEdit) -> None:
    """Tell the editor their save was refused; keep their input, and under each field that
    differs from what is saved now, show the saved value. The form then carries the current
    version, so saving it again (after reading) is a deliberate choice."""
    if error.current is None:
        messages.error(request, DELETED_MESSAGE)
        form.add_error(None, DELETED_MESSAGE)
        return
    messages.error(request, STALE_MESSAGE)
    for name in form.changed_data:
        field = form.fields[name]
        if name == "version" or field.disabled or field.widget.is_hidden:
            continue
        saved = form.get_initial_for_field(field, name)
        form.add_error(name, SAVED_VALUE % {"value": _display(field, saved)})
    if "version" in form.fields:
        data = form.data.copy()
        data[form.add_prefix("version")] = error.current.version
        form.data = data
    form.stale = error


def save_or_refuse(request, form: forms.BaseForm, write) -> bool:
    """Run `write()` in a transaction; on StaleEdit, refuse it on the form and return False."""
    try:
        with transaction.atomic():
            write()
    except StaleEdit as error:
        refuse_stale(request, form, error)
        return False
    return True
