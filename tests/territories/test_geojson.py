"""One builder of commune GeoJSON, one vocabulary of properties for every map."""

import pytest
from django.urls import reverse

from ctg_pilote.territories.geojson import communes_feature_collection
from ctg_pilote.territories.models import Commune, CommuneContour
from tests.conventions.factories import ConventionFactory
from tests.territories.factories import CommuneFactory

pytestmark = pytest.mark.django_db

SHARED = {"code", "name", "population"}


def test_communes_without_contour_are_left_out_and_extras_are_added():
    kept = CommuneFactory(code="17002", name="Deuxième", population=None)
    first = CommuneFactory(code="17001", name="Première", population=120)
    bare = CommuneFactory(code="17003")
    CommuneContour.objects.filter(commune=bare).delete()
    communes = Commune.objects.filter(pk__in=[kept.pk, first.pk, bare.pk])

    collection = communes_feature_collection(
        communes, lambda commune: {"mine": commune.pk == kept.pk}
    )

    assert collection["type"] == "FeatureCollection"
    assert [f["id"] for f in collection["features"]] == ["17001", "17002"]
    assert collection["features"][0]["properties"] == {
        "code": "17001",
        "name": "Première",
        "population": 120,
        "mine": False,
    }
    assert collection["features"][1]["properties"]["mine"] is True
    assert collection["features"][0]["geometry"] == first.contour.geometry


def test_every_commune_map_speaks_the_same_properties(member_client):
    convention = ConventionFactory()
    client, _ = member_client(convention, role="coordinateur")
    commune = convention.communes.order_by("code").first()
    of_the_ctg = [
        reverse("conventions:communes_geojson", args=[convention.slug]),
        reverse("diagnostic:offer_geojson", args=[convention.slug]),
    ]
    # The directory reads the current reference communes, whatever the CTG.
    directory = reverse("directory:communes_geojson") + "?commune=17299"
    for url in [*of_the_ctg, directory]:
        features = client.get(url).json()["features"]
        assert features, url
        for feature in features:
            assert set(feature["properties"]) >= SHARED, url
            assert feature["id"] == feature["properties"]["code"], url
        if url in of_the_ctg:
            first = next(f for f in features if f["id"] == commune.code)
            assert first["properties"]["name"] == commune.name, url
