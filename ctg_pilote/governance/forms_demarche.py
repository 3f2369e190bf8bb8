"""Forms of the démarche (phases, key dates) and of the links with other schemes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.versioning import VersionedFormMixin

from .forms import CtgFormMixin
from .models import KeyDate, KeyDateStatus, Phase, PhaseStatus, SchemeLink

AS_WRITTEN = _(
    "Telle que la source l'écrit : 15/06/2025, novembre 2021, 2e trimestre 2024, fin 2023."
)


class SchemeLinkForm(VersionedFormMixin, CtgFormMixin, forms.ModelForm):
    class Meta:
        model = SchemeLink
        fields = [
            "kind",
            "name",
            "ref",
            "relation",
            "scope",
            "level",
            "actions",
            "nodes",
            "note",
            "source",
        ]
        widgets = {
            "scope": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_to(self.instance.convention)
        for name in ("actions", "nodes"):
            self.fields[name].widget.attrs["size"] = 6
            self.fields[name].help_text = _("Ctrl (ou Cmd) + clic pour en choisir plusieurs.")

    def clean_ref(self):
        return unique_ref(
            self, SchemeLink.objects, _("Un autre dispositif de la CTG a déjà cette référence.")
        )


def unique_ref(form, objects, message):
    """The form's `ref`, refused when another object of the same CTG has it."""
    ref = form.cleaned_data.get("ref", "")
    taken = objects.filter(convention=form.instance.convention, ref=ref).exclude(
        pk=form.instance.pk
    )
    if ref and taken.exists():
        raise forms.ValidationError(message)
    return ref


class PhaseForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "title",
            "ref",
            "status",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "note",
            "source",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = _("Nommez la phase.")
        self.fields["ref"].error_messages["required"] = _("Donnez une référence à la phase.")
        self.fields["status"].choices = [("", _("Selon les dates")), *PhaseStatus.choices]
        for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
            self.fields[name].help_text = AS_WRITTEN

    def clean_ref(self):
        return unique_ref(
            self, Phase.objects, _("Une autre phase de la CTG a déjà cette référence.")
        )


class KeyDateForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = KeyDate
        fields = [
            "date",
            "end_date",
            "kind",
            "label",
            "phase",
            "status",
            "note",
            "source",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.filter(
            convention=self.instance.convention
        ).order_by("position", "id")
        self.fields["phase"].empty_label = _("Aucune phase")
        self.fields["status"].choices = [("", _("Selon la date")), *KeyDateStatus.choices]
        self.fields["end_date"].help_text = _("Pour une période. ") + AS_WRITTEN
