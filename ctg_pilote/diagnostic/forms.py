from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.forms import ConventionScopedForm
from ctg_pilote.core.uploads import upload_size
from ctg_pilote.core.validators import COUNT_MAX

from .models import Offer


class SurveyImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de réponses (CSV ou XLSX)"),
        validators=[upload_size],
        help_text=_(
            "Une ligne par répondant, une colonne par question, comme l'exportent les outils "
            "d'enquête. Réponses multiples séparées par « ; »."
        ),
    )
    title = forms.CharField(label=_("Titre de l'enquête"), max_length=200)
    year = forms.IntegerField(label=_("Année"), min_value=1990, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=200)
    families_reached = forms.IntegerField(
        label=_("Familles sollicitées"),
        required=False,
        min_value=1,
        max_value=COUNT_MAX,
        help_text=_("Pour calculer le taux de réponse."),
    )
    fictitious = forms.BooleanField(label=_("Données fictives (démonstration)"), required=False)


class OfferImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier de l'offre (CSV ou XLSX)"),
        validators=[upload_size],
        help_text=_(
            "Une ligne par équipement ou service. Colonnes : type, nom, gestionnaire (référence "
            "d'une organisation), commune (code INSEE ou nom), adresse, latitude, longitude, "
            "places, age_min, age_max, unite_age (ans ou mois), public, horaires, "
            "communes_desservies (séparées par « , »), contact (interne, jamais publié), "
            "telephone_public, courriel_public, site_web_public (publiés dans l'annuaire). "
            "Seuls type et nom sont obligatoires ; une ligne de même type, même nom et même "
            "commune qu'une offre existante est refusée."
        ),
    )
    source = forms.CharField(label=_("Source"), max_length=200)


class OfferForm(ConventionScopedForm):
    """One équipement or service; its rules (ages, duplicates, contact shapes) are the model's."""

    class Meta:
        model = Offer
        fields = [
            "offer_type",
            "name",
            "manager",
            "commune",
            "address",
            "latitude",
            "longitude",
            "places",
            "age_min",
            "age_max",
            "age_unit",
            "public",
            "hours",
            "is_itinerant",
            "communes_served",
            "public_phone",
            "public_email",
            "public_website",
            "contact",
            "source",
            "is_fictitious",
        ]
        widgets = {
            "hours": forms.Textarea(attrs={"rows": 3}),
            "communes_served": forms.CheckboxSelectMultiple,
            "public_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        communes = convention.communes.order_by("name")
        self.fields["commune"].queryset = communes
        self.fields["communes_served"].queryset = communes
        self.fields["manager"].queryset = convention.organisations.all()
