from django import forms
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.uploads import upload_size


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
            "communes_desservies (séparées par « , »), contact. Seuls type et nom sont obligatoires."
        ),
    )
    source = forms.CharField(label=_("Source"), max_length=200)
