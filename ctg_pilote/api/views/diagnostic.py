"""The diagnostic of a CTG: indicator catalogue, values per commune, aggregates, the offer.

Reads ask `diagnostic.perms.can_view_diagnostic`; writes of the offer ask
`can_edit_diagnostic` (the same rules as the offer page and its import). Values per commune
are reference data loaded by `import_indicators`: read-only here, as in the pages.
"""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from ctg_pilote.diagnostic import perms
from ctg_pilote.diagnostic.aggregation import compute, grouped_sums, years_of
from ctg_pilote.diagnostic.catalogue import INDICATORS
from ctg_pilote.diagnostic.models import Indicator, IndicatorValue, Offer, OfferCategory, OfferType
from ctg_pilote.diagnostic.portrait import areas_of, dataset_source

from ..filters import choice_param, int_param, query_parameter, text_param
from ..serializers.diagnostic import (
    DiagnosticAggregatesSerializer,
    DiagnosticIndicatorSerializer,
    DiagnosticIndicatorValueSerializer,
    DiagnosticOfferSerializer,
    answer_serializer,
)
from .base import SLUG_PARAMETER, ConventionScopedMixin

INDICATOR_CODES = [item["code"] for item in INDICATORS]
COMMUNE_PATTERN = r"^[0-9][0-9AB][0-9]{3}$"


def commune_of(convention, name: str, code: str | None):
    """The commune of the CTG's territory with this INSEE code (400 when it is not one)."""
    if code is None:
        return None
    commune = convention.communes.filter(code=code).first()
    if commune is None:
        raise ValidationError(
            {
                name: [
                    _("« %(code)s » n'est pas le code INSEE d'une commune de la CTG.")
                    % {"code": code}
                ]
            }
        )
    return commune


def commune_parameter(description: str):
    return query_parameter("commune", description, {"type": "string", "pattern": COMMUNE_PATTERN})


YEAR_PARAMETER = query_parameter(
    "annee", "Année des valeurs.", {"type": "integer", "minimum": 1900, "maximum": 2100}
)


MAX_ID = 2**63 - 1


def path_id(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "id",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        OpenApiParameter.PATH,
        description=description,
    )


def object_or_404(queryset, pk, message):
    """The object of this (CTG-scoped) queryset, else a 404 saying what was not found."""
    found = queryset.filter(pk=pk).first() if 0 < pk <= MAX_ID else None
    if found is None:
        raise NotFound(message % {"id": pk})
    return found


class DiagnosticMixin(ConventionScopedMixin):
    read_check = staticmethod(perms.can_view_diagnostic)
    write_check = staticmethod(perms.can_edit_diagnostic)


# ---- indicators ----------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="Catalogue des indicateurs",
        description="Unité, règle d'agrégation (somme, rapport, moyenne pondérée) et source "
        "habituelle de chaque indicateur du diagnostic.",
        parameters=[SLUG_PARAMETER],
    )
)
class IndicatorList(DiagnosticMixin, generics.ListAPIView):
    serializer_class = DiagnosticIndicatorSerializer

    def get_queryset(self):
        return Indicator.objects.with_parts().order_by("position", "code")


@extend_schema_view(
    get=extend_schema(
        summary="Valeurs des indicateurs par commune du territoire",
        description="Une ligne par indicateur, commune et année, avec sa source et son "
        "millésime. Une valeur non diffusée par la source (secret statistique) a "
        "`valeur: null` et `non_diffuse: true`.",
        parameters=[
            SLUG_PARAMETER,
            query_parameter(
                "indicateur", "Code d'un indicateur du catalogue.", enum=INDICATOR_CODES
            ),
            YEAR_PARAMETER,
            commune_parameter("Code INSEE d'une commune de la CTG."),
        ],
    )
)
class IndicatorValueList(DiagnosticMixin, generics.ListAPIView):
    serializer_class = DiagnosticIndicatorValueSerializer

    def get_queryset(self):
        request = self.request
        indicator = choice_param(request, "indicateur", INDICATOR_CODES)
        year = int_param(request, "annee", minimum=1900, maximum=2100)
        commune = commune_of(self.convention, "commune", text_param(request, "commune"))
        values = IndicatorValue.objects.filter(commune__in=self.convention.communes.values("pk"))
        if indicator:
            values = values.filter(indicator__code=indicator)
        if year is not None:
            values = values.filter(year=year)
        if commune is not None:
            values = values.filter(commune=commune)
        return values.select_related("indicator", "commune", "dataset").order_by(
            "indicator__position", "indicator__code", "commune__code", "year", "pk"
        )


AREA_KIND = {"territoire": "territoire", "departement": "departement", "france": "france"}


@extend_schema_view(
    get=extend_schema(
        summary="Valeurs agrégées d'un indicateur",
        description="L'indicateur agrégé selon sa règle pour chaque zone d'étude, le "
        "territoire de la CTG, son département et la France. `partiel` signale un agrégat "
        "auquel manquent des communes (valeurs non diffusées ou absentes). Sans `annee`, la "
        "dernière année disponible pour le territoire.",
        parameters=[
            SLUG_PARAMETER,
            query_parameter(
                "indicateur",
                "Code d'un indicateur du catalogue.",
                enum=INDICATOR_CODES,
                required=True,
            ),
            YEAR_PARAMETER,
        ],
        responses=DiagnosticAggregatesSerializer,
    )
)
class AggregateView(DiagnosticMixin, generics.GenericAPIView):
    serializer_class = DiagnosticAggregatesSerializer
    pagination_class = None

    def get(self, request, *args, **kwargs):
        code = choice_param(request, "indicateur", INDICATOR_CODES)
        if code is None:
            raise ValidationError({"indicateur": [_("Indiquez le code de l'indicateur.")]})
        year = int_param(request, "annee", minimum=1900, maximum=2100)
        indicator = Indicator.objects.with_parts().filter(code=code).first()
        if indicator is None:
            raise ValidationError(
                {"indicateur": [_("Indicateur inconnu : %(code)s.") % {"code": code}]}
            )
        areas = areas_of(self.convention)
        territory = next(a for a in areas if a.key == "territoire")
        if year is None:
            years = years_of(indicator, grouped_sums(territory.values(), [indicator]))
            year = years[-1] if years else None
        perimeters = []
        for area in areas:
            expected = area.communes.count()
            if year is None:
                value, covered, zero, partial = None, 0, False, False
            else:
                sums = grouped_sums(area.values().filter(year=year), [indicator])
                aggregate = compute(indicator, sums, None, year, expected)
                value, covered = aggregate.value, aggregate.covered
                zero, partial = aggregate.zero_denominator, aggregate.partial
            perimeters.append(
                {
                    "cle": area.key,
                    "type": AREA_KIND.get(area.key, "zone"),
                    "nom": area.label,
                    "valeur": value,
                    "communes_couvertes": covered,
                    "communes_attendues": expected,
                    "partiel": partial,
                    "denominateur_nul": zero,
                }
            )
        source, fictif = dataset_source(indicator, year, territory) if year else ("", False)
        data = {
            "indicateur": indicator,
            "annee": year,
            "source": source or indicator.source,
            "fictif": fictif,
            "perimetres": perimeters,
        }
        return Response(DiagnosticAggregatesSerializer(data).data)


# ---- offer -----------------------------------------------------------------------------------


OFFER_ANSWER = answer_serializer(DiagnosticOfferSerializer)


class OfferMixin(DiagnosticMixin):
    serializer_class = DiagnosticOfferSerializer

    def get_serializer(self, *args, **kwargs):
        # The OpenAPI document describes the field; each response keeps it only when allowed.
        kwargs["show_contact"] = getattr(self, "swagger_fake_view", False) or (
            perms.can_view_offer_contacts(self.request.user, self.convention)
        )
        return super().get_serializer(*args, **kwargs)

    def offers(self):
        return self.convention.offers.for_list()


@extend_schema_view(
    get=extend_schema(
        summary="Équipements et services de l'inventaire de l'offre",
        parameters=[
            SLUG_PARAMETER,
            query_parameter(
                "type",
                "Code d'un type d'offre (ex. eaje, rpe, laep).",
                {"type": "string", "maxLength": 60},
            ),
            query_parameter(
                "categorie",
                "Catégorie de l'offre (le thème de l'annuaire).",
                enum=OfferCategory.values,
            ),
            commune_parameter(
                "Code INSEE d'une commune de la CTG : l'offre qui s'y trouve ou qui la dessert."
            ),
            query_parameter(
                "q",
                "Texte cherché dans le nom, l'adresse et le public.",
                {"type": "string", "maxLength": 200},
            ),
        ],
        responses=OFFER_ANSWER,
    ),
    post=extend_schema(
        summary="Ajouter un équipement ou service",
        parameters=[SLUG_PARAMETER],
        request=DiagnosticOfferSerializer,
        responses={201: OFFER_ANSWER},
    ),
)
class OfferList(OfferMixin, generics.ListCreateAPIView):
    def get_queryset(self):
        request = self.request
        offers = self.offers()
        type_code = text_param(request, "type", max_length=60)
        if type_code is not None:
            if not OfferType.objects.filter(code=type_code).exists():
                raise ValidationError(
                    {"type": [_("Type d'offre « %(code)s » inconnu.") % {"code": type_code}]}
                )
            offers = offers.filter(offer_type__code=type_code)
        category = choice_param(request, "categorie", OfferCategory.values)
        if category:
            offers = offers.filter(offer_type__category=category)
        commune = commune_of(self.convention, "commune", text_param(request, "commune"))
        if commune is not None:
            served = Offer.communes_served.through.objects.filter(commune=commune)
            offers = offers.filter(Q(commune=commune) | Q(pk__in=served.values("offer_id")))
        query = text_param(request, "q")
        if query:
            offers = offers.filter(
                Q(name__icontains=query) | Q(address__icontains=query) | Q(public__icontains=query)
            )
        return offers.order_by("offer_type__position", "name", "pk")

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()


OFFER_ID = path_id("Équipement ou service.")


@extend_schema_view(
    get=extend_schema(
        summary="Un équipement ou service",
        parameters=[SLUG_PARAMETER, OFFER_ID],
        responses=OFFER_ANSWER,
    ),
    patch=extend_schema(
        summary="Modifier un équipement ou service",
        parameters=[SLUG_PARAMETER, OFFER_ID],
        request=DiagnosticOfferSerializer,
        responses=OFFER_ANSWER,
    ),
    delete=extend_schema(
        summary="Retirer un équipement ou service de l'inventaire",
        parameters=[SLUG_PARAMETER, OFFER_ID],
    ),
)
class OfferDetail(OfferMixin, generics.RetrieveUpdateDestroyAPIView):
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        return object_or_404(
            self.offers(),
            self.kwargs["id"],
            _("Aucun équipement ou service n° %(id)s dans cette CTG."),
        )

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_destroy(self, instance):
        with transaction.atomic():
            instance.delete()
