"""The démarche, instances and scheme links through the exchange format: the CTG's own phases,
approximate and absent dates, statuses said or left to the dates, composition by categories,
scheme links to plan elements; documents of version 1 still read."""

import copy

import pytest

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.governance.models import Instance, KeyDate, Phase, SchemeLink
from tests.governance.test_exchange import problems_of, rochefort, wipe

pytestmark = pytest.mark.django_db

PHASES = [
    {"ref": "mobilisation", "intitule": "Mobilisation des communes", "debut_reel": "début 2021",
     "fin_reelle": "2021-11", "source": "Délibération communautaire"},
    {"ref": "diagnostic", "intitule": "Diagnostic partagé", "debut_prevu": "2022-T1",
     "fin_prevue": "mi-2022", "statut": "realisee"},
    {"ref": "bilan", "intitule": "Bilan à mi-parcours", "remarque": "Sans date dans la source."},
]  # fmt: skip
KEY_DATES = [
    {"date": "2021-11", "libelle": "Présentation aux maires", "phase": "mobilisation"},
    {"libelle": "Ateliers avec les habitants", "phase": "diagnostic"},
    {"date": "fin 2023", "type": "signature", "libelle": "Signature", "statut": "realisee"},
    {"date": "2024", "fin": "2025-S1", "libelle": "Groupes projets", "statut": "a_faire"},
    {"date": "2030-03-15", "libelle": "Évaluation finale", "statut": "annulee"},
]  # fmt: skip


def with_demarche(document):
    gouvernance = document["gouvernance"]
    gouvernance["phases"] = copy.deepcopy(PHASES)
    gouvernance["dates_cles"] = copy.deepcopy(KEY_DATES)
    gouvernance["instances"][1]["composition"] = ["elus", "habitants", "partenaires de terrain"]
    gouvernance["dispositifs"] = [
        {"ref": "plan-mercredi", "type": "autre", "nom": "Plan mercredi", "relation": "complete",
         "actions": ["1.1"], "elements_plan": ["2"]},
        {"type": "cls", "relation": "non_precisee"},
    ]  # fmt: skip
    return document


def test_the_demarche_as_written_comes_back_identical_through_an_empty_database():
    document = with_demarche(rochefort())
    import_document(copy.deepcopy(document))
    exported = export_convention(Convention.objects.get())["gouvernance"]
    wipe()
    import_document({**copy.deepcopy(document), "gouvernance": copy.deepcopy(exported)})
    again = export_convention(Convention.objects.get())["gouvernance"]
    assert again == exported
    assert exported["phases"] == PHASES
    assert exported["dates_cles"] == KEY_DATES
    assert exported["instances"][1]["composition"] == [
        "elus", "habitants", "partenaires de terrain"
    ]  # fmt: skip
    assert exported["dispositifs"] == document["gouvernance"]["dispositifs"]


def test_imported_dates_and_statuses_mean_what_the_source_says():
    import_document(with_demarche(rochefort()))
    phases = {p.ref: p for p in Phase.objects.all()}
    assert str(phases["mobilisation"].actual_start) == "début 2021"
    assert phases["mobilisation"].state == "realisee"  # its dates are past, nothing said
    assert phases["bilan"].state == ""  # no dates, nothing said: non renseigné
    steps = {k.label: k for k in KeyDate.objects.all()}
    assert steps["Présentation aux maires"].state == "realisee"
    assert not steps["Présentation aux maires"].is_late
    assert steps["Ateliers avec les habitants"].date is None
    assert steps["Ateliers avec les habitants"].phase == phases["diagnostic"]
    assert steps["Groupes projets"].is_late  # said still to do after its period
    assert steps["Groupes projets"].when_label == "2024 → 1er semestre 2025"
    link = SchemeLink.objects.get(ref="plan-mercredi")
    assert [a.number for a in link.actions.all()] == ["1.1"]
    assert [n.number for n in link.nodes.all()] == ["2"]
    assert Instance.objects.get(ref="copil").composition_labels == [
        "Élus", "Habitants", "partenaires de terrain"
    ]  # fmt: skip


def test_a_document_of_version_1_is_still_read():
    document = rochefort()
    gouvernance = document["gouvernance"]
    gouvernance["phases"] = [
        {"phase": "diagnostic", "debut_reel": "2022-01-01", "fin_reelle": "2022-06-01",
         "precision": "mois"},
    ]  # fmt: skip
    gouvernance["dates_cles"] = [
        {"date": "2021-06-24", "libelle": "Conseil communautaire", "phase": "diagnostic",
         "realisee": True},
        {"date": "2023-01-01", "precision": "annee", "libelle": "Séminaires", "phase": "enjeux",
         "realisee": False},
    ]  # fmt: skip
    import_document(document)
    diagnostic = Phase.objects.get(ref="diagnostic")
    assert diagnostic.title == "Diagnostic partagé"
    assert diagnostic.actual_label == "janvier à juin 2022"
    enjeux = Phase.objects.get(ref="enjeux")  # named by a key date only: a CNAF step is added
    assert enjeux.title == "Enjeux"
    first, second = KeyDate.objects.timeline()
    assert first.status == "realisee" and first.phase == diagnostic
    assert second.status == "a_faire" and str(second.date) == "2023"
    exported = export_convention(Convention.objects.get())["gouvernance"]
    assert exported["phases"][0] == {
        "ref": "diagnostic", "intitule": "Diagnostic partagé", "debut_reel": "2022-01",
        "fin_reelle": "2022-06",
    }  # fmt: skip
    assert exported["dates_cles"][1]["date"] == "2023"


def test_bad_démarche_references_are_named_by_their_path_in_french():
    document = with_demarche(rochefort())
    gouvernance = document["gouvernance"]
    gouvernance["phases"][2]["ref"] = "diagnostic"
    gouvernance["dates_cles"][0]["phase"] = "concertation"
    gouvernance["dates_cles"][1]["fin"] = "2022"
    gouvernance["dates_cles"][3]["fin"] = "2023-06"
    gouvernance["dispositifs"][0]["actions"] = ["9.9"]
    gouvernance["dispositifs"][1]["ref"] = "plan-mercredi"
    problems = problems_of(document)
    assert problems == {
        "gouvernance.phases[2].ref": "phase « diagnostic » déjà décrite en gouvernance.phases[1]",
        "gouvernance.dates_cles[0].phase": "phase « concertation » inconnue : décrivez-la dans gouvernance.phases (« ref »)",
        "gouvernance.dates_cles[1].fin": "une fin demande une date de début (« date »)",
        "gouvernance.dates_cles[3].fin": "2023-06 précède 2024",
        "gouvernance.dispositifs[0].actions[0]": "action « 9.9 » inconnu(e) dans le plan",
        "gouvernance.dispositifs[1].ref": "référence « plan-mercredi » déjà utilisée par gouvernance.dispositifs[0]",
    }  # fmt: skip
    assert not Convention.objects.exists()


def test_an_unreadable_approximate_date_gets_a_french_message_at_its_path():
    document = with_demarche(rochefort())
    document["gouvernance"]["dates_cles"][0]["date"] = "vers la Toussaint"
    problems = problems_of(document)
    assert "gouvernance.dates_cles[0].date" in problems
    assert "vers la Toussaint" in problems["gouvernance.dates_cles[0].date"]
    assert not Convention.objects.exists()
