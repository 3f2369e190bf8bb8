import copy

import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from tests.diagnostic.conftest import demo_with_diagnostic

pytestmark = pytest.mark.django_db


def rich_document():
    doc = demo_with_diagnostic()
    doc["zones"][0]["communes"] = ["17299"]
    diag = doc["diagnostic"]
    diag["chiffres_cles"].append(
        {
            "code": "zone-pop",
            "libelle": "Population de la zone",
            "valeur": 23583,
            "zone": "Rochefort",
            "annee": 2018,
            "source": "Brochure",
            "remarque": "Zone.",
        }
    )
    diag["types_offre"] = [{"code": "tiers-lieu", "libelle": "Tiers-lieu", "categorie": "autre"}]
    diag["offre"]["equipements"].append(
        {
            "type": "bus-france-services",
            "nom": "Bus France Services",
            "itinerant": True,
            "communes_desservies": ["17004", "17168"],
            "age_min": 0,
            "age_max": 36,
            "unite_age": "mois",
            "latitude": 45.93,
            "longitude": -0.96,
            "places": 12,
            "horaires": "Mardi 9 h-12 h",
            "contact": "accueil@exemple.test",
            "telephone_public": "05 46 00 00 00",
            "courriel_public": "bus@example.org",
            "site_web_public": "https://exemple.test/bus",
            "public": "Tous",
            "adresse": "Place de la mairie",
            "fictif": True,
            "source": "Test",
        }
    )
    diag["offre"]["decomptes"].append({"type": "tiers-lieu", "nombre": 1, "source": "Test"})
    diag["enquetes"][0]["reponses"][0]["themes"] = {"besoins": ["petite-enfance"]}
    return doc


def test_round_trip_export_import_export_is_identical():
    import_document(rich_document())
    first = dump_yaml(export_convention(Convention.objects.get(slug="rochefort-ocean")))
    Convention.objects.all().delete()
    import_document(__import__("yaml").safe_load(first))
    second = dump_yaml(export_convention(Convention.objects.get(slug="rochefort-ocean")))
    assert first == second
    assert "tiers-lieu" in second and "communes_desservies" in second
    assert "13401" in second and "fictif: true" in second
    assert "telephone_public: 05 46 00 00 00" in second and "bus@example.org" in second


def test_bad_references_are_reported_with_their_paths():
    doc = rich_document()
    diag = doc["diagnostic"]
    diag["chiffres_cles"][0]["commune"] = "49007"
    diag["offre"]["equipements"][0]["gestionnaire"] = "inconnue"
    diag["offre"]["decomptes"][0]["type"] = "soucoupe"
    diag["syntheses"][0]["chiffres_cles"] = ["absent"]
    with pytest.raises(ExchangeError) as error:
        import_document(copy.deepcopy(doc))
    messages = [str(p) for p in error.value.problems]
    assert (
        "diagnostic.chiffres_cles[0].commune : la commune 49007 n'est pas dans le territoire de la CTG"
        in messages
    )
    assert (
        "diagnostic.offre.equipements[0].gestionnaire : organisation « inconnue » inconnue dans ce document"
        in messages
    )
    assert "diagnostic.offre.decomptes[0].type : type d'offre « soucoupe » inconnu" in messages
    assert (
        "diagnostic.syntheses[0].chiffres_cles[0] : chiffre clé « absent » absent du document"
        in messages
    )
    assert not Convention.objects.filter(slug="rochefort-ocean").exists()


def test_a_public_contact_the_model_refuses_is_named_at_its_path():
    doc = rich_document()
    offer = doc["diagnostic"]["offre"]["equipements"][-1]
    offer["telephone_public"] = "06 12"
    offer["courriel_public"] = "pas-un-courriel"
    with pytest.raises(ExchangeError) as error:
        import_document(doc)
    messages = [str(p) for p in error.value.problems]
    index = len(doc["diagnostic"]["offre"]["equipements"]) - 1
    path = f"diagnostic.offre.equipements[{index}]"
    phone = [m for m in messages if m.startswith(f"{path}.telephone_public")]
    email = [m for m in messages if m.startswith(f"{path}.courriel_public")]
    assert len(phone) == 1 and "06 12" in phone[0] and "numéro" in phone[0]
    assert len(email) == 1
    assert not Convention.objects.filter(slug="rochefort-ocean").exists()
