"""Indicators of the plan d'action, their targets and the values measured each year.

Like the pages: an action's indicator is edited by those who edit the action, a node's by the
plan's editors; values are recorded by those who follow the action.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from ctg_pilote.plan import perms, services
from ctg_pilote.plan.models import Indicator, IndicatorOrigin, IndicatorValue

from ..serializers.plan import IndicatorSerializer, ValueSerializer
from .base import SLUG_PARAMETER
from .plan import ID_INDICATOR, YEAR_PARAMETER, PlanMixin, find


def _indicators(convention):
    return (
        Indicator.objects.filter(convention=convention)
        .select_related("action", "node", "convention")
        .prefetch_related("targets", "values")
        .order_by("ref", "pk")
    )


@extend_schema_view(
    get=extend_schema(summary="Indicateurs du plan", parameters=[SLUG_PARAMETER]),
    post=extend_schema(
        summary="Créer un indicateur (avec ses cibles)", parameters=[SLUG_PARAMETER]
    ),
)
class IndicatorList(PlanMixin, generics.ListCreateAPIView):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        if self.schema_only():
            return Indicator.objects.none()
        return _indicators(self.convention)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        targets = {t["year"]: t["value"] for t in data.pop("targets", [])}
        data.pop("version", None)
        indicator = Indicator(convention=self.convention, **data)
        self.require(perms.can_edit_indicator, indicator)
        services.save_indicator(
            indicator=indicator, targets=targets, by=request.user, origin=IndicatorOrigin.API
        )
        indicator = _indicators(self.convention).get(pk=indicator.pk)
        return Response(self.get_serializer(indicator).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(summary="Un indicateur", parameters=[SLUG_PARAMETER, ID_INDICATOR]),
    patch=extend_schema(
        summary="Modifier un indicateur",
        description="`cibles`, si envoyées, remplacent les cibles existantes.",
        parameters=[SLUG_PARAMETER, ID_INDICATOR],
    ),
    delete=extend_schema(
        summary="Supprimer un indicateur et ses valeurs", parameters=[SLUG_PARAMETER, ID_INDICATOR]
    ),
)
class IndicatorDetail(PlanMixin, generics.RetrieveUpdateDestroyAPIView):
    serializer_class = IndicatorSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.schema_only():
            return Indicator.objects.none()
        return _indicators(self.convention)

    def update(self, request, *args, **kwargs):
        indicator = self.get_object()
        self.require(perms.can_edit_indicator, indicator)
        serializer = self.get_serializer(indicator, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        sent = data.pop("version", None)
        targets = data.pop("targets", None)
        if targets is None:
            targets = [{"year": t.year, "value": t.value} for t in indicator.targets.all()]
        for field, value in data.items():
            setattr(indicator, field, value)
        services.save_indicator(
            indicator=indicator,
            targets={t["year"]: t["value"] for t in targets},
            expected_version=sent,
            by=request.user,
            origin=IndicatorOrigin.API,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=indicator.pk)).data)

    def destroy(self, request, *args, **kwargs):
        indicator = self.get_object()
        self.require(perms.can_edit_indicator, indicator)
        indicator.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class ValueMixin(PlanMixin):
    serializer_class = ValueSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.indicator = find(
            Indicator.objects.filter(convention=self.convention).select_related(
                "action", "convention"
            ),
            id=self.kwargs["id"],
        )

    def get_queryset(self):
        if self.schema_only():
            return IndicatorValue.objects.none()
        return self.indicator.values.order_by("year")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["indicator"] = getattr(self, "indicator", None)
        return context

    def check_may_record(self):
        self.require(perms.can_record_value, self.indicator)

    def record(self, data: dict) -> IndicatorValue:
        services.set_indicator_value(
            indicator=self.indicator,
            year=data["year"],
            value=data["value"],
            comment=data.get("comment", ""),
            source=data.get("source", ""),
            expected_version=data.get("version"),
            by=self.request.user,
            origin=IndicatorOrigin.API,
        )
        return self.indicator.values.get(year=data["year"])


@extend_schema_view(
    get=extend_schema(
        summary="Valeurs mesurées d'un indicateur",
        parameters=[SLUG_PARAMETER, ID_INDICATOR],
    ),
    post=extend_schema(
        summary="Enregistrer la valeur d'une année",
        description="Une seule valeur par année : une année déjà renseignée est refusée (400).",
        parameters=[SLUG_PARAMETER, ID_INDICATOR],
    ),
)
class ValueList(ValueMixin, generics.ListCreateAPIView):
    def create(self, request, *args, **kwargs):
        self.check_may_record()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        value = self.record({**serializer.validated_data, "version": None})
        return Response(self.get_serializer(value).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary="La valeur d'une année", parameters=[SLUG_PARAMETER, ID_INDICATOR, YEAR_PARAMETER]
    ),
    patch=extend_schema(
        summary="Corriger la valeur d'une année",
        parameters=[SLUG_PARAMETER, ID_INDICATOR, YEAR_PARAMETER],
    ),
    delete=extend_schema(
        summary="Effacer la valeur d'une année",
        parameters=[SLUG_PARAMETER, ID_INDICATOR, YEAR_PARAMETER],
    ),
)
class ValueDetail(ValueMixin, generics.RetrieveUpdateDestroyAPIView):
    http_method_names = ["get", "patch", "delete", "head", "options"]
    lookup_field = "year"
    lookup_url_kwarg = "annee"

    def update(self, request, *args, **kwargs):
        value = self.get_object()
        self.check_may_record()
        serializer = self.get_serializer(value, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = {
            "year": value.year,
            "value": value.value,
            "comment": value.comment,
            "source": value.source,
            **serializer.validated_data,
        }
        return Response(self.get_serializer(self.record(data)).data)

    def destroy(self, request, *args, **kwargs):
        value = self.get_object()
        self.check_may_record()
        services.set_indicator_value(
            indicator=self.indicator,
            year=value.year,
            value=None,
            by=request.user,
            origin=IndicatorOrigin.API,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
