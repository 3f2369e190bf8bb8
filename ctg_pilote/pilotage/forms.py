from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core import validators as bounds
from ctg_pilote.core.versioning import VersionedFormMixin
from ctg_pilote.plan.models import UNKNOWN_STATUS_FILTER, ActionStatus

from .adoption import meetings_for_adoption
from .models import BilanKind, Judgement, ResultEvaluation


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localdate(obj.starts_at)
        return f"{when:%d/%m/%Y} — {obj.instance.kind_display} — {obj.title}"


class AdoptionForm(forms.Form):
    """When the bilan was presented: a meeting of the CTG, or a date."""

    meeting = MeetingChoice(
        label=_("Réunion"),
        queryset=None,
        required=False,
        empty_label=_("— Sans réunion : date ci-dessous —"),
        help_text=_("Les comités de pilotage sont proposés en premier."),
    )
    presented_on = forms.DateField(
        label=_("Date de présentation"),
        required=False,
        validators=bounds.DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Sans réunion choisie ; sinon la date de la réunion est reprise."),
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_for_adoption(convention)

    def clean(self):
        data = super().clean()
        if not data.get("meeting") and not data.get("presented_on") and not self.errors:
            self.add_error(
                "presented_on", _("Choisissez la réunion ou donnez la date de présentation.")
            )
        return data


class BilanChoiceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de bilan"), choices=BilanKind.choices)
    year = forms.TypedChoiceField(label=_("Année"), coerce=int)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(convention.start_year, convention.end_year + 1)
        self.fields["year"].choices = [(y, y) for y in years]


class BilanTextForm(VersionedFormMixin, forms.Form):
    introduction = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    conclusion = forms.CharField(
        label=_("Conclusion et perspectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes = nodes
        for node in nodes:
            for name, label in (
                ("comments", _("Commentaires")),
                ("difficulties", _("Difficultés")),
                ("next_steps", _("Suites à donner")),
            ):
                self.fields[f"n{node.pk}_{name}"] = forms.CharField(
                    label=f"{label} — {node.number}",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                )

    def node_fields(self):
        for node in self.nodes:
            yield (
                node,
                [self[f"n{node.pk}_{n}"] for n in ("comments", "difficulties", "next_steps")],
            )

    def node_texts(self) -> dict[int, dict[str, str]]:
        data = self.cleaned_data
        return {
            node.pk: {
                n: data[f"n{node.pk}_{n}"].strip()
                for n in ("comments", "difficulties", "next_steps")
            }
            for node in self.nodes
        }


class EvaluationForm(VersionedFormMixin, forms.Form):
    judgement = forms.ChoiceField(label=_("Jugement"), choices=Judgement.choices)
    evidence = forms.CharField(
        label=_("Éléments de preuve"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Indicateurs, notes de suivi, résultats d'enquête…"),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicateurs à l'appui"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evaluated_on = forms.DateField(
        label=_("Évalué le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=bounds.model_validators(ResultEvaluation, "evaluated_on"),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = indicators


class ActionListForm(forms.Form):
    # Filters from the query string: bounded, so that a 20-digit id is "no match", not a crash.
    node = forms.IntegerField(required=False, min_value=0, max_value=bounds.INTERNAL_MAX)
    status = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("ouvertes", ""), (UNKNOWN_STATUS_FILTER, ""), *ActionStatus.choices],
    )
    late = forms.ChoiceField(
        required=False, choices=[("", ""), ("echeance", ""), ("sans_suivi", "")]
    )
    funder = forms.IntegerField(required=False, min_value=0, max_value=bounds.INTERNAL_MAX)
    year = forms.IntegerField(required=False, min_value=bounds.YEAR_MIN, max_value=bounds.YEAR_MAX)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher une action"), max_length=200, required=False)
