"""The plan d'action as the API shows it. Keys follow the `plan` section of the exchange format
(docs/format-echange-plan.md); objects are designated by their id instead of their number."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from ctg_pilote.conventions.models import Organisation, Thematique, Zone
from ctg_pilote.core.validators import ends_before_start, model_validators, range_kwargs
from ctg_pilote.core.versioning import MAX_VERSION
from ctg_pilote.pilotage.selectors import Health, indicator_health
from ctg_pilote.plan.history import check_effective_on
from ctg_pilote.plan.models import (
    ACTION_ENDS_BEFORE_START,
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    Action,
    BudgetLine,
    Indicator,
    Milestone,
    Note,
)
from ctg_pilote.territories.models import Commune

from ..derived import derived_serializer
from .versioning import version_field

YEAR = range_kwargs(BudgetLine, "year")
AMOUNT = {"max_digits": 12, "decimal_places": 2}
MEASURE = {"max_digits": 14, "decimal_places": 2}


def _convention(serializer):
    return serializer.context["convention"]


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """An id of an object of the CTG in the URL; another CTG's id is "not found"."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("Aucun objet d'id {pk_value} dans cette CTG."),
        "incorrect_type": gettext_lazy("Un id (nombre entier) est attendu, pas {data_type}."),
    }

    def __init__(self, model=None, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.filter(convention=_convention(self.root))


class CodeRelatedField(serializers.SlugRelatedField):
    """A code among the CTG's own (thématiques, communes)."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("« {value} » n'est pas un code de cette CTG."),
        "invalid": gettext_lazy("Un code (texte) est attendu."),
    }

    def __init__(self, relation: str, model, **kwargs):
        self.relation = relation
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return getattr(_convention(self.root), self.relation).all()

    def to_representation(self, obj):
        return obj.code


def _thematiques():
    return CodeRelatedField(
        "thematiques", Thematique, many=True, required=False, help_text=_("Codes des thématiques.")
    )


def _related(exposed, field, kwargs):
    """Relations in the API: by id, or by code for thématiques and communes."""
    if exposed.ref == "code":
        return CodeRelatedField(exposed.name, field.related_model, many=True, **kwargs)
    if field.null and not kwargs.get("read_only"):
        kwargs["allow_null"] = True
    return ScopedRelatedField(field.related_model, many=field.many_to_many, **kwargs)


NodeFields = derived_serializer(
    NODE_FIELDS,
    "NodeFields",
    related=_related,
    leading={"id": serializers.IntegerField(read_only=True)},
    composites={},
)


@extend_schema_serializer(component_name="PlanNoeud")
class NodeSerializer(NodeFields):
    """An element of the tree; its fields are those NODE_FIELDS declares (plan/models/)."""

    version = version_field()


@extend_schema_serializer(component_name="PlanTerritoire")
class TerritorySerializer(serializers.Serializer):
    toute_la_ctg = serializers.BooleanField(source="whole_territory", required=False)
    zones = ScopedRelatedField(Zone, many=True, required=False)
    communes = CodeRelatedField(
        "communes", Commune, many=True, required=False, help_text=_("Codes INSEE des communes.")
    )


@extend_schema_serializer(component_name="PlanPartenaire")
class PartnerSerializer(serializers.Serializer):
    organisation = ScopedRelatedField(Organisation)
    role = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")


@extend_schema_serializer(component_name="PlanJalon")
class MilestoneSerializer(serializers.Serializer):
    date = serializers.DateField(validators=model_validators(Milestone, "date"))
    titre = serializers.CharField(source="title", max_length=200)
    atteint = serializers.BooleanField(source="done", required=False, default=False)


BudgetLineFields = derived_serializer(
    BUDGET_LINE_FIELDS, "BudgetLineFields", related=_related, composites={}
)


@extend_schema_serializer(component_name="PlanLigneBudget")
class BudgetLineSerializer(BudgetLineFields):
    """A budget line of an action; its fields are those BUDGET_LINE_FIELDS declares."""

    def validate_annee(self, year):
        convention = _convention(self.root)
        if not convention.start_year <= year <= convention.end_year:
            raise serializers.ValidationError(
                _("L'année %(year)s est hors de la période de la CTG (%(period)s).")
                % {"year": year, "period": convention.period_label}
            )
        return year


ActionFields = derived_serializer(
    ACTION_FIELDS,
    "ActionFields",
    related=_related,
    leading={"id": serializers.IntegerField(read_only=True)},
    composites={
        "territoire": TerritorySerializer(source="*", required=False),
        "partenaires": PartnerSerializer(source="partner_roles", many=True, required=False),
        "jalons": MilestoneSerializer(source="milestones", many=True, required=False),
        "budget": BudgetLineSerializer(source="budget_lines", many=True, required=False),
    },
)


@extend_schema_serializer(component_name="PlanAction")
class ActionSerializer(ActionFields):
    """A fiche action. Send back `version` when editing: if the action was saved in between,
    the edit is refused with a 409 listing what changed. Its fields are those ACTION_FIELDS
    declares (plan/models/)."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        required=False,
        help_text=gettext_lazy(
            "Version de l'action. Renvoyez celle que vous avez lue : si l'action a été "
            "enregistrée depuis, la modification est refusée (409)."
        ),
    )

    date_effet = serializers.DateField(
        required=False,
        write_only=True,
        help_text=gettext_lazy(
            "Facultatif : le jour où les changements envoyés ont pris effet, s'ils sont saisis "
            "plus tard (au plus tôt le 1er janvier de l'année précédant la CTG, jamais dans le "
            "futur). Absent : aujourd'hui."
        ),
    )

    def validate_date_effet(self, day):
        try:
            check_effective_on(_convention(self), day)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["effective_on"]) from error
        return day

    def validate_numero(self, number):
        number = number.strip()
        if not number:
            raise serializers.ValidationError(_("Le numéro ne peut pas être vide."))
        clash = Action.objects.filter(convention=_convention(self), number=number)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(_("Une action de cette CTG porte déjà ce numéro."))
        return number

    def validate_partenaires(self, partners):
        ids = [p["organisation"].pk for p in partners]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(_("Une organisation est citée deux fois."))
        return partners

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if ends_before_start(start, end):  # the model's rule and message (Action.clean)
            raise serializers.ValidationError({"fin": [ACTION_ENDS_BEFORE_START]})
        return attrs


@extend_schema_serializer(component_name="PlanDepart")
class BaselineSerializer(serializers.Serializer):
    valeur = serializers.DecimalField(source="baseline_value", **MEASURE)
    annee = serializers.IntegerField(source="baseline_year", **YEAR)


@extend_schema_serializer(component_name="PlanCible")
class TargetSerializer(serializers.Serializer):
    annee = serializers.IntegerField(source="year", **YEAR)
    valeur = serializers.DecimalField(source="value", **MEASURE)


@extend_schema_serializer(component_name="PlanValeur")
class ValueSerializer(serializers.Serializer):
    """The value measured for one year; one value per year."""

    annee = serializers.IntegerField(source="year", **YEAR)
    valeur = serializers.DecimalField(source="value", **MEASURE)
    commentaire = serializers.CharField(
        source="comment", max_length=300, allow_blank=True, required=False, default=""
    )
    source = serializers.CharField(max_length=200, allow_blank=True, required=False, default="")
    fictif = serializers.BooleanField(source="is_fictitious", read_only=True)
    version = version_field()

    def validate_annee(self, year):
        convention = _convention(self)
        if not convention.start_year <= year <= convention.end_year:
            raise serializers.ValidationError(
                _("L'année %(year)s est hors de la période de la CTG (%(period)s).")
                % {"year": year, "period": convention.period_label}
            )
        if self.instance is None and self.context["indicator"].values.filter(year=year).exists():
            raise serializers.ValidationError(
                _(
                    "Une valeur est déjà enregistrée pour %(year)s : modifiez-la "
                    "(PATCH …/valeurs/%(year)s/) au lieu d'en créer une seconde."
                )
                % {"year": year}
            )
        if self.instance is not None and year != self.instance.year:
            raise serializers.ValidationError(_("L'année d'une valeur ne se change pas."))
        return year


IndicatorFields = derived_serializer(
    INDICATOR_FIELDS,
    "IndicatorFields",
    related=_related,
    leading={"id": serializers.IntegerField(read_only=True)},
    composites={
        "depart": BaselineSerializer(source="*", allow_null=True, required=False),
        "cibles": TargetSerializer(source="targets", many=True, required=False),
        "valeurs": ValueSerializer(source="values", many=True, read_only=True),
    },
)


# The verdict's codes in the API: a verdict only on a measured value.
HEALTH_CODES = {
    Health.ON_TRACK: "en_bonne_voie",
    Health.AT_RISK: "a_surveiller",
    Health.OFF_TRACK: "en_retard",
    Health.NO_TARGET: "sans_cible",
    Health.UNMEASURED: "non_mesure",
}


@extend_schema_serializer(component_name="PlanAppreciation")
class HealthSerializer(serializers.Serializer):
    """The verdict on the last value measured against the target of its year (or the nearest).
    `non_mesure`: no value was measured, and `valeur`, `annee`, `cible` are null."""

    statut = serializers.ChoiceField(
        choices=list(HEALTH_CODES.values()), source="api_status", read_only=True
    )
    libelle = serializers.CharField(source="label", read_only=True)
    valeur = serializers.DecimalField(source="value", allow_null=True, read_only=True, **MEASURE)
    annee = serializers.IntegerField(source="value_year", allow_null=True, read_only=True)
    cible = serializers.DecimalField(source="target", allow_null=True, read_only=True, **MEASURE)
    annee_cible = serializers.IntegerField(source="target_year", allow_null=True, read_only=True)

    def to_representation(self, instance):
        instance.api_status = HEALTH_CODES[instance.status]
        return super().to_representation(instance)


@extend_schema_serializer(component_name="PlanIndicateur")
class IndicatorSerializer(IndicatorFields):
    """Measured on an action or on an element of the tree: exactly one of the two. Its fields
    are those INDICATOR_FIELDS declares (plan/models/)."""

    version = version_field()
    appreciation = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Appréciation de la dernière valeur mesurée ; « non_mesure » sans valeur."
        )
    )

    @extend_schema_field(HealthSerializer)
    def get_appreciation(self, indicator) -> dict:
        return HealthSerializer(indicator_health(indicator)).data

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.baseline_value is None:
            data["depart"] = None
        return data

    def validate_ref(self, ref):
        ref = ref.strip()
        if not ref:
            raise serializers.ValidationError(_("La référence ne peut pas être vide."))
        clash = Indicator.objects.filter(convention=_convention(self), ref=ref)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                _("Un indicateur de cette CTG a déjà la référence « %(ref)s ».") % {"ref": ref}
            )
        return ref

    def validate_cibles(self, targets):
        convention = _convention(self)
        years = [t["year"] for t in targets]
        if len(years) != len(set(years)):
            raise serializers.ValidationError(_("Une seule cible par année."))
        for year in years:
            if not convention.start_year <= year <= convention.end_year:
                raise serializers.ValidationError(
                    _("L'année %(year)s est hors de la période de la CTG (%(period)s).")
                    % {"year": year, "period": convention.period_label}
                )
        return targets

    def validate(self, attrs):
        if self.instance is not None:
            for key, field in (("action", "action"), ("noeud", "node")):
                if field in attrs and attrs[field] != getattr(self.instance, field):
                    raise serializers.ValidationError(
                        {key: [_("Un indicateur ne change pas d'action ou d'élément.")]}
                    )
        elif (attrs.get("action") is None) == (attrs.get("node") is None):
            raise serializers.ValidationError(
                {"action": [_("Donnez soit une action, soit un élément du plan (noeud).")]}
            )
        return attrs

    def to_internal_value(self, data):
        # "depart": null clears the baseline.
        if isinstance(data, dict) and "depart" in data and data["depart"] is None:
            data = {k: v for k, v in data.items() if k != "depart"}
            attrs = super().to_internal_value(data)
            attrs.update(baseline_value=None, baseline_year=None)
            return attrs
        return super().to_internal_value(data)


@extend_schema_serializer(component_name="PlanNote")
class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField(
        required=False,
        validators=model_validators(Note, "date"),
        help_text=gettext_lazy("Absente : aujourd'hui."),
    )
    auteur = serializers.CharField(source="author_name", read_only=True)
    texte = serializers.CharField(source="text", max_length=10000)
    fictif = serializers.BooleanField(source="is_fictitious", read_only=True)

    def validate_texte(self, text):
        if not text.strip():
            raise serializers.ValidationError(_("La note est vide."))
        return text
