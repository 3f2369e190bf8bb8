import copy

import pytest

from ctg_pilote.accounts.models import User
from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.governance.models import Decision, KeyDate, Meeting, SchemeLink

pytestmark = pytest.mark.django_db

ROCHEFORT = DATA_DIR / "rochefort-ocean"


def wipe():
    Convention.objects.all().delete()
    User.objects.all().delete()


def rochefort():
    return demo_document(ROCHEFORT)


def test_export_import_into_an_empty_database_export_gives_the_same_document():
    document = rochefort()
    # Add what the demo lacks: a named contact, partner profiles, documents.
    caro = next(o for o in document["organisations"] if o["ref"] == "caro")
    caro["contacts"].append(
        {
            "fonction": "Directrice",
            "prenom": "Camille",
            "nom": "Martin",
            "courriel": "C.Martin@exemple.test",
        }
    )
    gouvernance = document["gouvernance"]
    gouvernance["partenaires"] = [
        {"organisation": "mission-locale-rochefort", "activite": "Insertion des 16-25 ans",
         "thematiques": ["jeunesse"], "communes": ["17299", "17449"]},
    ]  # fmt: skip
    meeting = gouvernance["instances"][1]["reunions"][0]
    meeting["documents"] = [{"titre": "Diaporama", "url": "https://exemple.test/copil.pdf"}]
    meeting["invitations"].append(
        {
            "organisation": "caro",
            "contact": "c.martin@exemple.test",
            "envoyee_le": "2025-01-10T09:15:30",
        }
    )
    meeting["decisions"][0]["elements_plan"] = ["1"]
    gouvernance["instances"][1]["elements_plan"] = ["3"]
    gouvernance["votes"][0]["reunion"] = {
        "instance": "groupe-projet-parentalite",
        "debut": "2025-03-13T14:00",
    }

    import_document(document)
    first = export_convention(Convention.objects.get(slug="rochefort-ocean"))
    text = dump_yaml(first)
    wipe()
    import_document(parse(text))
    second = export_convention(Convention.objects.get(slug="rochefort-ocean"))
    assert second["gouvernance"] == first["gouvernance"]
    assert dump_yaml(second) == text
    exported = second["gouvernance"]
    assert exported["partenaires"] == gouvernance["partenaires"]
    assert (
        exported["instances"][1]["reunions"][0]["invitations"][-1]["contact"]
        == "c.martin@exemple.test"
    )
    assert exported["votes"][0]["bulletins"][0] == {
        "code": "DEMXAAAA", "depose_le": "2025-03-13T16:10", "points": {"3.1": 5, "3.2": 5},
    }  # fmt: skip


def test_the_demo_holds_the_seed_dates_and_links():
    import_document(rochefort())
    dates = {
        (k.date.exchange, k.label)
        for k in KeyDate.objects.filter(convention__slug="rochefort-ocean")
        if k.date and k.date.precision == "jour"
    }
    for expected in [
        ("2021-06-24", "Présentation en Conseil Communautaire"),
        ("2021-09-01", "Recrutement d'un Chargé de Coopération Territoriale"),
        (
            "2021-11-23",
            "Présentation de la démarche Ctg auprès des communes porteuses d'anciens CEJ",
        ),
        ("2022-01-11", "1ère rencontre de l'équipe pilotage"),
        ("2022-10-05", "1er Comité de Pilotage de lancement de la démarche"),
        (
            "2023-05-24",
            "1er Comité Unique : retour sur les séminaires et choix des actions prioritaires",
        ),
        ("2023-10-19", "Présentation en bureau communautaire"),
        ("2023-12-07", "Conférence des Maires : signature officielle de la convention"),
    ]:
        assert expected in dates
    kinds = set(SchemeLink.objects.values_list("kind", flat=True))
    assert kinds == {
        "sdsf",
        "leader",
        "contrat_de_ville",
        "projet_de_territoire",
        "cls",
        "scot",
        "pedt",
    }
    # The seed's layout does not say which relation goes with which scheme: said, not guessed.
    assert set(SchemeLink.objects.values_list("relation", flat=True)) == {"non_precisee"}
    assert all(m.is_fictitious for m in Meeting.objects.all())
    assert Decision.objects.filter(actions__number="1.2").count() == 2


def problems_of(document):
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    return {p.path: p.message for p in error.value.problems}


def test_every_problem_is_named_by_its_path_and_nothing_is_saved():
    document = rochefort()
    gouvernance = document["gouvernance"]
    copil = gouvernance["instances"][1]
    copil["membres"].append({"organisation": "inconnue"})
    copil["reunions"][0]["invitations"].append({"organisation": "caf-17"})
    copil["reunions"][0]["invitations"][4].pop("represente_par")
    copil["reunions"][0]["decisions"][0]["actions"] = ["9.9"]
    copil["reunions"][0]["decisions"][1]["responsable"]["contact"] = "Personne inconnue"
    gouvernance["votes"][0]["bulletins"][0]["points"] = {"3.1": 7, "3.2": 5}
    problems = problems_of(document)
    root = "gouvernance.instances[1]"
    assert problems == {
        f"{root}.membres[2].organisation": "organisation « inconnue » inconnue dans ce document",
        f"{root}.reunions[0].invitations[6]": "déjà invité·e en gouvernance.instances[1].reunions[0].invitations[0]",
        f"{root}.reunions[0].invitations[4].represente_par": "indiquez par qui la personne ou l'organisation est représentée",
        f"{root}.reunions[0].decisions[0].actions[0]": "action « 9.9 » inconnu(e) dans le plan",
        f"{root}.reunions[0].decisions[1].responsable.contact": "contact « Personne inconnue » inconnu pour l'organisation « caro »",
        "gouvernance.votes[0].bulletins[0].points": "12 points répartis au lieu de 10",
    }  # fmt: skip
    assert not Convention.objects.exists()


def test_a_decision_without_owner_and_a_meeting_without_date_are_schema_errors():
    document = rochefort()
    meeting = document["gouvernance"]["instances"][1]["reunions"][0]
    del meeting["debut"]
    del meeting["decisions"][0]["responsable"]
    problems = problems_of(document)
    assert any(
        p.startswith("gouvernance.instances[1].reunions[0]") and "debut" in m
        for p, m in problems.items()
    )
    assert any("decisions[0]" in p and "responsable" in m for p, m in problems.items())


def test_without_plan_section_actions_resolve_against_the_database():
    import_document(rochefort())
    document = rochefort()
    del document["plan"]
    doc_copy = copy.deepcopy(document)
    import_document(doc_copy)
    assert Decision.objects.filter(actions__number="3.2").exists()
    document["gouvernance"]["instances"][1]["reunions"][0]["decisions"][0]["actions"] = ["7.7"]
    assert "action « 7.7 » inconnu(e) dans le plan" in problems_of(document).values()


def test_a_meeting_ending_before_it_starts_is_named_by_its_path():
    document = rochefort()
    meeting = document["gouvernance"]["instances"][1]["reunions"][0]
    meeting["debut"], meeting["fin"] = "2026-06-15T14:00", "2026-06-15T13:30"
    problems = problems_of(document)
    path = "gouvernance.instances[1].reunions[0].fin"
    assert problems[path] == "2026-06-15T13:30 précède 2026-06-15T14:00"
    assert not Convention.objects.exists()


def test_a_postponement_a_cancellation_and_a_history_are_checked_by_their_paths():
    document = rochefort()
    meeting = document["gouvernance"]["instances"][1]["reunions"][0]
    meeting["reportee_du"] = meeting["debut"]
    meeting["motif_annulation"] = "Quorum non atteint"
    meeting["decisions"][0]["historique"] = [
        {"le": "2025-03-01T10:00", "origine": "page", "suivi": "ouverte", "faite_le": "2025-02-01"},
        {"le": "2025-02-01T10:00", "origine": "import", "fichier": "suivi.yaml", "suivi": "faite"},
    ]
    problems = problems_of(document)
    root = "gouvernance.instances[1].reunions[0]"
    assert problems == {
        f"{root}.reportee_du": "la date d'origine est celle de « debut »",
        f"{root}.motif_annulation": "un motif d'annulation demande le statut « annulee »",
        f"{root}.decisions[0].historique[0].faite_le": "une date de réalisation demande le suivi « faite »",
        f"{root}.decisions[0].historique[1].le": "l'historique va du plus ancien au plus récent",
    }  # fmt: skip
    assert not Convention.objects.exists()


def test_a_postponed_meeting_keeps_its_original_date_through_export_and_import():
    document = rochefort()
    meeting = document["gouvernance"]["instances"][1]["reunions"][-1]
    meeting["statut"], meeting["reportee_du"] = "reportee", "2027-01-26T14:00"
    import_document(document)
    exported = export_convention(Convention.objects.get(slug="rochefort-ocean"))
    again = exported["gouvernance"]["instances"][1]["reunions"][-1]
    assert (again["statut"], again["reportee_du"]) == ("reportee", "2027-01-26T14:00")
    shown = Meeting.objects.get(title=meeting["intitule"]).status_label
    assert shown == "Reportée du 26/01/2027 au 09/02/2027"
