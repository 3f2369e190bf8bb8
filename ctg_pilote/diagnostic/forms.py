from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.forms import ConventionScopedForm
from ctg_pilote.conventions.models import Thematique
from ctg_pilote.core.uploads import upload_size
from ctg_pilote.core.validators import COUNT_MAX
from ctg_pilote.core.versioning import VersionedFormMixin

from .models import KeyFigure, Offer, Survey, SynthesisBlock, SynthesisItem


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
            "telephone_public, courriel_public, site_web_public (publiés dans l'annuaire), "
            "horaires_osm (format OpenStreetMap), tarifs, modalites_acces, accessibilite_lieu "
            "(lien Acceslibre), date_maj (JJ/MM/AAAA). "
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
            "opening_hours",
            "fees",
            "access",
            "accessibility_url",
            "information_date",
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
            "information_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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


class KeyFigureForm(ConventionScopedForm):
    """A key figure in the words of its source; its rules (value or text, range, period,
    one scope) are the model's."""

    class Meta:
        model = KeyFigure
        fields = [
            "label",
            "code",
            "text",
            "qualifier",
            "value",
            "value_max",
            "unit",
            "thematique",
            "zone",
            "commune",
            "equipment",
            "perimeter",
            "year",
            "period_start",
            "period_end",
            "source",
            "note",
            "group",
            "is_fictitious",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["zone"].queryset = convention.zones.all()
        self.fields["commune"].queryset = convention.communes.order_by("name")
        self.fields["thematique"].queryset = Thematique.objects.order_by("position", "label")
        self.fields["code"].required = False
        self.fields["code"].help_text = _(
            "Identifiant court cité par les synthèses ; déduit du libellé si vide."
        )

    def clean_code(self):
        return (
            self.cleaned_data.get("code") or slugify(self.data.get("label", ""))[:60] or "chiffre"
        )


class SynthesisBlockForm(ConventionScopedForm):
    class Meta:
        model = SynthesisBlock
        fields = ["title", "thematique", "is_published"]

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
        self.fields["thematique"].queryset = Thematique.objects.order_by("position", "label")


class SynthesisItemForm(VersionedFormMixin, forms.ModelForm):
    """A statement: its kind may stay empty (a neutral statement)."""

    class Meta:
        model = SynthesisItem
        fields = [
            "heading",
            "kind",
            "text",
            "key_figures",
            "surveys",
            "plan_nodes",
            "is_fictitious",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "key_figures": forms.CheckboxSelectMultiple,
            "surveys": forms.CheckboxSelectMultiple,
            "plan_nodes": forms.CheckboxSelectMultiple,
        }
        labels = {"key_figures": _("Chiffres clés cités"), "surveys": _("Enquêtes citées")}

    def __init__(self, *args, block, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.block = block
        convention = block.convention
        self.fields["kind"].help_text = _("Facultatif : sans nature, l'élément n'a pas de badge.")
        self.fields["key_figures"].queryset = convention.key_figures.select_related(
            "zone", "commune"
        )
        self.fields["surveys"].queryset = convention.surveys.all()
        # The plan's nodes, reached through the field: the diagnostic does not import the plan.
        nodes = SynthesisItem._meta.get_field("plan_nodes").related_model.objects
        self.fields["plan_nodes"].queryset = nodes.filter(convention=convention).order_by(
            "sort_key"
        )


class SurveyForm(ConventionScopedForm):
    """A survey as a document describes it, with or without raw answers: its totals give the
    response rate."""

    class Meta:
        model = Survey
        fields = [
            "title",
            "year",
            "period_start",
            "period_end",
            "audience",
            "families_reached",
            "responses_received",
            "responses_qualifier",
            "method",
            "source",
            "description",
            "is_fictitious",
        ]
        widgets = {
            "method": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.convention = convention
