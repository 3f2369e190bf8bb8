import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.core import fieldspec
from ctg_pilote.core.choices import plain_choices
from ctg_pilote.core.validators import model_validators
from ctg_pilote.core.versioning import MAX_VERSION, VersionedFormMixin

from .history import check_effective_on
from .models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    CROSS_CUTTING_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    UNKNOWN_STATUS_FILTER,
    Action,
    ActionStatus,
    BudgetLine,
    CrossCuttingIssue,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Milestone,
    Node,
    PartnerRole,
)


class FrenchDecimalField(forms.DecimalField):
    """Accepts what people type in France: "1 500,50" (spaces, no-break spaces, comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value).replace(",", ".")
        return super().to_python(value)


def plain(value):
    """3.00 -> 3 and 1800.50 -> 1800.5, for form initials."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


class NodeForm(VersionedFormMixin, forms.ModelForm):
    """An element of the tree, with the fields `NODE_FIELDS` declares editable."""

    class Meta:
        model = Node
        fields = NODE_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield
        widgets = {"vision": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].queryset = convention.thematiques.all()
        if self.instance.pk:
            # Moving under another element: anywhere but inside its own branch.
            self.fields["parent"] = forms.ModelChoiceField(
                label=_("Placé sous"),
                queryset=Node.objects.filter(convention=convention)
                .exclude(pk__in=Node.objects.branch_of(self.instance))
                .in_tree_order(),
                required=False,
                empty_label=_("(premier niveau)"),
                initial=self.instance.parent_id,
                help_text=_("Le plan est renuméroté après un déplacement."),
            )


def effective_on_field() -> forms.DateField:
    """When a change took effect, if it was before the day it is entered."""
    return forms.DateField(
        label=_("Date d'effet"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Le jour où le changement a eu lieu, s'il est saisi plus tard "
            "(« réalisée le 15/06/2025 »). Vide : aujourd'hui."
        ),
    )


class EffectiveOnMixin:
    """A form with a "Date d'effet": from the year before the CTG's start up to today."""

    def clean_effective_on(self):
        day = self.cleaned_data["effective_on"]
        try:
            check_effective_on(self.convention, day)
        except ValidationError as error:
            raise ValidationError(error.message_dict["effective_on"]) from error
        return day


class ActionForm(EffectiveOnMixin, VersionedFormMixin, forms.ModelForm):
    """The fiche action, with the fields `ACTION_FIELDS` declares editable, in its order.
    `version` says which version the editor started from."""

    class Meta:
        model = Action
        fields = ACTION_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "human_means": forms.Textarea(attrs={"rows": 2}),
            "material_means": forms.Textarea(attrs={"rows": 2}),
            # Searchable in the page (tom-select, plan/action-form.js); a plain list without it.
            "communes": forms.SelectMultiple(
                attrs={
                    "size": 6,
                    "data-search": "communes",
                    "data-placeholder": _("Tapez le nom d'une commune…"),
                    "data-no-results": _("Aucune commune de la CTG ne porte ce nom."),
                }
            ),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["effective_on"] = effective_on_field()
        self.fields["node"].queryset = Node.objects.filter(convention=convention).in_tree_order()
        self.fields["thematiques"].queryset = convention.thematiques.all()
        self.fields["zones"].queryset = convention.zones.all()
        self.fields["communes"].queryset = convention.communes.order_by("name")
        self.fields["pilot"].queryset = convention.organisations.order_by("name")
        plain_choices(self)

    def clean_number(self):
        # Kept as written, even when another action carries it (the plan page says so).
        return self.cleaned_data["number"].strip()


class QuickUpdateForm(EffectiveOnMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_VERSION)
    # Status and progress as the fiche action declares them (choices, bounds, labels).
    status = fieldspec.formfield(Action._meta.get_field("status"))
    progress = fieldspec.formfield(Action._meta.get_field("progress"))
    note = forms.CharField(
        label=_("Note de suivi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui s'est passé depuis la dernière mise à jour."),
    )
    effective_on = effective_on_field()

    def __init__(self, *args, convention=None, indicators=(), year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.indicators = list(indicators)
        for indicator in self.indicators:
            current = next((v for v in indicator.values.all() if v.year == year), None)
            self.fields[f"indicator_{indicator.pk}"] = FrenchDecimalField(
                label=f"{indicator.name} ({year})",
                required=False,
                localize=True,
                validators=model_validators(IndicatorValue, "value"),
                help_text=indicator.unit,
                initial=plain(current.value) if current else None,
            )

    def indicator_fields(self):
        return [self[f"indicator_{i.pk}"] for i in self.indicators]


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    file = forms.FileField(label=_("Fichier"))


class SnapshotForm(forms.Form):
    label = forms.CharField(
        label=_("Libellé"), max_length=200, help_text=_("Par exemple : « Avant le COPIL 2025 ».")
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False)
    thematique = forms.ModelChoiceField(
        label=_("Thématique"),
        queryset=Thematique.objects.none(),
        required=False,
        empty_label=_("Toutes"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[
            ("", _("Tous")),
            *((code or UNKNOWN_STATUS_FILTER, label) for code, label in ActionStatus.choices),
        ],
        required=False,
    )
    pilot = forms.ChoiceField(label=_("Pilote"), required=False)
    priority = forms.ChoiceField(
        label=_("Priorité"),
        choices=[("", _("Toutes")), ("oui", _("Prioritaires")), ("non", _("Non prioritaires"))],
        required=False,
    )
    place = forms.ChoiceField(label=_("Commune ou zone"), required=False)
    year = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, convention, organisations, zones, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematique"].queryset = convention.thematiques.all()
        self.fields["pilot"].choices = [("", _("Tous"))] + [(o.pk, o.name) for o in organisations]
        self.fields["place"].choices = (
            [("", _("Tout le territoire"))]
            + [(f"z{z.pk}", _("Zone : %(name)s") % {"name": z.name}) for z in zones]
            + [(f"c{c.pk}", c.name) for c in communes]
        )
        years = range(convention.start_year, convention.end_year + 1)
        self.fields["year"].choices = [("", _("Toute la période"))] + [(y, y) for y in years]


class LevelsForm(forms.Form):
    """The names of the tree's levels, from the top; an empty name ends the list."""

    def __init__(self, *args, names: list[str], deepest: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.deepest = deepest
        for depth in range(1, 5):
            self.fields[f"level_{depth}"] = forms.CharField(
                label=_("Niveau %(n)s") % {"n": depth},
                max_length=60,
                required=depth == 1 or depth <= deepest,
                initial=names[depth - 1] if depth <= len(names) else "",
                help_text=_("Par exemple : Axe, Enjeu, Objectif stratégique.")
                if depth == 1
                else "",
            )

    def clean(self):
        data = super().clean()
        names = [data.get(f"level_{d}", "") for d in range(1, 5)]
        for depth in range(2, 5):
            if names[depth - 1] and not names[depth - 2]:
                self.add_error(
                    f"level_{depth}",
                    _("Nommez d'abord le niveau %(n)s.") % {"n": depth - 1},
                )
        data["names"] = [n for n in names if n]
        return data


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.years = list(range(convention.start_year, convention.end_year + 1))
        targets = {t.year: t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        self.initial["baseline_value"] = plain(self.instance.baseline_value)
        self.fields["baseline_value"] = FrenchDecimalField(
            label=_("Valeur de départ"),
            required=False,
            localize=True,
            max_digits=14,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        for year in self.years:
            self.fields[f"target_{year}"] = FrenchDecimalField(
                label=_("Cible %(year)s") % {"year": year},
                required=False,
                localize=True,
                validators=model_validators(IndicatorTarget, "value"),
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                initial=plain(targets.get(year)),
            )

    def clean(self):
        data = super().clean()
        if (data.get("baseline_value") is None) != (data.get("baseline_year") is None):
            self.add_error("baseline_year", _("Donnez à la fois la valeur de départ et son année."))
        return data

    def target_fields(self):
        return [self[f"target_{y}"] for y in self.years]

    def targets(self) -> dict[int, object]:
        return {
            y: self.cleaned_data[f"target_{y}"]
            for y in self.years
            if self.cleaned_data.get(f"target_{y}") is not None
        }


class PartnerForm(forms.ModelForm):
    class Meta:
        model = PartnerRole
        fields = ["organisation", "role"]

    def __init__(self, *args, convention=None, **kwargs):
        super().__init__(*args, **kwargs)
        if convention is not None:
            self.fields["organisation"].queryset = convention.organisations.order_by("name")
        plain_choices(self)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "title", "done"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, convention=None, **kwargs):
        super().__init__(*args, **kwargs)
        plain_choices(self)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = BUDGET_LINE_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield

    def __init__(self, *args, convention=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["amount"] = FrenchDecimalField(
            label=_("Montant (€)"),
            localize=True,
            max_digits=12,
            decimal_places=2,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        )
        if convention is not None:
            self.fields["funder"].queryset = convention.organisations.order_by("name")
        plain_choices(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        c = self.convention
        if c and not c.start_year <= year <= c.end_year:
            raise forms.ValidationError(
                _("L'année %(year)s est hors de la période de la CTG (%(period)s).")
                % {"year": year, "period": c.period_label}
            )
        return year

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("Un montant ne peut pas être négatif."))
        return amount


def action_formsets(convention, action, data=None):
    """Partners, milestones and budget lines of an action, edited with it."""
    saved = action.pk is not None
    # Passed to every row, the empty one the page clones included (`empty_form` is built anew
    # at each access: whatever a row needs is set in its form's __init__).
    kwargs = {"form_kwargs": {"convention": convention}}

    def extra(related) -> int:
        # One empty row to start a list; rows are then added in the page (« Ajouter »).
        return 0 if saved and getattr(action, related).exists() else 1

    partners = forms.inlineformset_factory(
        Action, PartnerRole, form=PartnerForm, extra=extra("partner_roles"), can_delete=True
    )(data, instance=action, prefix="partenaires", **kwargs)
    milestones = forms.inlineformset_factory(
        Action, Milestone, form=MilestoneForm, extra=extra("milestones"), can_delete=True
    )(data, instance=action, prefix="jalons", **kwargs)
    budget = forms.inlineformset_factory(
        Action, BudgetLine, form=BudgetLineForm, extra=extra("budget_lines"), can_delete=True
    )(data, instance=action, prefix="budget", **kwargs)
    return {"partners": partners, "milestones": milestones, "budget": budget}


def formset_rows(formset) -> list[dict] | None:
    """The rows an inline formset now holds, as field dicts for `services.update_action`
    (None when nothing changed, so the rows and the history stay as they are)."""
    if not formset.has_changed():
        return None
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and formset._should_delete_form(form):
            continue
        rows.append(
            {
                name: value
                for name, value in form.cleaned_data.items()
                if name not in {formset.fk.name, "id", "DELETE"}
            }
        )
    return rows


class CrossCuttingIssueForm(VersionedFormMixin, forms.ModelForm):
    """An enjeu transversal, with the fields `CROSS_CUTTING_FIELDS` declares editable."""

    class Meta:
        model = CrossCuttingIssue
        fields = CROSS_CUTTING_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "nodes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nodes"].queryset = Node.objects.filter(convention=convention).in_tree_order()
