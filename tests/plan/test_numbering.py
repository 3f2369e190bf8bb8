"""Action numbers as the source writes them: optional, gaps and repeats kept (and said), an
action without a number named by its `ref`, a reference to a repeated number refused."""

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.exchange.sections import sections
from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.action_refs import numbering_warnings
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory
from tests.plan.test_exchange import rich_plan_document, wipe
from tests.plan.test_unknown_values import sheet
from tests.plan.test_views import page_text

pytestmark = pytest.mark.django_db


def _source_numbering_document():
    """A plan numbered as a real source: no number, a gap (1, 2, 4, 5) and a repeated n°2."""
    document = rich_plan_document()
    document["plan"]["actions"] = [
        {"noeud": "1.1", "titre": "Sans numéro dans la source"},
        {"noeud": "1.1", "titre": "Autre action sans numéro", "ref": "relais"},
        {"numero": "1", "noeud": "2", "titre": "Première"},
        {"numero": "2", "noeud": "2", "titre": "Deuxième"},
        {"numero": "2", "noeud": "2", "titre": "Deuxième bis (n°2 répété)"},
        {"numero": "4", "noeud": "2", "titre": "Quatrième"},
        {"numero": "5", "noeud": "2", "titre": "Cinquième"},
    ]
    document["plan"]["indicateurs"] = [
        {"ref": "I1", "action": "relais", "intitule": "Par référence", "type": "resultat"},
        {"ref": "I2", "action": "4", "intitule": "Par numéro", "type": "resultat"},
    ]
    return document


def test_numbers_are_kept_as_written_and_unnumbered_actions_get_a_ref():
    import_document(_source_numbering_document())
    convention = Convention.objects.get(slug="rochefort-ocean")
    actions = export_convention(convention)["plan"]["actions"]
    assert [a.get("numero") for a in actions] == [None, None, "1", "2", "2", "4", "5"]
    # A ref where the source gives no number (or repeats one), never an invented numero.
    assert [a.get("ref") for a in actions] == [
        "action-1",
        "relais",
        None,
        "action-2",
        "action-3",
        None,
        None,
    ]
    indicators = export_convention(convention)["plan"]["indicateurs"]
    assert [i["action"] for i in indicators] == ["relais", "4"]


def test_the_round_trip_of_a_source_numbering_is_identical():
    import_document(_source_numbering_document())
    text = dump_yaml(export_convention(Convention.objects.get(slug="rochefort-ocean")))
    wipe()
    from ctg_pilote.exchange.document import parse

    import_document(parse(text))
    again = dump_yaml(export_convention(Convention.objects.get(slug="rochefort-ocean")))
    assert again == text


def test_a_reference_to_a_repeated_number_is_refused_where_it_is_made():
    document = _source_numbering_document()
    document["plan"]["indicateurs"][1]["action"] = "2"
    document["plan"]["actions"][2]["ref"] = "relais"
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    messages = {p.path: p.message for p in error.value.problems}
    assert messages["plan.indicateurs[1].action"] == (
        "le numéro « 2 » est porté par 2 actions de ce document : désigner l'action par sa "
        "référence (clé « ref » de l'action)"
    )
    assert messages["plan.actions[2].ref"] == "référence « relais » déjà utilisée"
    assert not Convention.objects.exists()


def test_later_sections_name_actions_by_ref_or_unique_number():
    seen = {}
    plan_section = next(s for s in sections() if s.key == "plan")
    check = plan_section.check

    def spy(value, ctx):
        problems = check(value, ctx)
        seen["names"] = set(ctx.plan_action_numbers)
        return problems

    plan_section.check = spy
    try:
        import_document(_source_numbering_document())
    finally:
        plan_section.check = check
    # "2" names two actions: it is not a name; the refs given by the document are.
    assert seen["names"] == {"relais", "1", "4", "5"}


def test_a_gap_is_said_once_and_the_next_number_is_not_blamed():
    warnings = numbering_warnings(["1", "2", "4", "5", "2", "1.1", "1.3", "1.4"])
    assert warnings == [
        (2, "numérotation : « 4 » après « 2 » (3 absent) : gardée telle quelle"),
        (4, "numéro « 2 » déjà porté par une autre action : gardé tel quel"),
        (6, "numérotation : « 1.3 » après « 1.1 » (1.2 absent) : gardée telle quelle"),
    ]


def test_the_plan_page_shows_unnumbered_actions_and_says_gaps_and_repeats(client):
    import_document(_source_numbering_document())
    convention = Convention.objects.get(slug="rochefort-ocean")
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    text = page_text(client.get(reverse("plan:index", args=[convention.slug])))
    assert "sans n° Sans numéro dans la source" in text
    assert "Numérotation gardée telle que la source l'écrit :" in text
    assert "Quatrième : numérotation : « 4 » après « 2 » (3 absent)" in text
    assert "Deuxième bis (n°2 répété) : numéro « 2 » déjà porté par une autre action" in text
    assert "Cinquième :" not in text
    unnumbered = Action.objects.get(ref="action-1")
    text = page_text(client.get(reverse("plan:action", args=[convention.slug, unnumbered.pk])))
    assert "Action sans n° — Sans numéro dans la source" in text


def test_an_action_created_without_number_gets_a_ref_not_a_number(client, convention, plan):
    from tests.plan.factories import no_formset_rows

    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    response = client.post(
        reverse("plan:action_create", args=[convention.slug]),
        {
            "number": "",
            "title": "Action de la source sans numéro",
            "node": plan["nodes"][0].pk,
            "whole_territory": "on",
            **no_formset_rows(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Action de la source sans numéro")
    assert (action.number, action.ref, action.status, action.progress) == (
        "",
        "action-1",
        "",
        None,
    )


def test_the_workbook_keeps_unnumbered_and_repeated_actions(client, convention):
    tables = {
        spreadsheet.TREE[0]: sheet(spreadsheet.TREE, {"Numéro": "1", "Titre": "Axe"}),
        spreadsheet.ACTIONS[0]: sheet(
            spreadsheet.ACTIONS,
            {"Élément du plan": "1", "Intitulé": "Sans numéro"},
            {"Numéro": "2", "Élément du plan": "1", "Intitulé": "Deux"},
            {"Numéro": "2", "Élément du plan": "1", "Intitulé": "Deux encore"},
        ),
    }
    spreadsheet.import_tables(convention, tables)
    actions = Action.objects.filter(convention=convention).order_by("position")
    assert [(a.number, a.ref) for a in actions] == [
        ("", "action-1"),
        ("2", "action-2"),
        ("2", "action-3"),
    ]
    # Exported then read back, the workbook names each action by its ref: nothing changes.
    user = MembershipFactory(convention=convention, role="coordinateur").user
    client.force_login(user)
    workbook = client.get(reverse("plan:export_xlsx", args=[convention.slug])).content
    before = list(Action.objects.filter(convention=convention).values_list("pk", "version"))
    spreadsheet.import_tables(convention, spreadsheet.read_workbook(workbook), by=user)
    after = list(Action.objects.filter(convention=convention).values_list("pk", "version"))
    assert after == before


def test_a_workbook_note_on_a_repeated_number_names_the_ambiguity(convention):
    tables = {
        spreadsheet.TREE[0]: sheet(spreadsheet.TREE, {"Numéro": "1", "Titre": "Axe"}),
        spreadsheet.ACTIONS[0]: sheet(
            spreadsheet.ACTIONS,
            {"Numéro": "2", "Élément du plan": "1", "Intitulé": "Deux"},
            {"Numéro": "2", "Élément du plan": "1", "Intitulé": "Deux encore"},
        ),
        spreadsheet.NOTES[0]: sheet(
            spreadsheet.NOTES, {"Action": "2", "Date": "01/02/2024", "Texte": "Note"}
        ),
    }
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(convention, tables)
    assert (
        "Feuille « Notes », ligne 2, colonne « Action » : le numéro « 2 » est porté par "
        "plusieurs actions : les désigner par leur référence (colonne « Référence » des Actions)"
    ) in error.value.problems
    assert not Action.objects.filter(convention=convention).exists()


def test_saved_actions_are_named_by_ref_or_unique_number():
    from ctg_pilote.plan.action_refs import action_names

    import_document(_source_numbering_document())
    names = action_names(Action.objects.filter(convention=Convention.objects.get()))
    assert sorted(names) == ["1", "4", "5", "action-1", "action-2", "action-3", "relais"]
    assert names["action-2"].title == "Deuxième" and names["4"].title == "Quatrième"


def test_the_import_page_says_a_gap_of_the_workbook_after_importing_it(client, convention):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ctg_pilote.plan.exchange import PlanSection

    section = {
        "noeuds": [{"numero": "1", "titre": "Axe"}],
        "actions": [
            {"numero": "1", "noeud": "1", "titre": "Un"},
            {"numero": "3", "noeud": "1", "titre": "Trois"},
        ],
    }
    workbook = spreadsheet.workbook_bytes(spreadsheet.build_workbook(convention, section))
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    response = client.post(
        reverse("plan:import", args=[convention.slug]),
        {"file": SimpleUploadedFile("plan.xlsx", workbook)},
        follow=True,
    )
    text = page_text(response)
    assert "Plan importé : 1 éléments, 2 actions." in text
    assert (
        "Action « Trois » : numérotation : « 3 » après « 1 » (2 absent) : gardée telle quelle."
        in text
    )
    assert [a["numero"] for a in PlanSection().export(convention)["actions"]] == ["1", "3"]
