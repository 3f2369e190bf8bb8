import copy

import pytest

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.exchange.sections import sections
from ctg_pilote.plan.models import Action, Node

pytestmark = pytest.mark.django_db


def rich_plan_document():
    """Rochefort's demo with a plan that uses every key of the section."""
    document = demo_document(DATA_DIR / "rochefort-ocean")
    # Other apps' sections of the demo name its real actions: keep the core only.
    core = {
        "format",
        "version",
        "ctg",
        "thematiques",
        "territoire",
        "zones",
        "organisations",
        "membres",
    }
    document = {key: value for key, value in document.items() if key in core}
    document["zones"][0]["communes"] = ["17299"]
    document["plan"] = {
        "niveaux": ["Axe", "Objectif stratégique", "Objectif opérationnel"],
        "noeuds": [
            {
                "numero": "1",
                "titre": "Axe un",
                "description": "Texte\nsur deux lignes",
                "vision": "En 2027…",
                "resultats_attendus": ["R1", "R2"],
                "thematiques": ["jeunesse"],
            },
            {"numero": "1.1", "titre": "Objectif"},
            {"numero": "1.1.1", "titre": "Opérationnel"},
            {"numero": "1.2", "titre": "Deuxième objectif"},
            {"numero": "2", "titre": "Axe deux"},
        ],
        "actions": [
            {
                "numero": "A1",
                "noeud": "1.1.1",
                "titre": "Action complète",
                "constat": "Constat",
                "objectifs": "Objectifs",
                "description": "Description",
                "tranches_age": ["0-3", "12-17"],
                "publics": "Familles monoparentales",
                "territoire": {"zones": ["Rochefort"], "communes": ["17168"]},
                "pilote": {"organisation": "cap-centre-social", "personne": "Direction"},
                "partenaires": [
                    {"organisation": "caro", "role": "co-financeur"},
                    {"organisation": "seji"},
                ],
                "moyens_humains": "0,5 ETP",
                "moyens_materiels": "Un minibus",
                "debut": "2024-01-15",
                "fin": "2026-06-30",
                "jalons": [
                    {"date": "2024-03-01", "titre": "Lancement", "atteint": True},
                    {"date": "2025-01-01", "titre": "Bilan"},
                ],
                "prioritaire": True,
                "rang_priorite": 2,
                "statut": "en_cours",
                "avancement": 45,
                "dispositifs_lies": ["cls", "pedt"],
                "participation": "concertation",
                "thematiques": ["jeunesse", "parentalite"],
                "suivi_fictif": True,
                "budget": [
                    {
                        "annee": 2024,
                        "financeur": "caf-17",
                        "montant": 12000.5,
                        "nature": "investissement",
                        "etat": "verse",
                        "fictif": True,
                    },
                    {"annee": 2025, "montant": 3000, "nature": "fonctionnement", "etat": "prevu"},
                ],
                "notes": [
                    {"date": "2024-05-02", "auteur": "Coordination", "texte": "Première note"},
                    {"date": "2024-05-02", "texte": "Même jour", "fictif": True},
                ],
                "historique": [
                    {
                        "le": "2024-05-02T10:00:00+00:00",
                        "auteur": "coordinateur@demo.test",
                        "version": 2,
                        "champ": "status",
                        "libelle": "Statut",
                        "avant": "À lancer",
                        "apres": "En cours",
                    }
                ],
            },
            {
                "numero": "A2",
                "noeud": "2",
                "titre": "Action minimale",
                "statut": "a_lancer",
                "territoire": {},
            },
        ],
        "indicateurs": [
            {
                "ref": "I1",
                "action": "A1",
                "intitule": "Familles accueillies",
                "type": "resultat",
                "unite": "familles",
                "depart": {"valeur": 10, "annee": 2023},
                "source": "Bilan CAF",
                "cibles": [{"annee": 2024, "valeur": 20}, {"annee": 2025, "valeur": 25.5}],
                "valeurs": [
                    {
                        "annee": 2024,
                        "valeur": 18,
                        "commentaire": "bonne année",
                        "source": "CSC",
                        "fictif": True,
                    }
                ],
            },
            {"ref": "I2", "noeud": "1", "intitule": "Couverture", "type": "impact"},
        ],
        "instantanes": [
            {
                "libelle": "Avant COPIL",
                "pris_le": "2024-10-01T08:00:00+00:00",
                "contenu": {"actions": {"A1": {"statut": "a_lancer"}}},
            }
        ],
    }
    return document


def wipe():
    Convention.objects.all().delete()
    User.objects.all().delete()


@pytest.mark.parametrize("source", ["rochefort", "cholet", "rich"])
def test_export_import_into_an_empty_database_export_gives_the_same_plan(source):
    if source == "rich":
        document = rich_plan_document()
    else:
        document = demo_document(
            DATA_DIR / {"rochefort": "rochefort-ocean", "cholet": "cholet-agglomeration"}[source]
        )
    import_document(document)
    slug = document["ctg"]["identifiant"]
    first = export_convention(Convention.objects.get(slug=slug))
    text = dump_yaml(first)
    wipe()
    import_document(parse(text))
    second = export_convention(Convention.objects.get(slug=slug))
    assert second["plan"] == first["plan"]
    assert dump_yaml(second) == text


def test_the_rich_plan_comes_back_as_written():
    document = rich_plan_document()
    import_document(document)
    exported = export_convention(Convention.objects.get(slug="rochefort-ocean"))["plan"]
    expected = copy.deepcopy(document["plan"])
    expected["actions"][1].setdefault("statut", "a_lancer")
    assert exported == expected


def test_demo_plans_hold_the_seed_structure():
    for folder in ("rochefort-ocean", "cholet-agglomeration"):
        import_document(demo_document(DATA_DIR / folder))
    rochefort = export_convention(Convention.objects.get(slug="rochefort-ocean"))["plan"]
    assert len(rochefort["noeuds"]) == 4 and len(rochefort["actions"]) == 13
    assert rochefort["noeuds"][0]["vision"].startswith("En 2027, les professionnels")
    # The brochure names no pilot; the demo invents one (the partner's organisation) for three
    # actions, so that the demo partner has actions to follow (the file says so).
    piloted = [a["numero"] for a in rochefort["actions"] if "pilote" in a]
    assert piloted == ["1.2", "1.3", "2.2"]
    cholet = export_convention(Convention.objects.get(slug="cholet-agglomeration"))
    axes = [n for n in cholet["plan"]["noeuds"] if "." not in n["numero"]]
    assert [a["titre"] for a in axes][:2] == [
        "Gouvernance et coopération",
        "Animation de la vie sociale",
    ]
    assert len(axes) == 6
    assert len(cholet["territoire"]["communes"]) == 26


def test_reimport_keeps_actions_in_place_and_removes_what_the_document_dropped():
    document = rich_plan_document()
    import_document(document)
    kept = Action.objects.get(number="A1")
    document["plan"]["actions"] = document["plan"]["actions"][:1]
    document["plan"]["noeuds"] = document["plan"]["noeuds"][:4]
    import_document(document)
    assert list(Action.objects.values_list("number", flat=True)) == ["A1"]
    assert Action.objects.get(number="A1").pk == kept.pk
    assert not Node.objects.filter(number="2").exists()


def test_every_problem_is_named_by_its_path_and_nothing_is_saved():
    document = rich_plan_document()
    plan = document["plan"]
    plan["noeuds"][3]["numero"] = "1.3"
    plan["actions"][0]["pilote"]["organisation"] = "inconnue"
    plan["actions"][0]["noeud"] = "9"
    plan["actions"][0]["fin"] = "2023-01-01"
    plan["actions"][0]["budget"][0]["annee"] = 2031
    plan["indicateurs"][0]["cibles"][0]["annee"] = 2030
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    messages = {p.path: p.message for p in error.value.problems}
    assert messages["plan.noeuds[3].numero"].startswith(
        "numérotation automatique : « 1.2 » attendu"
    )
    assert (
        messages["plan.actions[0].pilote.organisation"]
        == "organisation « inconnue » inconnue dans ce document"
    )
    assert messages["plan.actions[0].noeud"] == "nœud « 9 » inconnu dans ce document"
    assert messages["plan.actions[0].fin"] == "la fin ne peut pas précéder le début"
    assert (
        messages["plan.actions[0].budget[0].annee"]
        == "l'année 2031 est hors de la période 2023-2027"
    )
    assert (
        messages["plan.indicateurs[0].cibles[0].annee"]
        == "l'année 2030 est hors de la période 2023-2027"
    )
    assert not Convention.objects.exists()


def test_negative_amount_and_progress_above_100_are_schema_errors():
    document = rich_plan_document()
    document["plan"]["actions"][0]["budget"][0]["montant"] = -5
    document["plan"]["actions"][0]["avancement"] = 120
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    paths = {p.path for p in error.value.problems}
    assert {"plan.actions[0].budget[0].montant", "plan.actions[0].avancement"} <= paths
    assert not Convention.objects.exists()


def test_later_sections_find_nodes_and_actions_by_number():
    from ctg_pilote.exchange import importer

    seen = {}
    original = importer.sections

    plan_section = next(s for s in sections() if s.key == "plan")
    write = plan_section.write

    def spy_write(value, ctx):
        write(value, ctx)
        seen.update(
            node_numbers=ctx.plan_node_numbers,
            action_numbers=ctx.plan_action_numbers,
            nodes=ctx.plan_nodes,
            actions=ctx.plan_actions,
        )

    plan_section.write = spy_write
    try:
        import_document(rich_plan_document())
    finally:
        plan_section.write = write
    assert seen["action_numbers"] == {"A1", "A2"}
    assert seen["node_numbers"] == {"1", "1.1", "1.1.1", "1.2", "2"}
    assert seen["actions"]["A1"].title == "Action complète"
    assert seen["nodes"]["1.1.1"].depth == 3
    assert original is importer.sections
