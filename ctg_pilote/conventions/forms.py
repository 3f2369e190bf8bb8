from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core import fieldspec
from ctg_pilote.core.choices import plain_choices
from ctg_pilote.core.images import check_logo, check_logo_size
from ctg_pilote.core.spreadsheets import megabytes
from ctg_pilote.core.text import sort_key, sorted_fr
from ctg_pilote.core.versioning import VersionedFormMixin
from ctg_pilote.territories.models import Epci

from .models import (
    ORGANISATION_FIELDS,
    Contact,
    Convention,
    ConventionStatus,
    LogoType,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationQuality,
    Role,
    Thematique,
    Zone,
    ZoneCommune,
)

YEAR_MIN, YEAR_MAX = 2000, 2100


class PeriodMixin:
    """Clear messages for the period, shared by the creation and edition forms."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error(
                "end_year",
                _("La période se termine en %(end)s, avant de commencer en %(start)s.")
                % {"end": end, "start": start},
            )
        return cleaned


def year_field(label):
    return forms.IntegerField(
        label=label,
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        error_messages={
            "min_value": _("Indiquez une année à partir de %(limit_value)s."),
            "max_value": _("Indiquez une année jusqu'à %(limit_value)s."),
            "invalid": _("Indiquez une année sur quatre chiffres, par exemple 2024."),
        },
    )


class ConventionCreateForm(PeriodMixin, forms.Form):
    epci = forms.CharField(
        label=_("EPCI"),
        help_text=_("Cherchez par nom ou par SIREN, puis choisissez dans la liste."),
        error_messages={"required": _("Choisissez l'EPCI de la CTG dans la liste.")},
    )
    name = forms.CharField(label=_("Nom de la CTG"), max_length=200)
    slug = forms.SlugField(
        label=_("Identifiant"),
        max_length=80,
        required=False,
        help_text=_("Laissez vide pour le déduire du nom. Lettres minuscules, chiffres et tirets."),
    )
    start_year = year_field(_("Première année"))
    end_year = year_field(_("Dernière année"))
    thematiques = forms.ModelMultipleChoiceField(
        label=_("Thématiques"),
        queryset=Thematique.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, vintage=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vintage = vintage
        self.epci_obj = None

    def clean_epci(self):
        value = self.cleaned_data["epci"].strip()
        epci = (
            Epci.objects.filter(vintage=self.vintage, siren=value)
            .select_related("departement", "vintage")
            .first()
        )
        if epci is None:
            raise forms.ValidationError(
                _("EPCI inconnu : aucun EPCI n'a le SIREN « %(siren)s ».") % {"siren": value}
            )
        self.epci_obj = epci
        return epci

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or slugify(self.data.get("name", ""))
        if slug and Convention.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Une CTG porte déjà l'identifiant « %(slug)s ». Choisissez-en un autre.")
                % {"slug": slug}
            )
        return slug


class ConventionForm(VersionedFormMixin, PeriodMixin, forms.ModelForm):
    start_year = year_field(_("Première année"))
    end_year = year_field(_("Dernière année"))

    class Meta:
        model = Convention
        fields = [
            "name",
            "description",
            "status",
            "start_year",
            "end_year",
            "signed_on",
            "thematiques",
        ]
        widgets = {
            "thematiques": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Non renseigné : suit la période et la signature")),
            *ConventionStatus.choices,
        ]


class ConventionScopedForm(VersionedFormMixin, forms.ModelForm):
    """A form for an object of one CTG: checks the (convention, ...) unique constraints too,
    which Django skips by default because `convention` is not a form field; carries the
    version the editor started from."""

    def validate_unique(self):
        exclude = self._get_validation_exclusions() - {"convention"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class ZoneForm(ConventionScopedForm):
    communes = forms.ModelMultipleChoiceField(
        label=_("Communes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une commune ne peut appartenir qu'à une zone d'étude."),
    )

    class Meta:
        model = Zone
        fields = ["name", "position", "note", "reported_population", "reported_population_source"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        communes = self.fields["communes"]
        communes.queryset = convention.communes.all()
        communes.choices = [
            (c.pk, f"{c.name} ({c.code})")
            for c in sorted(communes.queryset, key=lambda c: sort_key(c.name))
        ]
        if self.instance.pk:
            self.fields["communes"].initial = list(
                self.instance.communes.values_list("pk", flat=True)
            )

    def clean_communes(self):
        communes = self.cleaned_data["communes"]
        taken = (
            ZoneCommune.objects.filter(convention=self.instance.convention, commune__in=communes)
            .exclude(zone=self.instance.pk)
            .select_related("commune", "zone")
        )
        errors = [
            _("%(commune)s est déjà dans la zone « %(zone)s ».")
            % {"commune": zc.commune.name, "zone": zc.zone.name}
            for zc in taken
        ]
        if errors:
            raise forms.ValidationError(errors)
        return communes


class OrganisationForm(ConventionScopedForm):
    website = forms.URLField(label=_("Site internet"), required=False, assume_scheme="https")
    logo_file = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("Image PNG ou JPEG d'un Mo au plus, imprimée sur la plaquette et les bilans."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Retirer le logo"), required=False)

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS.form_fields()
        formfield_callback = fieldspec.formfield

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["quality"].choices = [
            ("", _("Aucune : organisation du réseau de la CTG")),
            *OrganisationQuality.choices,
        ]
        if self.instance.logo:  # say what is kept; removing is offered only then
            self.fields["logo_file"].help_text = _(
                "Un logo %(kind)s de %(size)s est enregistré ; un nouveau fichier le remplace "
                "(PNG ou JPEG d'un Mo au plus)."
            ) % {
                "kind": dict(LogoType.choices).get(self.instance.logo_type, ""),
                "size": megabytes(len(self.instance.logo)),
            }
        else:
            del self.fields["remove_logo"]
        members = self.fields["members"]
        members.queryset = convention.organisations.exclude(pk=self.instance.pk)
        members.widget = forms.CheckboxSelectMultiple(
            choices=[(o.pk, str(o)) for o in sorted_fr(members.queryset, key=lambda o: o.name)]
        )
        plain_choices(self)

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        check_logo_size(upload.size, name=_("Le logo"))
        data = upload.read()
        return data, check_logo(data, name=_("Le logo"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("members") and cleaned.get("kind") != OrganisationKind.GROUPE:
            self.add_error(
                "members",
                _("Seul un groupe d'organisations a des membres : choisissez ce type."),
            )
        return cleaned

    def save(self, commit=True):
        if not self.instance.ref:
            base = slugify(self.instance.name)[:55] or "organisation"
            ref, n = base, 2
            siblings = Organisation.objects.filter(convention=self.instance.convention)
            while siblings.filter(ref=ref).exists():
                ref, n = f"{base}-{n}", n + 1
            self.instance.ref = ref
        if logo := self.cleaned_data.get("logo_file"):
            self.instance.logo, self.instance.logo_type = logo
        elif self.cleaned_data.get("remove_logo"):
            self.instance.logo, self.instance.logo_type = None, ""
        return super().save(commit)


class OrganisationDeleteForm(forms.Form):
    """Deleting an organisation: who takes over what only this form can move (its decisions)."""

    replacement = forms.ModelChoiceField(
        label=_("Réattribuer ses décisions à"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— ne pas réattribuer —"),
        help_text=_("Sinon, la suppression est refusée tant qu'elle porte des décisions."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].queryset = Organisation.objects.filter(
            convention_id=organisation.convention_id
        ).exclude(pk=organisation.pk)
        self.fields["replacement"].error_messages["invalid_choice"] = _(
            "Choisissez une autre organisation de cette CTG."
        )


class ContactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["organisation", "function", "first_name", "last_name", "email", "phone"]

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = convention.organisations.all()


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("Adresse électronique"))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        help_text=_("Obligatoire pour un partenaire : les actions de son organisation."),
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.convention = convention
        self.fields["organisation"].queryset = convention.organisations.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.PARTENAIRE and not cleaned.get("organisation"):
            self.add_error(
                "organisation", _("Un partenaire doit être rattaché à une organisation.")
            )
        email = (cleaned.get("email") or "").lower()
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user and Membership.objects.filter(convention=self.convention, user=user).exists():
            self.add_error("email", _("Cette personne a déjà un rôle dans cette CTG."))
        return cleaned
