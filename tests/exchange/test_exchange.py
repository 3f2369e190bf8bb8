import copy
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention, Zone
from ctg_pilote.demo.services import DATA_DIR, demo_document, demo_folders
from ctg_pilote.exchange.document import parse, read_file, schema
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError

pytestmark = pytest.mark.django_db

ROCHEFORT = DATA_DIR / "rochefort-ocean" / "ctg.yaml"


def rich_document():
    """A CTG unlike the demo: a list of communes, zones filled, a custom thématique,
    contacts with every field, all roles."""
    return {
        "format": "ctg-pilote",
        "version": 1,
        "ctg": {
            "identifiant": "marais-test",
            "nom": "CTG test des marais",
            "presentation": "Deux lignes\nde présentation.",
            "statut": "signee",
            "periode": {"debut": 2025, "fin": 2029},
            "signee_le": "2025-03-14",
            "caf": "17",
            "thematiques": ["petite-enfance", "jeunesse", "parentalite", "peche-a-pied"],
        },
        "thematiques": [{"code": "peche-a-pied", "libelle": "Pêche à pied"}],
        "territoire": {
            "millesime": 2026,
            "type": "liste",
            "communes": ["17004", "17168", "17299", "17484"],
        },
        "zones": [
            {"nom": "Îles", "communes": ["17004"], "remarque": "Accès en bateau."},
            {
                "nom": "Littoral",
                "communes": ["17168", "17484"],
                "population_indiquee": {"valeur": 6000, "source": "Étude 2024 (fictif)"},
            },
        ],
        "organisations": [
            {
                "ref": "caf-17",
                "nom": "CAF de la Charente-Maritime",
                "type": "caf",
                "qualite": "signataire",
            },
            {
                "ref": "centre-social",
                "nom": "Centre social du littoral",
                "type": "centre_social",
                "siret": "12345678900011",
                "commune": "17168",
                "site_web": "https://exemple.test",
                "remarque": "Porte deux CLAS.",
                "contacts": [
                    {
                        "fonction": "Directrice",
                        "prenom": "Camille",
                        "nom": "Exemple",
                        "courriel": "direction@exemple.test",
                        "telephone": "05 00 00 00 00",
                    },
                    {"fonction": "Accueil"},
                ],
            },
        ],
        "membres": [
            {"courriel": "caf@exemple.test", "role": "caf", "organisation": "caf-17"},
            {"courriel": "coordination@exemple.test", "role": "coordinateur", "prenom": "Alex"},
            {"courriel": "cs@exemple.test", "role": "partenaire", "organisation": "centre-social"},
            {"courriel": "elu@exemple.test", "role": "lecteur"},
        ],
    }


def wipe():
    Convention.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.parametrize("source", ["demo", "rich"])
def test_export_import_into_an_empty_database_export_gives_the_same_document(source):
    document = demo_document(ROCHEFORT.parent) if source == "demo" else rich_document()
    import_document(document)
    slug = document["ctg"]["identifiant"]
    first = export_convention(Convention.objects.get(slug=slug))
    text = dump_yaml(first)
    wipe()
    import_document(parse(text))
    second = export_convention(Convention.objects.get(slug=slug))
    assert second == first
    assert dump_yaml(second) == text


def test_the_rich_document_comes_back_unchanged():
    document = rich_document()
    import_document(document)
    assert export_convention(Convention.objects.get(slug="marais-test")) == {
        **document,
        "membres": sorted(document["membres"], key=lambda m: (m["role"], m["courriel"])),
    }


def test_the_exported_demo_names_its_25_communes_and_validates(capsys):
    call_command("import_ctg", str(ROCHEFORT))
    call_command("export_ctg", "rochefort-ocean")
    text = capsys.readouterr().out
    document = parse(text)
    assert len(document["territoire"]["communes"]) == 25
    assert "17299" in document["territoire"]["communes"]
    assert [z["nom"] for z in document["zones"]] == [
        "Rochefort",
        "Sud Charente",
        "Est Charente",
        "Nord Charente",
    ]


def test_validate_command_accepts_an_export(tmp_path, capsys):
    call_command("import_ctg", str(ROCHEFORT))
    out = tmp_path / "export.yaml"
    call_command("export_ctg", "rochefort-ocean", "-o", str(out))
    call_command("validate_ctg", str(out))
    assert "document valide" in capsys.readouterr().out


def test_json_is_accepted_too(tmp_path):
    path = tmp_path / "ctg.json"
    path.write_text(json.dumps(rich_document()), encoding="utf-8")
    import_document(read_file(path))
    assert Convention.objects.get(slug="marais-test").communes.count() == 4


def test_importing_again_updates_and_removes_what_the_document_no_longer_lists():
    document = rich_document()
    import_document(document)
    document["zones"] = [{"nom": "Littoral", "communes": ["17004", "17168"]}]
    document["organisations"][1]["contacts"] = []
    document["membres"] = document["membres"][:2]
    report = import_document(document)
    assert not report.created
    convention = Convention.objects.get(slug="marais-test")
    assert list(convention.zones.values_list("name", flat=True)) == ["Littoral"]
    assert sorted(convention.zones.get().communes.values_list("code", flat=True)) == [
        "17004",
        "17168",
    ]
    assert convention.memberships.count() == 2
    assert not convention.organisations.get(ref="centre-social").contacts.exists()


def problems_of(document):
    with pytest.raises(ExchangeError) as caught:
        import_document(document)
    return [str(p) for p in caught.value.problems]


def test_unknown_commune_in_a_zone_names_its_path():
    document = rich_document()
    document["zones"][1]["communes"].append("17999")
    assert "zones[1].communes[2] : commune 17999 inconnue" in problems_of(document)
    assert not Convention.objects.exists()


def test_every_problem_is_reported_with_its_place_and_nothing_is_saved():
    document = rich_document()
    document["territoire"]["communes"].append("17998")
    document["zones"][1]["communes"].append("17004")
    document["ctg"]["periode"] = {"debut": 2029, "fin": 2025}
    document["ctg"]["caf"] = "99"
    document["ctg"]["thematiques"].append("inconnue")
    document["membres"][2].pop("organisation")
    problems = problems_of(document)
    assert problems == [
        "ctg.caf : département « 99 » inconnu",
        "ctg.periode.fin : la période se termine en 2025, avant de commencer en 2029",
        "territoire.communes[4] : commune 17998 inconnue (millésime 2026)",
        "zones[1].communes[2] : la commune 17004 (Île-d'Aix) est déjà dans la zone « Îles » "
        "(zones[0]) ; une commune n'appartient qu'à une zone",
        "ctg.thematiques[4] : thématique « inconnue » inconnue ; définissez-la dans "
        "« thematiques » (code et libellé)",
        "membres[2].organisation : un partenaire doit être rattaché à une organisation",
    ]
    assert not Convention.objects.exists()
    assert not User.objects.exists()


def test_unknown_epci_and_commune_outside_the_epci():
    document = read_file(ROCHEFORT)
    bad_epci = copy.deepcopy(document)
    bad_epci["territoire"]["epci"] = "200000001"
    assert "territoire.epci : EPCI 200000001 inconnu (millésime 2026)" in problems_of(bad_epci)
    outside = copy.deepcopy(document)
    outside["territoire"]["communes"].append("17306")  # La Rochelle, another EPCI
    assert any(
        p.startswith("territoire.communes[25] : la commune 17306") and "n'est pas membre" in p
        for p in problems_of(outside)
    )


def test_schema_errors_are_in_french_with_their_path():
    document = rich_document()
    document["zones"][0]["communes"] = [17004]
    document["organisations"][0]["type"] = "mairie"
    document["ctg"]["couleur"] = "bleu"
    del document["ctg"]["nom"]
    problems = problems_of(document)
    assert "ctg : champ obligatoire manquant : nom" in problems
    assert any(p.startswith("ctg : champ inconnu : couleur") for p in problems)
    assert any(p.startswith("zones[0].communes[0] : doit être un texte") for p in problems)
    assert any(p.startswith("organisations[0].type : valeur 'mairie' non prévue") for p in problems)


def test_malformed_yaml_names_the_line(tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text("format: ctg-pilote\nctg:\n  nom: [pas fermé\n", encoding="utf-8")
    with pytest.raises(ExchangeError) as caught:
        read_file(path)
    assert "casse.yaml : YAML mal formé (ligne" in str(caught.value)


def test_import_command_fails_clearly_and_keeps_the_database(tmp_path, capsys):
    import_document(rich_document())
    document = rich_document()
    document["ctg"]["nom"] = "Nouveau nom"
    document["zones"][0]["communes"] = ["17999"]
    path = tmp_path / "ctg.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_ctg", str(path))
    assert "zones[0].communes[0] : commune 17999 inconnue" in capsys.readouterr().err
    convention = Convention.objects.get(slug="marais-test")
    assert convention.name == "CTG test des marais"
    assert Zone.objects.get(convention=convention, name="Îles").communes.count() == 1


def test_dry_run_writes_nothing(capsys):
    call_command("import_ctg", str(ROCHEFORT), "--dry-run")
    assert "serait créée" in capsys.readouterr().out
    assert not Convention.objects.exists()


def test_the_demo_and_the_documented_example_follow_the_schema():
    from jsonschema import Draft202012Validator

    from ctg_pilote.exchange.document import SCHEMA_PATH

    Draft202012Validator.check_schema(schema())
    validator = Draft202012Validator(schema())
    example = read_file(SCHEMA_PATH.parents[3] / "docs" / "exemples" / "ctg-exemple.yaml")
    for document in [*(demo_document(f) for f in demo_folders()), example]:
        assert list(validator.iter_errors(document)) == [], document["ctg"]["identifiant"]


def test_the_committed_schema_is_up_to_date():
    """ctg-v1.schema.json is generated from core.json and the apps' sections."""
    from ctg_pilote.exchange.document import SCHEMA_PATH, render_schema

    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), (
        "Schéma périmé : lancez « uv run ctg exchange_schema »"
    )


def test_a_list_left_out_of_the_document_is_left_untouched():
    document = rich_document()
    import_document(document)
    for key in ("zones", "organisations", "membres"):
        del document[key]
    document["ctg"]["nom"] = "Nom changé"
    import_document(document)
    convention = Convention.objects.get(slug="marais-test")
    assert convention.name == "Nom changé"
    assert convention.zones.count() == 2
    assert convention.organisations.count() == 2
    assert convention.memberships.count() == 4


def test_reimporting_keeps_contacts_that_did_not_change():
    """Other data (meeting seats, invitations) point at contacts: a re-import keeps them."""
    document = rich_document()
    import_document(document)
    organisation = Convention.objects.get(slug="marais-test").organisations.get(ref="centre-social")
    before = {c.function: c.pk for c in organisation.contacts.all()}
    document["organisations"][1]["contacts"][0]["telephone"] = "05 11 11 11 11"
    document["organisations"][1]["contacts"].append({"fonction": "Animatrice famille"})
    import_document(document)
    after = {c.function: (c.pk, c.phone) for c in organisation.contacts.all()}
    assert after["Directrice"] == (before["Directrice"], "05 11 11 11 11")
    assert after["Accueil"][0] == before["Accueil"]
    assert "Animatrice famille" in after
