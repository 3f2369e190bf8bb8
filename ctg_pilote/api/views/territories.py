"""Official geography: EPCI and communes of a vintage of the COG. Public, no token needed."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions

from ctg_pilote.territories.models import Commune, Epci, Vintage

from ..filters import int_param, query_parameter, text_param
from ..serializers.territories import CommuneSerializer, EpciDetailSerializer, EpciSerializer

VINTAGE_FILTER = query_parameter(
    "millesime",
    "Millésime du Code officiel géographique (le plus récent par défaut).",
    OpenApiTypes.INT,
)
DEPARTEMENT_FILTER = query_parameter("departement", "Code du département, ex. 17 ou 2A.")


def _refuse(name: str, message: str):
    raise exceptions.ValidationError({name: [message]})


class TerritoryMixin:
    permission_classes = [permissions.AllowAny]

    def vintage(self) -> Vintage | None:
        year = int_param(self.request, "millesime", minimum=1900, maximum=2100)
        if year is None:
            return Vintage.objects.current()
        vintage = Vintage.objects.filter(year=year).first()
        if vintage is None:
            years = ", ".join(str(y) for y in Vintage.objects.values_list("year", flat=True))
            _refuse(
                "millesime",
                _("Millésime %(year)s non chargé ; millésimes disponibles : %(years)s.")
                % {"year": year, "years": years or "-"},
            )
        return vintage

    def departement_code(self) -> str | None:
        code = text_param(self.request, "departement", max_length=3)
        if code is not None and not code.isalnum():
            _refuse(
                "departement", _("« %(code)s » n'est pas un code de département.") % {"code": code}
            )
        return code


@extend_schema_view(
    get=extend_schema(
        summary="EPCI à fiscalité propre",
        parameters=[
            VINTAGE_FILTER,
            DEPARTEMENT_FILTER,
            query_parameter("q", "Nom (extrait) ou début du SIREN."),
        ],
    )
)
class EpciList(TerritoryMixin, generics.ListAPIView):
    serializer_class = EpciSerializer

    def get_queryset(self):
        queryset = Epci.objects.filter(vintage=self.vintage()).select_related(
            "departement", "vintage"
        )
        code = self.departement_code()
        if code:
            queryset = queryset.filter(departement__code=code)
        text = text_param(self.request, "q")
        if text:
            queryset = queryset.search(text)
        return queryset.order_by("name", "siren")


@extend_schema_view(
    get=extend_schema(
        summary="Un EPCI et les codes de ses communes",
        parameters=[
            OpenApiParameter(
                "siren", OpenApiTypes.STR, OpenApiParameter.PATH, description="SIREN de l'EPCI."
            ),
            VINTAGE_FILTER,
        ],
    )
)
class EpciDetail(TerritoryMixin, generics.RetrieveAPIView):
    serializer_class = EpciDetailSerializer

    def get_object(self):
        siren = self.kwargs["siren"]
        epci = (
            Epci.objects.filter(vintage=self.vintage(), siren=siren)
            .select_related("departement", "vintage")
            .prefetch_related("communes")
            .first()
        )
        if epci is None:
            raise exceptions.NotFound(_("Aucun EPCI de SIREN « %(siren)s ».") % {"siren": siren})
        return epci


@extend_schema_view(
    get=extend_schema(
        summary="Communes",
        parameters=[
            VINTAGE_FILTER,
            DEPARTEMENT_FILTER,
            query_parameter("epci", "SIREN de l'EPCI dont la commune est membre."),
            query_parameter("q", "Nom (extrait), début du code INSEE ou code postal."),
        ],
    )
)
class CommuneList(TerritoryMixin, generics.ListAPIView):
    serializer_class = CommuneSerializer

    def get_queryset(self):
        queryset = Commune.objects.filter(vintage=self.vintage()).select_related(
            "departement", "epci", "vintage"
        )
        code = self.departement_code()
        if code:
            queryset = queryset.filter(departement__code=code)
        siren = text_param(self.request, "epci", max_length=9)
        if siren:
            if not siren.isdigit():
                _refuse("epci", _("Un SIREN d'EPCI compte 9 chiffres."))
            queryset = queryset.filter(epci__siren=siren)
        text = text_param(self.request, "q")
        if text:
            queryset = queryset.search(text)
        return queryset.order_by("name", "code")


@extend_schema_view(
    get=extend_schema(
        summary="Une commune",
        parameters=[
            OpenApiParameter(
                "code", OpenApiTypes.STR, OpenApiParameter.PATH, description="Code INSEE."
            ),
            VINTAGE_FILTER,
        ],
    )
)
class CommuneDetail(TerritoryMixin, generics.RetrieveAPIView):
    serializer_class = CommuneSerializer

    def get_object(self):
        code = self.kwargs["code"]
        commune = (
            Commune.objects.filter(vintage=self.vintage(), code=code)
            .select_related("departement", "epci", "vintage")
            .first()
        )
        if commune is None:
            raise exceptions.NotFound(
                _("Aucune commune de code INSEE « %(code)s ».") % {"code": code}
            )
        return commune
