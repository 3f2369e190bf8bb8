"""The diagnostic as the API shows it: indicator catalogue, values per commune, aggregates and
the offer inventory. Keys follow the exchange format (docs/format-echange-diagnostic.md)."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ctg_pilote.core.fieldspec import Exposed
from ctg_pilote.core.validators import range_kwargs
from ctg_pilote.diagnostic.models import (
    AgeUnit,
    AggregationRule,
    Indicator,
    IndicatorUnit,
    IndicatorValue,
    Offer,
    OfferCategory,
    OfferType,
)

from ..derived import api_field
from .versioning import VersionedSerializerMixin, version_field


def answer_serializer(serializer_class):
    """The same serializer, for the OpenAPI description of answers: every key is always
    present in an answer, even those a request may leave out."""

    class Answer(serializer_class):
        def get_fields(self):
            fields = super().get_fields()
            for field in fields.values():
                if not field.read_only:
                    field.required = True
            return fields

    Answer.__name__ = Answer.__qualname__ = serializer_class.__name__.replace(
        "Serializer", "AnswerSerializer"
    )
    return Answer


# ---- indicators ----------------------------------------------------------------------------


class DiagnosticIndicatorSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    libelle = serializers.CharField(source="label", read_only=True)
    unite = serializers.ChoiceField(source="unit", choices=IndicatorUnit.choices, read_only=True)
    thematique = serializers.CharField(
        source="thematique.code", read_only=True, allow_null=True, default=None
    )
    source = serializers.CharField(read_only=True, help_text=_("Source habituelle des valeurs."))
    definition = serializers.CharField(read_only=True)
    regle = serializers.ChoiceField(
        source="rule",
        choices=AggregationRule.choices,
        read_only=True,
        help_text=_("Règle d'agrégation des valeurs communales."),
    )
    numerateurs = serializers.SerializerMethodField(
        help_text=_("Pour un rapport : codes des indicateurs sommés au numérateur.")
    )
    denominateur = serializers.CharField(
        source="denominator.code", read_only=True, allow_null=True, default=None
    )
    facteur = serializers.IntegerField(source="factor", read_only=True)
    ponderation = serializers.CharField(
        source="weight.code",
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("Pour une moyenne pondérée : code de l'indicateur de pondération."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "libelle",
            "unite",
            "thematique",
            "source",
            "definition",
            "regle",
            "numerateurs",
            "denominateur",
            "facteur",
            "ponderation",
        ]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_numerateurs(self, indicator) -> list[str]:
        return [n.code for n in indicator.numerators.all()]


class DiagnosticIndicatorValueSerializer(serializers.ModelSerializer):
    indicateur = serializers.CharField(source="indicator.code", read_only=True)
    commune = serializers.CharField(
        source="commune.code", read_only=True, help_text=_("Code INSEE.")
    )
    commune_nom = serializers.CharField(source="commune.name", read_only=True)
    annee = serializers.IntegerField(source="year", read_only=True)
    valeur = serializers.FloatField(
        source="value",
        read_only=True,
        allow_null=True,
        help_text=_("Vide (null) quand la source ne diffuse pas la valeur : jamais zéro."),
    )
    non_diffuse = serializers.SerializerMethodField(
        help_text=_("Vrai quand la source ne publie pas la valeur (secret statistique).")
    )
    source = serializers.CharField(source="dataset.source", read_only=True)
    millesime_source = serializers.CharField(
        source="dataset.vintage", read_only=True, help_text=_("Ex. RP 2021, données 2023.")
    )
    fictif = serializers.BooleanField(source="dataset.is_fictitious", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicateur",
            "commune",
            "commune_nom",
            "annee",
            "valeur",
            "non_diffuse",
            "source",
            "millesime_source",
            "fictif",
        ]

    def get_non_diffuse(self, value) -> bool:
        return value.value is None


class DiagnosticIndicatorRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField(source="label")
    unite = serializers.ChoiceField(source="unit", choices=IndicatorUnit.choices)
    regle = serializers.ChoiceField(source="rule", choices=AggregationRule.choices)


AREA_KINDS = ["zone", "territoire", "departement", "france"]


class DiagnosticAreaAggregateSerializer(serializers.Serializer):
    """One column of the comparison: a zone d'étude, the territory, the département, France."""

    cle = serializers.CharField(help_text=_("« zone-<id> », « territoire », « departement »…"))
    type = serializers.ChoiceField(choices=AREA_KINDS)
    nom = serializers.CharField()
    valeur = serializers.FloatField(allow_null=True)
    communes_couvertes = serializers.IntegerField(
        help_text=_("Communes ayant une valeur (ou toutes les parties d'un rapport).")
    )
    communes_attendues = serializers.IntegerField()
    partiel = serializers.BooleanField(
        help_text=_("Vrai quand des communes du périmètre n'ont pas de valeur.")
    )
    denominateur_nul = serializers.BooleanField()


class DiagnosticAggregatesSerializer(serializers.Serializer):
    indicateur = DiagnosticIndicatorRefSerializer()
    annee = serializers.IntegerField(
        allow_null=True, help_text=_("Année calculée ; vide si aucune valeur.")
    )
    source = serializers.CharField()
    fictif = serializers.BooleanField()
    perimetres = DiagnosticAreaAggregateSerializer(many=True)


# ---- offer -----------------------------------------------------------------------------------


class ConventionSlugField(serializers.SlugRelatedField):
    """A reference resolved among the objects of the CTG of the request only."""

    def __init__(self, *, scope, not_found, **kwargs):
        self.scope = scope
        kwargs.setdefault("error_messages", {})["does_not_exist"] = not_found
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.scope(self.context["convention"])


def _communes(convention):
    return convention.communes.all()


def _organisations(convention):
    return convention.organisations.all()


def commune_field(**kwargs):
    return ConventionSlugField(
        slug_field="code",
        scope=_communes,
        not_found=_("« {value} » n'est pas le code INSEE d'une commune de la CTG."),
        **kwargs,
    )


# What a family needs to find and reach a place, as the directory shows it: API fields derived
# from the model fields (type, length, optional) under the exchange names (Offer.OUTSIDE_NAMES);
# the model's own validators (opening-hours syntax, web address, date bounds) run in validate().
PLACE_FIELDS = {
    name: Offer.OUTSIDE_NAMES[name]
    for name in ("opening_hours", "fees", "access", "accessibility_url", "information_date")
}
PLACE_HELP = {
    "opening_hours": _("Horaires au format OpenStreetMap, par exemple « Mo-Fr 08:30-12:00 »."),
    "fees": _("Ce que la famille paie, dit par le service."),
    "access": _("Modalités d'accès : inscription, rendez-vous, accueil libre…"),
    "accessibility_url": _("Lien vers la fiche Acceslibre du lieu."),
    "information_date": _("Date de la dernière vérification des informations publiées."),
}


def _not_a_relation(exposed, field, kwargs):
    raise TypeError(f"{exposed.name} is a relation")


OfferPlaceFields = type(
    "OfferPlaceFields",
    (serializers.Serializer,),
    {
        key: api_field(
            Offer._meta.get_field(name),
            Exposed(name=name, key=key, description=PLACE_HELP[name]),
            _not_a_relation,
        )
        for name, key in PLACE_FIELDS.items()
    },
)


class DiagnosticOfferSerializer(
    VersionedSerializerMixin, OfferPlaceFields, serializers.ModelSerializer
):
    id = serializers.IntegerField(read_only=True)
    type = serializers.SlugRelatedField(
        source="offer_type",
        slug_field="code",
        queryset=OfferType.objects.all(),
        error_messages={
            "does_not_exist": _(
                "Type d'offre « {value} » inconnu : voir la typologie de l'offre "
                "(docs/format-echange-diagnostic.md)."
            )
        },
    )
    categorie = serializers.ChoiceField(
        source="offer_type.category", choices=OfferCategory.choices, read_only=True
    )
    nom = serializers.CharField(source="name", max_length=200)
    gestionnaire = ConventionSlugField(
        source="manager",
        slug_field="ref",
        scope=_organisations,
        not_found=_("Aucune organisation de la CTG n'a la référence « {value} »."),
        allow_null=True,
        required=False,
        help_text=_("Référence (ref) d'une organisation de la CTG."),
    )
    commune = commune_field(allow_null=True, required=False, help_text=_("Code INSEE."))
    adresse = serializers.CharField(
        source="address", max_length=250, allow_blank=True, required=False
    )
    latitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        coerce_to_string=False,
        allow_null=True,
        required=False,
    )
    longitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        coerce_to_string=False,
        allow_null=True,
        required=False,
    )
    places = serializers.IntegerField(
        allow_null=True, required=False, **range_kwargs(Offer, "places")
    )
    age_min = serializers.IntegerField(
        allow_null=True, required=False, **range_kwargs(Offer, "age_min")
    )
    age_max = serializers.IntegerField(
        allow_null=True, required=False, **range_kwargs(Offer, "age_max")
    )
    unite_age = serializers.ChoiceField(source="age_unit", choices=AgeUnit.choices, required=False)
    public = serializers.CharField(max_length=250, allow_blank=True, required=False)
    horaires = serializers.CharField(source="hours", allow_blank=True, required=False)
    itinerant = serializers.BooleanField(source="is_itinerant", required=False)
    communes_desservies = commune_field(
        source="communes_served", many=True, required=False, help_text=_("Codes INSEE.")
    )
    contact = serializers.CharField(
        max_length=250,
        allow_blank=True,
        allow_null=True,
        required=False,
        help_text=_(
            "Contact interne (personne, coordonnées), jamais publié : null pour qui n'a pas le "
            "droit de voir les contacts."
        ),
    )
    telephone_public = serializers.CharField(
        source="public_phone",
        max_length=30,
        allow_blank=True,
        required=False,
        help_text=_("Téléphone de la structure déclaré public (annuaire, données ouvertes)."),
    )
    courriel_public = serializers.CharField(
        source="public_email",
        max_length=254,
        allow_blank=True,
        required=False,
        help_text=_("Courriel générique de la structure déclaré public."),
    )
    site_web_public = serializers.CharField(
        source="public_website",
        max_length=200,
        allow_blank=True,
        required=False,
        help_text=_("Site internet déclaré public (http:// ou https://)."),
    )
    source = serializers.CharField(max_length=200, allow_blank=True, required=False)
    fictif = serializers.BooleanField(source="is_fictitious", required=False)
    version = version_field()

    class Meta:
        model = Offer
        fields = [
            "id",
            "type",
            "categorie",
            "nom",
            "gestionnaire",
            "commune",
            "adresse",
            "latitude",
            "longitude",
            "places",
            "age_min",
            "age_max",
            "unite_age",
            "public",
            "horaires",
            "itinerant",
            "communes_desservies",
            "contact",
            "telephone_public",
            "courriel_public",
            "site_web_public",
            *PLACE_FIELDS.values(),
            "source",
            "fictif",
            "version",
        ]

    def __init__(self, *args, show_contact=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_contact = show_contact

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.show_contact:
            data["contact"] = None
        return data

    def validate_contact(self, value):
        return value or ""

    def validate(self, attrs):
        """The model's rules (field shapes, ages in order, no duplicate), under the API's names."""
        if self.instance is not None:
            offer = copy.copy(self.instance)
        else:
            offer = Offer(convention=self.context["convention"])
        for name, value in attrs.items():
            if name != "communes_served":
                setattr(offer, name, value)
        try:
            offer.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    Offer.OUTSIDE_NAMES.get(field, field)
                    if field != NON_FIELD_ERRORS
                    else "non_field_errors": messages
                    for field, messages in error.message_dict.items()
                }
            ) from error
        return attrs

    def create(self, validated_data):
        validated_data["convention"] = self.context["convention"]
        return super().create(validated_data)
