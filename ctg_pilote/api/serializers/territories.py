"""Official geography (Code officiel géographique) as the API shows it, with its source."""

from rest_framework import serializers

from ctg_pilote.territories.models import Commune, Epci


class VintageSerializer(serializers.Serializer):
    millesime = serializers.IntegerField(source="year", read_only=True)
    source = serializers.CharField(read_only=True)
    version = serializers.CharField(source="source_version", read_only=True)
    licence = serializers.CharField(read_only=True)
    citation = serializers.CharField(read_only=True)


class DepartementRefSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    nom = serializers.CharField(source="name", read_only=True)


class EpciSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name", read_only=True)
    nature = serializers.CharField(
        source="kind", read_only=True, help_text="CC, CA, CU, METRO ou MET69."
    )
    libelle_nature = serializers.CharField(source="get_kind_display", read_only=True)
    departement = DepartementRefSerializer(read_only=True)
    population = serializers.IntegerField(read_only=True, allow_null=True)
    source = VintageSerializer(source="vintage", read_only=True)

    class Meta:
        model = Epci
        fields = ["siren", "nom", "nature", "libelle_nature", "population", "departement", "source"]
        read_only_fields = fields


class EpciDetailSerializer(EpciSerializer):
    communes = serializers.SerializerMethodField()

    class Meta(EpciSerializer.Meta):
        fields = [*EpciSerializer.Meta.fields, "communes"]
        read_only_fields = fields

    def get_communes(self, epci) -> list[str]:
        """Codes INSEE of its member communes."""
        return sorted(c.code for c in epci.communes.all())


class CommuneSerializer(serializers.ModelSerializer):
    nom = serializers.CharField(source="name", read_only=True)
    departement = DepartementRefSerializer(read_only=True)
    epci = serializers.CharField(source="epci.siren", read_only=True, allow_null=True, default=None)
    codes_postaux = serializers.ListField(
        source="postcodes", child=serializers.CharField(), read_only=True
    )
    population = serializers.IntegerField(read_only=True, allow_null=True)
    source = VintageSerializer(source="vintage", read_only=True)

    class Meta:
        model = Commune
        fields = [
            "code",
            "nom",
            "siren",
            "departement",
            "epci",
            "codes_postaux",
            "population",
            "source",
        ]
        read_only_fields = fields
