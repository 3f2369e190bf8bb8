"""Official geography through the API: public, with its source and vintage."""

import pytest

from ctg_pilote.territories.models import Epci

pytestmark = pytest.mark.django_db

ROCHEFORT_OCEAN = "200041762"


def test_epci_are_public_searchable_and_cite_their_source(client):
    response = client.get("/api/v1/territoires/epci/", {"departement": "17", "q": "rochefort"})
    assert response.status_code == 200
    data = response.json()
    assert [e["siren"] for e in data["resultats"]] == [ROCHEFORT_OCEAN]
    epci = data["resultats"][0]
    assert epci["departement"] == {"code": "17", "nom": "Charente-Maritime"}
    assert epci["source"]["millesime"] == 2026
    assert "Code officiel géographique" in epci["source"]["citation"]


def test_an_epci_lists_its_communes(client):
    response = client.get(f"/api/v1/territoires/epci/{ROCHEFORT_OCEAN}/")
    assert response.status_code == 200
    epci = Epci.objects.get(siren=ROCHEFORT_OCEAN, vintage__year=2026)
    assert response.json()["communes"] == sorted(c.code for c in epci.communes.all())
    assert "17299" in response.json()["communes"]  # Rochefort


def test_communes_are_filtered_by_departement_epci_and_text(client):
    response = client.get("/api/v1/territoires/communes/", {"epci": ROCHEFORT_OCEAN, "q": "roche"})
    assert response.status_code == 200
    names = [c["nom"] for c in response.json()["resultats"]]
    assert "Rochefort" in names
    response = client.get("/api/v1/territoires/communes/", {"q": "17300"})  # postcode
    assert "Rochefort" in [c["nom"] for c in response.json()["resultats"]]
    response = client.get("/api/v1/territoires/communes/17299/")
    assert response.status_code == 200
    assert response.json()["epci"] == ROCHEFORT_OCEAN
    response = client.get("/api/v1/territoires/communes/", {"departement": "49", "taille": 5})
    assert response.json()["total"] > 100
    assert len(response.json()["resultats"]) == 5


def test_bad_territory_queries_are_clear_errors(client):
    response = client.get("/api/v1/territoires/communes/00000/")
    assert response.status_code == 404
    assert "00000" in response.json()["message"]
    response = client.get("/api/v1/territoires/epci/", {"millesime": 1850})
    assert response.status_code == 400
    assert "millesime" in response.json()["details"]
    response = client.get("/api/v1/territoires/epci/", {"millesime": 2011})
    assert response.status_code == 400
    assert "2026" in str(response.json()["details"]["millesime"])
    response = client.get("/api/v1/territoires/communes/", {"epci": "abc"})
    assert response.status_code == 400
    response = client.get("/api/v1/territoires/epci/", {"taille": "mille"})
    assert response.status_code == 400
