"""A CTG as the API shows it. Keys follow the exchange format (docs/format-echange.md)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.approxdates import ApproximateDate

from .versioning import VersionedSerializerMixin, version_field


class EpciRefSerializer(serializers.Serializer):
    siren = serializers.CharField(read_only=True)
    nom = serializers.CharField(source="name", read_only=True)


class ApproximateDateSerializerField(serializers.Field):
    """An approximate date as the exchange format writes it ("2021-11", "fin 2023"); reads
    every written form, with the French message of `ApproximateDate.parse`."""

    def to_representation(self, value: ApproximateDate) -> str:
        return value.exchange

    def to_internal_value(self, data) -> ApproximateDate:
        try:
            return ApproximateDate.parse(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


class ConventionSerializer(VersionedSerializerMixin, serializers.ModelSerializer):
    identifiant = serializers.SlugField(source="slug", read_only=True)
    nom = serializers.CharField(source="name", max_length=200)
    presentation = serializers.CharField(source="description", allow_blank=True, required=False)
    origine_des_donnees = serializers.CharField(
        source="data_origin", allow_blank=True, required=False
    )
    statut = serializers.ChoiceField(
        source="status",
        choices=Convention._meta.get_field("status").choices,
        allow_blank=True,
        help_text=gettext_lazy(
            "Vide : non renseigné, la CTG suit sa période et sa signature (voir statut_affiche)."
        ),
    )
    statut_affiche = serializers.CharField(
        source="shown_status",
        read_only=True,
        help_text=gettext_lazy(
            "Le statut choisi, sinon celui que donnent la période et la signature."
        ),
    )
    debut = serializers.IntegerField(source="start_year", min_value=2000, max_value=2100)
    fin = serializers.IntegerField(source="end_year", min_value=2000, max_value=2100)
    signee_le = ApproximateDateSerializerField(
        source="signed_on",
        allow_null=True,
        required=False,
        help_text=gettext_lazy(
            "Aussi précise que la source : 2021-11-15, 2021-11, 2021-T4, fin 2021, 2021."
        ),
    )
    caf = serializers.CharField(source="caf_departement.code", read_only=True)
    type_de_territoire = serializers.CharField(source="territory_kind", read_only=True)
    epci = EpciRefSerializer(read_only=True, allow_null=True)
    millesime = serializers.IntegerField(source="vintage.year", read_only=True)
    modifiee_le = serializers.DateTimeField(source="updated_at", read_only=True)
    version = version_field()

    class Meta:
        model = Convention
        fields = [
            "identifiant",
            "nom",
            "presentation",
            "origine_des_donnees",
            "statut",
            "statut_affiche",
            "debut",
            "fin",
            "signee_le",
            "caf",
            "type_de_territoire",
            "epci",
            "millesime",
            "modifiee_le",
            "version",
        ]

    def validate(self, attrs):
        start = attrs.get("start_year", getattr(self.instance, "start_year", None))
        end = attrs.get("end_year", getattr(self.instance, "end_year", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"fin": [_("La dernière année de la période ne peut pas précéder la première.")]}
            )
        return attrs
