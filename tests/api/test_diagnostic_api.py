"""The diagnostic through the API: catalogue, values per commune, aggregates and the offer."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctg_pilote.api.services import create_token
from ctg_pilote.conventions.models import ZoneCommune
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.diagnostic.models import Dataset, Indicator, IndicatorValue, Offer, OfferType
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalogue(db):
    """Transactional tests elsewhere may empty the tables the data migration filled."""
    ensure_catalogue()


def headers(convention, role="coordinateur"):
    membership = MembershipFactory(convention=convention, role=role)
    _token, raw_key = create_token(user=membership.user, name="Observatoire")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def outsider_headers():
    _token, raw_key = create_token(user=UserFactory(), name="Curieux")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def url(convention, path):
    return f"/api/v1/ctg/{convention.slug}/diagnostic/{path}"


def communes(convention):
    return list(convention.communes.order_by("code"))


def put_values(code, values, year=2021, source="INSEE, recensement", vintage="RP 2021"):
    """values: {commune: value or None (not published by the source)}."""
    dataset = Dataset.objects.create(source=source, vintage=vintage)
    indicator = Indicator.objects.get(code=code)
    for commune, value in values.items():
        IndicatorValue.objects.create(
            indicator=indicator, commune=commune, year=year, value=value, dataset=dataset
        )


# ---- catalogue and values ----------------------------------------------------------------------


def test_the_catalogue_gives_unit_aggregation_rule_and_source(client, convention):
    response = client.get(url(convention, "indicateurs/?taille=500"), **headers(convention))
    assert response.status_code == 200
    by_code = {i["code"]: i for i in response.json()["resultats"]}
    ratio = by_code["part-familles-monoparentales"]
    assert ratio["unite"] == "pourcentage"
    assert ratio["regle"] == "ratio"
    assert ratio["numerateurs"] == ["familles-monoparentales"]
    assert ratio["denominateur"] == "familles"
    assert ratio["source"].startswith("INSEE")
    assert by_code["population"]["regle"] == "somme"


def test_values_per_commune_say_their_source_and_when_they_are_not_published(client, convention):
    first, second, third = communes(convention)
    elsewhere = communes(ConventionFactory())[0]
    put_values("familles", {first: 120, second: 80, third: None, elsewhere: 999})
    put_values("familles", {first: 110}, year=2015, vintage="RP 2015")
    auth = headers(convention, "lecteur")

    response = client.get(url(convention, "valeurs/?indicateur=familles&annee=2021"), **auth)
    assert response.status_code == 200
    rows = response.json()["resultats"]
    assert [r["commune"] for r in rows] == [first.code, second.code, third.code]
    assert rows[0]["valeur"] == 120 and rows[0]["non_diffuse"] is False
    assert rows[2]["valeur"] is None and rows[2]["non_diffuse"] is True
    assert rows[0]["source"] == "INSEE, recensement" and rows[0]["millesime_source"] == "RP 2021"

    response = client.get(url(convention, f"valeurs/?commune={first.code}"), **auth)
    assert [(r["annee"], r["valeur"]) for r in response.json()["resultats"]] == [
        (2015, 110),
        (2021, 120),
    ]


def test_wrong_filters_on_values_are_refused_with_the_parameter_named(client, convention):
    auth = headers(convention)
    elsewhere = communes(ConventionFactory())[0]
    for query, parameter in [
        ("annee=deux-mille", "annee"),
        ("indicateur=inconnu", "indicateur"),
        (f"commune={elsewhere.code}", "commune"),
        ("taille=100000", "taille"),
    ]:
        response = client.get(url(convention, f"valeurs/?{query}"), **auth)
        assert response.status_code == 400, query
        assert parameter in response.json()["details"], query
        if parameter == "commune":
            assert "commune de la CTG" in response.json()["details"]["commune"][0]


def test_the_values_list_costs_the_same_queries_for_3_or_30_rows(client, convention):
    auth = headers(convention)
    client.get(url(convention, "valeurs/"), **auth)  # warm the per-request caches

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(convention, "valeurs/?taille=500"), **auth)
        return response.json()["total"], len(captured)

    put_values("familles", dict.fromkeys(communes(convention), 10))
    small = queries()
    for code in ["population", "menages", "hommes", "pop-0-2", "pop-3-5", "pop-6-10"]:
        put_values(code, dict.fromkeys(communes(convention), 10))
    put_values("familles", dict.fromkeys(communes(convention), 10), year=2015)
    large = queries()
    assert (small[0], large[0]) == (3, 24)
    assert small[1] == large[1]


def test_aggregates_follow_the_rule_for_zones_territory_departement_and_france(client, convention):
    first, second, third = communes(convention)
    zone = ZoneFactory(convention=convention, name="Nord")
    ZoneCommune.objects.create(convention=convention, zone=zone, commune=first)
    elsewhere = communes(ConventionFactory())[0]
    put_values("familles", {first: 100, second: 300, third: None, elsewhere: 100})
    put_values("familles-monoparentales", {first: 20, second: 60, third: None, elsewhere: 50})

    response = client.get(
        url(convention, "agregats/?indicateur=part-familles-monoparentales"),
        **headers(convention, "partenaire"),
    )
    assert response.status_code == 200
    data = response.json()
    assert data["annee"] == 2021
    assert data["indicateur"]["regle"] == "ratio"
    assert "INSEE, recensement" in data["source"]
    cells = {p["type"]: p for p in data["perimetres"]}
    assert [p["type"] for p in data["perimetres"]] == [
        "zone",
        "territoire",
        "departement",
        "france",
    ]
    assert cells["zone"]["nom"] == "Nord" and cells["zone"]["valeur"] == pytest.approx(20.0)
    assert cells["zone"]["partiel"] is False
    # A ratio of sums, never an average of commune ratios; the masked commune makes it partial.
    territory = cells["territoire"]
    assert territory["valeur"] == pytest.approx(80 / 400 * 100)
    assert (territory["communes_couvertes"], territory["communes_attendues"]) == (2, 3)
    assert territory["partiel"] is True
    assert cells["departement"]["valeur"] == pytest.approx(130 / 500 * 100)

    response = client.get(
        url(convention, "agregats/?indicateur=part-familles-monoparentales&annee=2010"),
        **headers(convention),
    )
    assert response.json()["annee"] == 2010
    assert all(p["valeur"] is None for p in response.json()["perimetres"])


def test_aggregates_need_a_known_indicator(client, convention):
    auth = headers(convention)
    for query in ["", "?indicateur=nimporte", "?indicateur=population&annee=1500"]:
        response = client.get(url(convention, f"agregats/{query}"), **auth)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"


def test_the_diagnostic_of_another_ctg_is_forbidden(client, convention):
    other = ConventionFactory()
    for path in ["indicateurs/", "valeurs/", "agregats/?indicateur=population", "offre/"]:
        response = client.get(url(other, path), **headers(convention))
        assert response.status_code == 403, path
        assert "membre" in response.json()["message"]


# ---- offer -----------------------------------------------------------------------------------


def make_offer(convention, name="Multi-accueil des Fourriers", type_code="eaje", **kwargs):
    kwargs.setdefault("contact", "05 46 00 00 00, accueil@creche.example.org")
    return Offer.objects.create(
        convention=convention,
        offer_type=OfferType.objects.get(code=type_code),
        name=name,
        **kwargs,
    )


def test_the_offer_list_filters_by_type_category_commune_and_text(client, convention):
    first, second, third = communes(convention)
    make_offer(convention, commune=first, places=40, age_min=3, age_max=36, age_unit="mois")
    bus = make_offer(convention, "Bus France Services", "bus-france-services", is_itinerant=True)
    bus.communes_served.set([second, third])
    make_offer(convention, "Relais petite enfance", "rpe", commune=second, public="parents")
    make_offer(ConventionFactory(), "Crèche d'une autre CTG")
    auth = headers(convention, "lecteur")

    def names(query=""):
        response = client.get(url(convention, f"offre/{query}"), **auth)
        assert response.status_code == 200, response.content
        return sorted(o["nom"] for o in response.json()["resultats"])

    assert names() == [
        "Bus France Services",
        "Multi-accueil des Fourriers",
        "Relais petite enfance",
    ]
    assert names("?type=eaje") == ["Multi-accueil des Fourriers"]
    assert names("?categorie=acces-aux-droits") == ["Bus France Services"]
    assert names(f"?commune={second.code}") == ["Bus France Services", "Relais petite enfance"]
    assert names("?q=PARENTS") == ["Relais petite enfance"]
    creche = next(
        o
        for o in client.get(url(convention, "offre/"), **auth).json()["resultats"]
        if o["type"] == "eaje"
    )
    assert creche["categorie"] == "petite-enfance"
    assert (creche["commune"], creche["places"], creche["unite_age"]) == (first.code, 40, "mois")
    assert creche["contact"] == "05 46 00 00 00, accueil@creche.example.org"


def test_wrong_offer_filters_are_refused(client, convention):
    auth = headers(convention)
    for query, parameter in [
        ("type=soucoupe", "type"),
        ("categorie=loisirs", "categorie"),
        ("commune=99999", "commune"),
        ("q=" + "x" * 300, "q"),
        ("page=abc", None),
    ]:
        response = client.get(url(convention, f"offre/?{query}"), **auth)
        assert response.status_code in (400, 404), query
        if parameter:
            assert parameter in response.json()["details"], query


def test_offer_contacts_are_shown_only_to_who_may_see_them(client, convention, monkeypatch):
    offer = make_offer(convention, contact="Mme Durand 06 12 34 56 78")
    auth = headers(convention, "coordinateur")
    assert client.get(url(convention, f"offre/{offer.pk}/"), **auth).json()["contact"]

    # Nobody outside the CTG reads them.
    for path in ["offre/", f"offre/{offer.pk}/"]:
        response = client.get(url(convention, path), **outsider_headers())
        assert response.status_code == 403
        assert "Durand" not in response.content.decode()

    # Whatever diagnostic/perms.py decides is what the API shows: the contact is null.
    monkeypatch.setattr(
        "ctg_pilote.diagnostic.perms.can_view_offer_contacts", lambda user, convention: False
    )
    for response in [
        client.get(url(convention, "offre/"), **auth),
        client.get(url(convention, f"offre/{offer.pk}/"), **auth),
        client.patch(
            url(convention, f"offre/{offer.pk}/"),
            {"places": 12},
            content_type="application/json",
            **auth,
        ),
    ]:
        assert response.status_code == 200
        assert "Durand" not in response.content.decode()
        data = response.json()
        assert [o["contact"] for o in data.get("resultats", [data])] == [None]


def test_editors_create_change_and_remove_an_offer(client, convention):
    first, second, third = communes(convention)
    OrganisationFactory(convention=convention, ref="caro", name="CARO")
    auth = headers(convention, "caf")
    response = client.post(
        url(convention, "offre/"),
        {
            "type": "laep",
            "nom": "LAEP Les Petits Pas",
            "gestionnaire": "caro",
            "commune": first.code,
            "latitude": 45.93,
            "longitude": -0.96,
            "age_min": 0,
            "age_max": 6,
            "communes_desservies": [second.code, third.code],
            "itinerant": True,
            "contact": "accueil@laep.test",
            "source": "CAF, 2025",
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["categorie"] == "parentalite"
    offer = Offer.objects.get(pk=created["id"], convention=convention)
    assert offer.manager.ref == "caro"
    assert sorted(c.code for c in offer.communes_served.all()) == [second.code, third.code]

    response = client.patch(
        url(convention, f"offre/{offer.pk}/"),
        {"nom": "LAEP Les Petits Pas (Fouras)", "communes_desservies": []},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200
    offer.refresh_from_db()
    assert offer.name == "LAEP Les Petits Pas (Fouras)" and not offer.communes_served.exists()

    response = client.delete(url(convention, f"offre/{offer.pk}/"), **auth)
    assert response.status_code == 204
    assert not Offer.objects.filter(pk=offer.pk).exists()


def test_bad_offer_input_names_the_field_and_saves_nothing(client, convention):
    elsewhere = ConventionFactory()
    stranger = OrganisationFactory(convention=elsewhere, ref="autre")
    auth = headers(convention)
    base = {"type": "eaje", "nom": "Crèche"}
    for change, field in [
        ({"places": "dix"}, "places"),
        ({"type": "soucoupe"}, "type"),
        ({"commune": communes(elsewhere)[0].code}, "commune"),
        ({"communes_desservies": ["00000"]}, "communes_desservies"),
        ({"gestionnaire": stranger.ref}, "gestionnaire"),
        ({"latitude": 123}, "latitude"),
        ({"age_min": 10, "age_max": 3}, "age_max"),
        ({"nom": ""}, "nom"),
        ({"unite_age": "semaines"}, "unite_age"),
        ({"horaires_osm": "lundi matin"}, "horaires_osm"),
        ({"accessibilite_lieu": "javascript:alert(1)"}, "accessibilite_lieu"),
        ({"date_maj": "31/02/2026"}, "date_maj"),
        ({"tarifs": "x" * 501}, "tarifs"),
    ]:
        response = client.post(
            url(convention, "offre/"), {**base, **change}, content_type="application/json", **auth
        )
        assert response.status_code == 400, change
        assert field in response.json()["details"], change
    response = client.post(
        url(convention, "offre/"),
        {**base, "horaires": "x" * 2_000_000},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 413
    assert not Offer.objects.filter(convention=convention).exists()


def test_offer_writes_need_the_right_and_the_right_ctg(client, convention):
    offer = make_offer(convention, places=20)
    other_offer = make_offer(ConventionFactory(), "Crèche voisine", places=30)
    partner = headers(convention, "partenaire")
    target = url(convention, f"offre/{offer.pk}/")

    response = client.patch(target, {"places": 1}, content_type="application/json", **partner)
    assert response.status_code == 403
    assert "coordination" in response.json()["message"]
    assert client.delete(target, **partner).status_code == 403
    response = client.post(
        url(convention, "offre/"),
        {"type": "eaje", "nom": "Pirate"},
        content_type="application/json",
        **partner,
    )
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.places == 20 and Offer.objects.filter(convention=convention).count() == 1

    # Another CTG's offer through this CTG's address: not found, untouched.
    editor = headers(convention, "coordinateur")
    other_url = url(convention, f"offre/{other_offer.pk}/")
    response = client.patch(other_url, {"places": 1}, content_type="application/json", **editor)
    assert response.status_code == 404
    assert str(other_offer.pk) in response.json()["message"]
    assert client.delete(other_url, **editor).status_code == 404
    assert client.get(url(convention, "offre/99999999999999999999/"), **editor).status_code == 404
    other_offer.refresh_from_db()
    assert other_offer.places == 30


def test_the_offer_list_costs_the_same_queries_for_2_or_12_offers(client, convention):
    auth = headers(convention)
    served = communes(convention)

    def add(n):
        for i in range(n):
            offer = make_offer(convention, f"Offre {len(served)}-{i}-{n}", commune=served[0])
            offer.communes_served.set(served[1:])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(convention, "offre/?taille=500"), **auth)
        return response.json()["total"], len(captured)

    add(2)
    client.get(url(convention, "offre/"), **auth)
    small = queries()
    add(10)
    large = queries()
    assert (small[0], large[0]) == (2, 12)
    assert small[1] == large[1]


def test_an_offer_carries_what_a_family_needs_to_reach_the_place(client, convention):
    first = communes(convention)[0]
    auth = headers(convention, "caf")
    place = {
        "adresse": "2 rue de la Mer",
        "latitude": 45.98,
        "longitude": -1.09,
        "horaires_osm": "Mo-Fr 08:30-12:00,13:30-18:00; PH off",
        "telephone_public": "05 46 00 11 22",
        "courriel_public": "accueil@creche.example.org",
        "age_min": 0,
        "age_max": 3,
        "tarifs": "Selon le barème CNAF.",
        "modalites_acces": "Inscription en mairie.",
        "accessibilite_lieu": "https://acceslibre.beta.gouv.fr/app/17-fouras/a/creche/",
        "date_maj": "2026-10-01",
    }
    response = client.post(
        url(convention, "offre/"),
        {"type": "eaje", "nom": "Crèche", "commune": first.code, **place},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    offer = Offer.objects.get(pk=response.json()["id"])
    assert offer.opening_hours.startswith("Mo-Fr") and offer.information_date.day == 1
    read = client.get(url(convention, f"offre/{offer.pk}/"), **headers(convention, "lecteur"))
    assert {key: read.json()[key] for key in place} == place
