"""data·inclusion files: import into a CTG, export validated by the package, same content."""

import json
from datetime import date

import pytest
from data_inclusion.schema import v1
from django.core.management import CommandError, call_command

from ctg_pilote.diagnostic.models import Offer
from ctg_pilote.directory.datainclusion import KEPT, ImportRefused, export_records, import_records
from ctg_pilote.directory.models import Service

FOURAS, ROCHEFORT, ECHILLAIS = "17168", "17299", "17146"

STRUCTURES = [
    {
        "source": "dora",
        "id": "dora--ccas-fouras",
        "nom": "CCAS de Fouras (exemple)",
        "date_maj": "2025-06-01",
        "siret": "21170168500018",
        "code_insee": FOURAS,
        "commune": "Fouras",
        "site_web": "https://www.exemple.fr/",
        "reseaux_porteurs": ["ccas-cias"],
    },
    {
        "source": "dora",
        "id": "dora--multi-accueil",
        "nom": "Association Les Petits Mousses (exemple)",
        "date_maj": "2025-06-01",
    },
]
SERVICES = [
    {
        "source": "dora",
        "structure_id": "dora--ccas-fouras",
        "id": "dora--ccas-fouras-aide",
        "nom": "Accompagnement aux démarches (exemple)",
        "description": "Aide aux démarches administratives.",
        "date_maj": "2025-09-15",
        "type": "accompagnement",
        "thematiques": [
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
        ],
        "commune": "Fouras",
        "code_insee": FOURAS,
        "code_postal": "17450",
        "adresse": "1 rue de l'Exemple",
        "latitude": 45.98712,
        "longitude": -1.09321,
        "telephone": "05 46 00 00 01",
        "courriel": "ccas@exemple.fr",
        "horaires_accueil": "Mo-Fr 09:00-12:00; PH off",
        "frais_precisions": "Gratuit.",
        "conditions_acces": "Sur rendez-vous.",
        "publics_precisions": "Habitants de Fouras",
        "zone_eligibilite": [FOURAS],
        "modes_accueil": ["en-presentiel"],
    },
    {
        "source": "dora",
        "structure_id": "dora--multi-accueil",
        "id": "dora--mousses-itinerant",
        "nom": "Relais petite enfance itinérant (exemple)",
        "description": "Informations sur les modes d'accueil.",
        "date_maj": "2025-03-02",
        "type": "information",
        "thematiques": [
            "famille--garde-denfants",
            "famille--soutien-a-la-parentalite-et-a-leducation",
        ],
        "commune": "Rochefort",
        "code_insee": ROCHEFORT,
        "adresse": "2 avenue de l'Exemple",
        "telephone": "05 46 00 00 02",
        "horaires_accueil": "Tu,Th 13:30-17:30",
        "frais_precisions": "Gratuit.",
        "zone_eligibilite": [ECHILLAIS, FOURAS, ROCHEFORT],
    },
]


def test_a_data_inclusion_file_round_trips(caro):
    imported = import_records(caro, STRUCTURES, SERVICES)
    assert len(imported.services) == 2 and imported.organisations == 2
    relais = Offer.objects.get(name="Relais petite enfance itinérant (exemple)")
    assert relais.offer_type.code == "rpe" and relais.is_itinerant
    assert relais.information_date == date(2025, 3, 2)

    structures, services = export_records(caro)
    for record in structures:
        v1.Structure.model_validate(record)
    for record in services:
        v1.Service.model_validate(record)
    for given, exported in zip(SERVICES, services, strict=True):
        expected = {key: given.get(key) for key in KEPT}
        expected["thematiques"] = sorted(expected["thematiques"])
        got = {key: exported.get(key) for key in KEPT}
        got["thematiques"] = sorted(got["thematiques"])
        got["zone_eligibilite"] = sorted(got["zone_eligibilite"])
        assert got == expected
    assert {s["nom"] for s in structures} == {s["nom"] for s in STRUCTURES}
    ccas = next(s for s in structures if s["nom"].startswith("CCAS"))
    assert ccas["siret"] == "21170168500018" and ccas["reseaux_porteurs"] == ["ccas-cias"]


def test_a_fresher_file_of_the_same_services_updates_them(caro):
    import_records(caro, STRUCTURES, SERVICES)
    relais = Offer.objects.get(name="Relais petite enfance itinérant (exemple)")
    relais.places = 12  # not carried by data·inclusion: kept
    relais.save()
    fresher = [
        dict(SERVICES[0], telephone="05 46 00 00 09", date_maj="2026-10-01"),
        dict(SERVICES[1], adresse=None, zone_eligibilite=None),
    ]
    again = import_records(caro, STRUCTURES, fresher)
    assert (len(again.created), len(again.updated)) == (0, 2)
    assert caro.offers.count() == 2
    aide = Offer.objects.get(name="Accompagnement aux démarches (exemple)")
    assert aide.public_phone == "05 46 00 00 09"
    assert aide.information_date == date(2026, 10, 1)
    relais.refresh_from_db()
    # What the file leaves blank is kept: address, the communes it serves, its places.
    assert relais.address == "2 avenue de l'Exemple" and relais.places == 12
    assert relais.is_itinerant and relais.communes_served.count() == 3


def test_reimporting_the_ctgs_own_export_creates_nothing(caro, commune):
    from ctg_pilote.diagnostic.models import OfferType

    from .factories import ServiceFactory

    import_records(caro, STRUCTURES, SERVICES)
    # Its thématiques are those of a multi-accueil: the import cannot tell them apart.
    ServiceFactory(
        convention=caro,
        name="Micro-crèche Les Salicornes (exemple)",
        offer_type=OfferType.objects.get(code="micro-creche"),
        commune=commune(FOURAS),
        public="",
        age_min=10,
        age_max=48,
        age_unit="mois",
    )
    structures, services = export_records(caro)
    again = import_records(caro, structures, services)
    assert (len(again.created), len(again.updated)) == (0, 3)
    assert caro.offers.count() == 3
    micro = Service.objects.get(name__startswith="Micro-crèche")
    assert micro.offer_type.code == "micro-creche"
    assert micro.public == "" and micro.for_whom == "10 à 48 mois"  # the ages are not a public


def test_the_same_service_twice_in_a_file_is_refused_at_its_second_place(caro):
    with pytest.raises(ImportRefused) as refused:
        import_records(caro, STRUCTURES, [SERVICES[0], dict(SERVICES[0], id="dora--copie")])
    assert refused.value.problems == [
        "services[1].nom : même service (type, nom et commune) que services[0]"
    ]
    assert not caro.offers.exists()


def test_a_bad_record_is_refused_with_its_place_and_nothing_is_written(caro):
    services = [dict(SERVICES[0]), dict(SERVICES[1], horaires_accueil="le mardi")]
    services[0]["courriel"] = "pas un courriel"
    with pytest.raises(ImportRefused) as refused:
        import_records(caro, STRUCTURES, services)
    text = "\n".join(refused.value.problems)
    assert "services[0].courriel : adresse de courriel invalide" in text
    assert "services[1].horaires_osm" in text and "format OpenStreetMap" in text
    assert not caro.offers.exists() and not caro.organisations.exists()


def test_a_commune_outside_the_ctg_is_refused(caro):
    outside = dict(SERVICES[0], code_insee="49099", zone_eligibilite=["49099"])
    with pytest.raises(ImportRefused, match=r"services\[0\]\.code_insee"):
        import_records(caro, STRUCTURES, [outside])


def test_the_command_imports_then_exports(caro, tmp_path):
    (tmp_path / "structures.json").write_text(json.dumps(STRUCTURES), encoding="utf-8")
    (tmp_path / "services.json").write_text(json.dumps({"items": SERVICES}), encoding="utf-8")
    call_command(
        "data_inclusion", "import", caro.slug,
        str(tmp_path / "structures.json"), str(tmp_path / "services.json"),
    )  # fmt: skip
    call_command("data_inclusion", "export", caro.slug, str(tmp_path / "out"))
    exported = json.loads((tmp_path / "out" / "services.json").read_text(encoding="utf-8"))
    assert [s["nom"] for s in exported] == [s["nom"] for s in SERVICES]
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.json : ce n'est pas un fichier JSON"):
        call_command(
            "data_inclusion",
            "import",
            caro.slug,
            str(tmp_path / "bad.json"),
            str(tmp_path / "bad.json"),
        )


def test_a_public_that_already_says_the_ages_shows_them_once():
    service = Service(public="10 à 48 mois", age_min=10, age_max=48, age_unit="mois")
    assert service.for_whom == "10 à 48 mois"
    service.public = "Familles de Fouras"
    assert service.for_whom == "Familles de Fouras, 10 à 48 mois"
