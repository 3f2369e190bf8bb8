"""CTGs: the list a person can see, and each CTG's identity card."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions

from ctg_pilote.conventions.models import Convention, ConventionStatus

from ..filters import choice_param, query_parameter
from ..serializers.conventions import ConventionSerializer
from .base import SLUG_PARAMETER, ConventionScopedMixin


@extend_schema_view(
    get=extend_schema(
        summary="CTG visibles par le titulaire du jeton",
        parameters=[
            query_parameter("statut", "Statut de la CTG.", enum=ConventionStatus.values),
        ],
    )
)
class ConventionList(generics.ListAPIView):
    serializer_class = ConventionSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        queryset = Convention.objects.for_user(self.request.user).select_related(
            "epci", "caf_departement", "vintage"
        )
        status = choice_param(self.request, "statut", ConventionStatus.values)
        if status:
            queryset = queryset.with_shown_status().filter(status_shown=status)
        return queryset.order_by("name", "pk")


@extend_schema_view(
    get=extend_schema(summary="Une CTG", parameters=[SLUG_PARAMETER]),
    patch=extend_schema(summary="Modifier une CTG", parameters=[SLUG_PARAMETER]),
)
class ConventionDetail(ConventionScopedMixin, generics.RetrieveUpdateAPIView):
    serializer_class = ConventionSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.convention

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
