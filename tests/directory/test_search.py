"""The family search, through HTTP, anonymously: what a family sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctg_pilote.diagnostic.models import OfferCount, OfferType

from .factories import ServiceFactory

FOURAS, ROCHEFORT, TONNAY, ECHILLAIS = "17168", "17299", "17449", "17146"
SEARCH = reverse("directory:search")


def names(response) -> list[str]:
    return [s.name for s in response.context["page"].object_list]


@pytest.fixture
def offer(caro, commune):
    def make(**kwargs):
        kwargs.setdefault("convention", caro)
        if "commune" in kwargs and isinstance(kwargs["commune"], str):
            kwargs["commune"] = commune(kwargs["commune"])
        if "served" in kwargs:
            kwargs["served"] = [commune(code) for code in kwargs["served"]]
        return ServiceFactory(**kwargs)

    return make


def test_search_page_opens_without_signing_in(client):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert "Commune ou code postal" in response.text


def test_a_commune_lists_its_services_and_the_itinerant_ones_serving_it(client, offer):
    offer(name="Crèche des Mouettes", commune=FOURAS)
    offer(name="Crèche de la Corderie", commune=ROCHEFORT)
    offer(rpe=True, name="RPE itinérant du Nord", served=[FOURAS, ECHILLAIS])

    fouras = client.get(SEARCH, {"q": "Fouras"})
    assert names(fouras) == ["Crèche des Mouettes", "RPE itinérant du Nord"]
    assert names(client.get(SEARCH, {"q": "Échillais"})) == ["RPE itinérant du Nord"]
    assert names(client.get(SEARCH, {"q": "Rochefort"})) == ["Crèche de la Corderie"]


def test_a_postcode_and_an_insee_code_find_the_commune(client, offer):
    offer(name="Crèche des Mouettes", commune=FOURAS)
    # 17450 is shared by Fouras and Saint-Laurent-de-la-Prée: the family picks one
    choices = client.get(SEARCH, {"q": "17450"}).context["choices"]
    assert {c.name for c in choices} == {"Fouras", "Saint-Laurent-de-la-Prée"}
    offer(name="Accueil de l'île", commune="17004")
    assert names(client.get(SEARCH, {"q": "17123"})) == ["Accueil de l'île"]  # Île-d'Aix alone
    assert names(client.get(SEARCH, {"commune": FOURAS})) == ["Crèche des Mouettes"]


def test_names_match_without_accents_hyphens_or_capitals(client, caro):
    response = client.get(SEARCH, {"q": "ile d aix"})
    assert response.context["commune"].code == "17004"
    response = client.get(SEARCH, {"q": "TONNAY CHARENTE"})
    assert response.context["commune"].code == TONNAY


def test_several_communes_give_a_choice(client):
    response = client.get(SEARCH, {"q": "Saint-Georges"})
    assert response.status_code == 200
    assert "Plusieurs communes correspondent" in response.text
    assert len(response.context["choices"]) > 1


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("Zorglubville", "Aucune commune ne s'appelle « Zorglubville »"),
        ("99999", "Le code postal « 99999 » ne correspond à aucune commune"),
    ],
)
def test_unknown_commune_or_postcode_gets_a_french_message(client, query, message):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert message in response.text.replace("&#x27;", "'")


def test_unknown_insee_code_gets_a_message(client):
    response = client.get(SEARCH, {"commune": "00000"})
    assert response.status_code == 200
    assert "Cette commune est inconnue" in response.text


@pytest.mark.parametrize(
    ("public", "expected"),
    [
        ("0-3", ["Crèche des Mouettes", "Relais petite enfance"]),
        ("12-17", ["Espace jeunes 14-17"]),
        ("parents", ["Relais petite enfance"]),
        ("", ["Crèche des Mouettes", "Relais petite enfance", "Espace jeunes 14-17"]),
    ],
)
def test_age_or_public_filters_by_the_offer_ages_else_its_type(client, offer, public, expected):
    offer(name="Crèche des Mouettes", commune=FOURAS, age_min=3, age_max=36, age_unit="mois")
    offer(rpe=True, name="Relais petite enfance", commune=FOURAS)
    offer(
        name="Espace jeunes 14-17",
        offer_type=OfferType.objects.get(code="espace-jeunes"),
        commune=FOURAS,
        age_min=14,
        age_max=17,
    )
    response = client.get(SEARCH, {"q": "Fouras", "public": public})
    assert sorted(names(response)) == sorted(expected)


def test_ages_in_years_or_months_match_an_age_band_up_to_its_bounds(client, offer):
    # 0-3 ans is 0 to 35 months, 3-11 ans 36 to 143 months: an offer matches when its ages
    # overlap the band, whatever unit it gives them in.
    offer(name="Jusqu'à 2 ans", commune=FOURAS, age_max=2)
    offer(name="Dès 3 ans", commune=FOURAS, age_min=3)
    offer(name="Jusqu'à 35 mois", commune=FOURAS, age_max=35, age_unit="mois")
    offer(name="Dès 35 mois", commune=FOURAS, age_min=35, age_unit="mois")
    offer(name="De 36 à 40 mois", commune=FOURAS, age_min=36, age_max=40, age_unit="mois")
    offer(name="De 11 à 12 ans", commune=FOURAS, age_min=11, age_max=12)
    by_public = {
        public: sorted(names(client.get(SEARCH, {"q": "Fouras", "public": public})))
        for public in ("0-3", "3-11", "12-17")
    }
    assert by_public == {
        "0-3": ["Dès 35 mois", "Jusqu'à 2 ans", "Jusqu'à 35 mois"],
        "3-11": ["De 11 à 12 ans", "De 36 à 40 mois", "Dès 3 ans", "Dès 35 mois"],
        "12-17": ["De 11 à 12 ans", "Dès 3 ans", "Dès 35 mois"],
    }


def test_a_type_the_typology_does_not_know_serves_every_public(client, offer):
    new_type = OfferType.objects.create(code="type-nouveau", label="Type nouveau", category="autre")
    offer(name="Service d'un type nouveau", offer_type=new_type, commune=FOURAS)
    for public in ("0-3", "18-25", "parents", "tous"):
        response = client.get(SEARCH, {"q": "Fouras", "public": public})
        assert names(response) == ["Service d'un type nouveau"], public


def test_the_filters_cost_no_query_of_their_own(client, offer):
    offer(name="Crèche des Mouettes", commune=FOURAS, age_min=3, age_max=36, age_unit="mois")
    offer(rpe=True, name="Relais petite enfance", commune=FOURAS)
    client.get(SEARCH, {"q": "Fouras"})  # the per-process index of names and commune centres
    with CaptureQueriesContext(connection) as plain:
        client.get(SEARCH, {"q": "Fouras"})
    expected = {
        "0-3": ["Crèche des Mouettes", "Relais petite enfance"],
        "parents": ["Relais petite enfance"],
    }
    for public, services in expected.items():
        with CaptureQueriesContext(connection) as filtered:
            response = client.get(
                SEARCH, {"q": "Fouras", "public": public, "theme": "petite-enfance"}
            )
        assert sorted(names(response)) == services
        assert len(filtered) == len(plain), public


def test_theme_filters_by_the_category_of_the_offer(client, offer):
    offer(name="Crèche des Mouettes", commune=FOURAS)
    offer(name="CCAS de Fouras", offer_type=OfferType.objects.get(code="ccas"), commune=FOURAS)
    response = client.get(SEARCH, {"q": "Fouras", "theme": "acces-aux-droits"})
    assert names(response) == ["CCAS de Fouras"]


def test_territory_wide_counts_stay_in_the_diagnostic(client, caro):
    """A family looks for places: "3 RPE" somewhere in the territory is not one."""
    OfferCount.objects.create(
        convention=caro,
        offer_type=OfferType.objects.get(code="rpe"),
        count=3,
        source="Brochure CTG de la CARO",
    )
    response = client.get(SEARCH, {"q": "Fouras"})
    assert response.context["page"].paginator.count == 0
    assert "Brochure CTG de la CARO" not in response.text


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("surgeres", "Surgères"),
        ("echillais", "Échillais"),
        ("Moeze", "Moëze"),
        ("St-Agnant", "Saint-Agnant"),
        ("st agnant", "Saint-Agnant"),
        ("SAINT AGNANT", "Saint-Agnant"),
        ("Ile-d\u2019Aix", "Île-d'Aix"),
        ("île d'aix", "Île-d'Aix"),
    ],
)
def test_names_are_folded_as_people_type_them(client, query, name):
    response = client.get(SEARCH, {"q": query})
    assert response.context["problem"] == ""
    assert response.context["commune"].name == name


def test_the_start_of_a_name_offers_the_communes_it_begins(client):
    choices = client.get(SEARCH, {"q": "st georges"}).context["choices"]
    assert {"Saint-Georges-de-Didonne", "Saint-Georges-d'Oléron"} <= {c.name for c in choices}


def test_a_commune_without_services_shows_the_nearest_with_their_distance(client, offer):
    offer(name="Crèche de la Corderie", commune=ROCHEFORT)
    offer(name="Multi-accueil de Fouras", commune=FOURAS)
    response = client.get(SEARCH, {"q": "Moëze"})
    assert response.context["page"].paginator.count == 0
    nearby = response.context["nearby"]
    # Moëze to Rochefort is about 11 km, to Fouras about 13 km (commune centres).
    assert [s.name for s in nearby] == ["Crèche de la Corderie", "Multi-accueil de Fouras"]
    assert 8 < nearby[0].distance_km < 14 and nearby[0].distance_km < nearby[1].distance_km
    assert "Voici les plus proches" in response.text
    assert f"à {round(nearby[0].distance_km)} km" in response.text


def test_the_nearest_follow_the_filters_past_nearer_communes_without_a_match(
    client, offer, monkeypatch
):
    # Communes are asked one at a time: Rochefort (nearest, a crèche only) does not hold a
    # parenting service, Fouras (farther) does.
    monkeypatch.setattr("ctg_pilote.directory.selectors.NEARBY_BATCHES", (1,))
    offer(name="Crèche de la Corderie", commune=ROCHEFORT)
    offer(
        name="LAEP de Fouras",
        commune=FOURAS,
        offer_type=OfferType.objects.get(code="laep"),
    )
    response = client.get(SEARCH, {"q": "Moëze", "theme": "parentalite"})
    assert [s.name for s in response.context["nearby"]] == ["LAEP de Fouras"]
    response = client.get(SEARCH, {"q": "Moëze"})
    assert [s.name for s in response.context["nearby"]] == [
        "Crèche de la Corderie",
        "LAEP de Fouras",
    ]


def test_the_nearest_come_commune_by_commune_then_by_type_and_name(client, offer, monkeypatch):
    monkeypatch.setattr("ctg_pilote.directory.selectors.NEARBY_SERVICES", 3)
    laep = OfferType.objects.get(code="laep")
    offer(name="LAEP de Fouras", commune=FOURAS, offer_type=laep)
    offer(name="Crèche de Fouras", commune=FOURAS)
    offer(name="Micro-crèche Zéphyr", commune=ROCHEFORT)
    offer(name="LAEP de la Corderie", commune=ROCHEFORT, offer_type=laep)
    offer(name="Crèche de la Corderie", commune=ROCHEFORT)
    nearby = client.get(SEARCH, {"q": "Moëze"}).context["nearby"]
    # Rochefort (nearer) first; in each commune the types in their order, then the names.
    position = {t.pk: t.position for t in OfferType.objects.all()}
    rochefort = sorted(
        (s for s in nearby if s.commune.code == ROCHEFORT),
        key=lambda s: (position[s.offer_type_id], s.name),
    )
    assert len(nearby) == 3
    assert [s.commune.code for s in nearby] == [ROCHEFORT] * 3
    assert nearby == rochefort


def test_the_search_reads_as_many_queries_for_one_service_as_for_twenty(client, offer):
    offer(name="Crèche 0", commune=FOURAS)
    client.get(SEARCH, {"q": "Fouras"})  # the per-process index of names and commune centres
    with CaptureQueriesContext(connection) as one:
        client.get(SEARCH, {"q": "Fouras"})
    for n in range(1, 20):
        offer(name=f"Crèche {n}", commune=FOURAS)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(SEARCH, {"q": "Fouras"})
    assert response.context["page"].paginator.count == 20
    assert len(twenty) == len(one)


def test_services_of_a_commune_are_ranked_by_distance_and_show_it(client, offer):
    offer(name="Loin", commune=ROCHEFORT, latitude="45.96", longitude="-0.90")
    offer(name="Près", commune=ROCHEFORT, latitude="45.940", longitude="-0.965")
    offer(name="Sans coordonnées", commune=ROCHEFORT)
    response = client.get(SEARCH, {"lat": "45.937", "lon": "-0.962"})
    assert names(response) == ["Près", "Loin", "Sans coordonnées"]
    assert "à moins de 1 km" in response.text and "à 5 km" in response.text


def test_htmx_gets_only_the_results(client, offer):
    offer(name="Crèche des Mouettes", commune=FOURAS)
    response = client.get(SEARCH, {"q": "Fouras"}, headers={"HX-Request": "true"})
    assert "Crèche des Mouettes" in response.text
    assert "<html" not in response.text


def test_the_browser_position_finds_the_commune_it_lies_in(client, caro):
    # A point in the middle of Fouras (the Pointe de la Fumée peninsula).
    response = client.get(SEARCH, {"lat": "45.985", "lon": "-1.09"})
    assert response.context["commune"].code == FOURAS


def test_a_bad_position_gets_a_message(client):
    response = client.get(SEARCH, {"lat": "abc", "lon": "500"})
    assert response.status_code == 200
    assert "Votre position n" in response.text


def test_the_map_has_the_contours_of_the_commune_and_its_territory(client, caro):
    data = client.get(reverse("directory:communes_geojson"), {"commune": FOURAS}).json()
    zones = {f["properties"]["code"]: f["properties"]["zone"] for f in data["features"]}
    assert zones[FOURAS] == "Commune recherchée"
    assert len(zones) == caro.communes.count()
    empty = client.get(reverse("directory:communes_geojson"), {"commune": "nope"}).json()
    assert empty["features"] == []
