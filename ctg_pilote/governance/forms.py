"""Forms of the governance pages. Choices are always limited to the CTG's own objects."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Contact, Thematique
from ctg_pilote.core.choices import plain_choices
from ctg_pilote.core.fieldvalues import LinesField, TextListValidator
from ctg_pilote.core.validators import model_validators
from ctg_pilote.core.versioning import VersionedFormMixin
from ctg_pilote.plan.models import Action, Node

from .models import (
    AttendanceStatus,
    CompositionCategory,
    Decision,
    DecisionStatus,
    Instance,
    Meeting,
    Vote,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


def contacts_of(convention):
    return Contact.objects.filter(organisation__convention=convention).select_related(
        "organisation"
    )


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.organisation}"


class CtgFormMixin:
    """Limit organisation, contact, action and node choices to one CTG."""

    def limit_to(self, convention):
        for name, field in self.fields.items():
            if not hasattr(field, "queryset"):
                continue
            model = field.queryset.model
            if model is Contact:
                field.queryset = contacts_of(convention)
            elif model is Action:
                field.queryset = Action.objects.filter(convention=convention).order_by(
                    "node__sort_key", "position"
                )
            elif model is Node:
                field.queryset = Node.objects.filter(convention=convention).order_by("sort_key")
            elif hasattr(model, "convention"):
                field.queryset = field.queryset.filter(convention=convention)
            elif name == "instance":
                field.queryset = Instance.objects.filter(convention=convention)
        plain_choices(self)


class InstanceForm(VersionedFormMixin, CtgFormMixin, forms.ModelForm):
    """`composition` is edited as the listed categories plus free lines, kept in that order."""

    categories = forms.MultipleChoiceField(
        label=_("Catégories qui y siègent"),
        choices=CompositionCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_categories = LinesField(
        label=_("Autres catégories"),
        required=False,
        help_text=_("Une par ligne, dans les mots de la source : « partenaires de terrain »."),
    )

    class Meta:
        model = Instance
        fields = ["name", "kind", "kind_label", "role", "thematiques", "actions", "nodes"]
        widgets = {
            "thematiques": forms.CheckboxSelectMultiple,
            "role": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.instance.convention = convention
        self.fields["thematiques"].queryset = convention.thematiques.all() or (
            Thematique.objects.all()
        )
        self.limit_to(convention)
        for name in ("actions", "nodes"):
            self.fields[name].widget.attrs["size"] = 6
        composition = self.instance.composition or []
        self.initial.setdefault(
            "categories", [c for c in composition if c in CompositionCategory.values]
        )
        self.initial.setdefault(
            "other_categories", [c for c in composition if c not in CompositionCategory.values]
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "autre" and not cleaned.get("kind_label"):
            self.add_error("kind_label", _("Nommez ce type d'instance."))
        codes = [c for c in CompositionCategory.values if c in cleaned.get("categories", [])]
        others = [c for c in cleaned.get("other_categories", []) if c not in codes]
        composition = list(dict.fromkeys(codes + others))
        try:
            TextListValidator(max_items=20, max_length=100)(composition)
        except forms.ValidationError as error:
            self.add_error("other_categories", error)
        cleaned["composition"] = composition
        return cleaned


class InstanceMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        error_messages={"required": _("Choisissez l'organisation qui siège.")},
    )
    contact = ContactChoiceField(
        label=_("Personne"), queryset=None, required=False, help_text=_("Facultatif.")
    )
    role = forms.CharField(label=_("Rôle dans l'instance"), max_length=150, required=False)

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = convention.organisations.all()
        self.fields["contact"].queryset = contacts_of(convention)

    def clean(self):
        cleaned = super().clean()
        org, contact = cleaned.get("organisation"), cleaned.get("contact")
        if org and contact and contact.organisation_id != org.pk:
            self.add_error(
                "contact", _("Cette personne n'appartient pas à l'organisation choisie.")
            )
        return cleaned


class MeetingForm(VersionedFormMixin, CtgFormMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        error_messages={
            "required": _("La date de la réunion est obligatoire."),
            "invalid": _("Date et heure impossibles : écrivez par exemple 05/10/2022 14:00."),
        },
    )
    ends_at = forms.DateTimeField(
        label=_("Fin"),
        widget=DATETIME,
        input_formats=DATETIME_FORMATS,
        required=False,
        error_messages={"invalid": _("Heure de fin impossible.")},
    )

    class Meta:
        model = Meeting
        fields = ["instance", "title", "starts_at", "ends_at", "place", "video_url", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 4})}
        labels = {"instance": _("Instance")}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instance"].queryset = Instance.objects.filter(convention=convention)
        self.fields["instance"].error_messages["required"] = _(
            "Choisissez l'instance qui se réunit."
        )
        plain_choices(self)


class MinutesForm(VersionedFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Texte mis en forme (HTML) : titres, listes, gras, liens et tableaux sont gardés, "
            "le reste (scripts, styles) est retiré."
        ),
    )


class MeetingDocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"), max_length=200, error_messages={"required": _("Donnez un titre.")}
    )
    url = forms.URLField(
        label=_("Adresse du document"),
        max_length=200,
        help_text=_("Lien vers le document (espace partagé, site de la collectivité…)."),
        error_messages={
            "required": _("Indiquez l'adresse du document."),
            "invalid": _("Adresse impossible : elle commence par https://"),
        },
    )


class InvitationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        error_messages={"required": _("Choisissez l'organisation à inviter.")},
    )
    contact = ContactChoiceField(
        label=_("Personne"),
        queryset=None,
        required=False,
        help_text=_("Facultatif : une personne reçoit l'invitation par courriel."),
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = convention.organisations.all()
        self.fields["contact"].queryset = contacts_of(convention)

    def clean(self):
        cleaned = super().clean()
        org, contact = cleaned.get("organisation"), cleaned.get("contact")
        if org and contact and contact.organisation_id != org.pk:
            self.add_error(
                "contact", _("Cette personne n'appartient pas à l'organisation choisie.")
            )
        return cleaned


class AttendanceForm(InvitationForm):
    attendance = forms.ChoiceField(label=_("Présence"), choices=AttendanceStatus.choices)
    represented_by = forms.CharField(
        label=_("Représenté·e par"),
        max_length=200,
        required=False,
        help_text=_("Seulement si la personne ou l'organisation s'est fait représenter."),
    )


class DecisionForm(CtgFormMixin, forms.ModelForm):
    owner_contact = ContactChoiceField(
        label=_("Responsable (personne)"), queryset=Contact.objects.none(), required=False
    )

    class Meta:
        model = Decision
        fields = ["text", "owner_organisation", "owner_contact", "due_on", "actions", "nodes"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DATE}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Écrivez la décision.")
        self.fields["owner_organisation"].queryset = convention.organisations.all()
        self.limit_to(convention)
        self.fields["due_on"].error_messages["invalid"] = _(
            "Échéance impossible : écrivez une date, par exemple 30/06/2025."
        )

    def clean(self):
        cleaned = super().clean()
        org, contact = cleaned.get("owner_organisation"), cleaned.get("owner_contact")
        if not org and not contact:
            self.add_error(
                "owner_organisation",
                _(
                    "Une décision doit avoir un responsable : choisissez une organisation "
                    "ou une personne."
                ),
            )
        elif org and contact and contact.organisation_id != org.pk:
            self.add_error(
                "owner_contact", _("Cette personne n'appartient pas à l'organisation choisie.")
            )
        return cleaned


class DecisionFollowForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Suivi"), choices=DecisionStatus.choices)
    done_on = forms.DateField(
        label=_("Faite le"),
        required=False,
        widget=DATE,
        validators=model_validators(Decision, "done_on"),
        error_messages={"invalid": _("Date impossible.")},
    )


class PartnerProfileForm(VersionedFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Activité"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    thematiques = forms.ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Thematique.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes desservies"), queryset=None, required=False
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = convention.communes.order_by("name")
        if convention.thematiques.exists():
            self.fields["thematiques"].queryset = convention.thematiques.all()
        self.fields["communes"].widget.attrs["size"] = 8


class VoteForm(forms.Form):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    points = forms.IntegerField(
        label=_("Points par participant"),
        min_value=1,
        max_value=100,
        initial=10,
        error_messages={"min_value": _("Chaque participant doit disposer d'au moins 1 point.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Clôture prévue"),
        widget=DATETIME,
        validators=model_validators(Vote, "closes_at"),
        input_formats=DATETIME_FORMATS,
        required=False,
        help_text=_("Facultatif : sinon, clôturez le vote à la main."),
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Actions à départager"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins deux actions à départager.")},
    )
    meeting = forms.ModelChoiceField(
        label=_("Réunion"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = Action.objects.filter(convention=convention).order_by(
            "node__sort_key", "position"
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(convention=convention)

    def clean_actions(self):
        actions = self.cleaned_data["actions"]
        if len(actions) < 2:
            raise forms.ValidationError(_("Choisissez au moins deux actions à départager."))
        return actions


class IssueBallotsForm(forms.Form):
    count = forms.IntegerField(
        label=_("Nombre de bulletins"), min_value=0, max_value=500, initial=10, required=False
    )
    participants = forms.CharField(
        label=_("Noms des participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif : un nom par ligne, pour savoir qui a voté."),
    )

    def clean(self):
        cleaned = super().clean()
        names = [n.strip() for n in cleaned.get("participants", "").splitlines() if n.strip()]
        cleaned["names"] = names
        if not names and not cleaned.get("count"):
            self.add_error("count", _("Indiquez un nombre de bulletins ou des noms."))
        return cleaned


class BallotForm(forms.Form):
    """One number field per candidate action."""

    def __init__(self, *args, vote, **kwargs):
        super().__init__(*args, **kwargs)
        self.vote = vote
        for candidate in vote.candidates.select_related("action"):
            self.fields[f"c{candidate.pk}"] = forms.IntegerField(
                label=str(candidate.action),
                min_value=0,
                max_value=vote.points,
                initial=0,
                required=False,
                error_messages={
                    "min_value": _("Les points ne peuvent pas être négatifs."),
                    "max_value": _("Au plus %(limit_value)s points."),
                    "invalid": _("Écrivez un nombre entier de points."),
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def points(self) -> dict[int, int]:
        return {int(name[1:]): value or 0 for name, value in self.cleaned_data.items()}


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code du bulletin"),
        max_length=16,
        error_messages={"required": _("Écrivez le code reçu.")},
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper().replace(" ", "")


class PersonForm(forms.Form):
    contact = ContactChoiceField(
        label=_("Personne"),
        queryset=None,
        error_messages={"required": _("Choisissez la personne concernée.")},
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts_of(convention)
