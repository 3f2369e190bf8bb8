"""Forms of a meeting's life: held, postponed, cancelled (each carries the version it started
from, so nobody overwrites a change saved in between)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.validators import model_validators
from ctg_pilote.core.versioning import VersionedFormMixin

from .forms import DATETIME, DATETIME_FORMATS
from .models import Meeting


class MeetingHeldForm(VersionedFormMixin, forms.Form):
    """« Marquer tenue »: nothing to fill, only the version the button was shown with."""


class MeetingPostponeForm(VersionedFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Nouvelle date et heure"),
        widget=DATETIME,
        validators=model_validators(Meeting, "starts_at"),
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": _("Indiquez la nouvelle date de la réunion."),
            "invalid": _("Date et heure impossibles : écrivez par exemple 15/12/2026 14:00."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Nouvelle heure de fin"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
        validators=model_validators(Meeting, "ends_at"),
        help_text=_("Laissée vide : la réunion dure autant qu'avant."),
        error_messages={"invalid": _("Heure de fin impossible.")},
    )


class MeetingCancelForm(VersionedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        required=False,
        max_length=Meeting._meta.get_field("cancellation_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Motif de l'annulation trop long : %(limit_value)d caractères au plus.")
        },
    )
