"""Enjeux transversaux and the "exemples d'actions" flag: through the exchange document, the
workbook and the plan page."""

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.document import parse
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.exchange import PlanSection
from ctg_pilote.plan.models import CrossCuttingIssue, Node
from tests.conventions.factories import MembershipFactory
from tests.plan.test_exchange import rich_plan_document, wipe
from tests.plan.test_views import page_text

pytestmark = pytest.mark.django_db

ISSUES = [
    {
        "ref": "mobilite",
        "titre": "La mobilité",
        "description": "Transversale aux axes 1 et 2.",
        "elements": ["1", "2"],
    },
    {"ref": "numerique", "titre": "L'inclusion numérique"},
]


def _document():
    document = rich_plan_document()
    document["plan"]["noeuds"][4]["exemples"] = True
    document["plan"]["enjeux_transversaux"] = ISSUES
    return document


def _rochefort():
    return Convention.objects.get(slug="rochefort-ocean")


def test_issues_and_examples_come_back_as_written_and_survive_a_round_trip():
    import_document(_document())
    plan = export_convention(_rochefort())["plan"]
    assert plan["enjeux_transversaux"] == ISSUES
    assert plan["noeuds"][4] == {"numero": "2", "titre": "Axe deux", "exemples": True}
    assert "exemples" not in plan["noeuds"][0]
    text = dump_yaml(export_convention(_rochefort()))
    wipe()
    import_document(parse(text))
    assert dump_yaml(export_convention(_rochefort())) == text


def test_an_issue_naming_an_unknown_element_or_a_used_ref_is_refused_with_its_path():
    document = _document()
    document["plan"]["enjeux_transversaux"] = [
        {"ref": "mobilite", "titre": "Un", "elements": ["1", "7"]},
        {"ref": "mobilite", "titre": "Deux"},
    ]
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    messages = {p.path: p.message for p in error.value.problems}
    assert messages == {
        "plan.enjeux_transversaux[0].elements[1]": "élément du plan « 7 » inconnu dans ce document",
        "plan.enjeux_transversaux[1].ref": "référence « mobilite » déjà utilisée",
    }
    assert not Convention.objects.exists()


def test_an_issue_without_title_is_a_schema_error():
    document = _document()
    document["plan"]["enjeux_transversaux"] = [{"ref": "x"}]
    with pytest.raises(ExchangeError) as error:
        import_document(document)
    assert [p.path for p in error.value.problems] == ["plan.enjeux_transversaux[0]"]
    assert "titre" in error.value.problems[0].message


def test_the_plan_page_shows_issues_with_links_to_their_elements_and_the_examples_flag(client):
    import_document(_document())
    convention = _rochefort()
    client.force_login(MembershipFactory(convention=convention, role="lecteur").user)
    response = client.get(reverse("plan:index", args=[convention.slug]))
    text = page_text(response)
    assert "Enjeux transversaux La mobilité Transversale aux axes 1 et 2." in text
    assert "Traverse : 1. Axe un · 2. Axe deux" in text
    axis = Node.objects.get(convention=convention, number="2")
    assert f'href="#noeud-{axis.pk}"' in response.content.decode()
    assert (
        "2. Axe deux Exemples d'actions les actions citées sont des exemples, pas la liste "
        "complète." in text
    )
    assert "Ajouter un enjeu transversal" not in text  # a reader does not edit
    action = axis.actions.get()
    text = page_text(client.get(reverse("plan:action", args=[convention.slug, action.pk])))
    assert (
        "Exemple d'action la source cite les actions de cet élément en exemple, pas la liste "
        "complète." in text
    )


def test_a_coordinator_creates_edits_and_removes_an_issue(client):
    import_document(_document())
    convention = _rochefort()
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    nodes = {n.number: n for n in Node.objects.filter(convention=convention)}
    response = client.post(
        reverse("plan:issue_create", args=[convention.slug]),
        {"title": "Parentalité", "description": "", "nodes": [nodes["1.1"].pk, nodes["2"].pk]},
    )
    assert response.status_code == 302
    issue = CrossCuttingIssue.objects.get(title="Parentalité")
    assert (issue.ref, issue.position) == ("parentalite", 3)
    text = page_text(client.get(reverse("plan:index", args=[convention.slug])))
    assert "Parentalité Traverse : 1.1. Objectif · 2. Axe deux" in text
    edit = reverse("plan:issue_edit", args=[convention.slug, issue.pk])
    response = client.post(edit, {"title": "", "nodes": [], "version": issue.version})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in page_text(response)
    response = client.post(
        edit, {"title": "Soutien à la parentalité", "nodes": [], "version": issue.version}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.title == "Soutien à la parentalité" and not issue.nodes.exists()
    exported = export_convention(convention)["plan"]["enjeux_transversaux"]
    assert exported[-1] == {"ref": "parentalite", "titre": "Soutien à la parentalité"}
    client.post(reverse("plan:issue_delete", args=[convention.slug, issue.pk]))
    assert not CrossCuttingIssue.objects.filter(pk=issue.pk).exists()


def test_the_node_form_sets_the_examples_flag(client):
    import_document(_document())
    convention = _rochefort()
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    node = Node.objects.get(convention=convention, number="1")
    response = client.post(
        reverse("plan:node_edit", args=[convention.slug, node.pk]),
        {"title": "Axe un", "examples": "on", "version": node.version},
    )
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.examples


def test_the_workbook_carries_the_examples_flag_and_keeps_the_issues(client):
    import_document(_document())
    convention = _rochefort()
    user = MembershipFactory(convention=convention, role="coordinateur").user
    client.force_login(user)
    workbook = client.get(reverse("plan:export_xlsx", args=[convention.slug])).content
    tables = spreadsheet.read_workbook(workbook)
    tree = tables[spreadsheet.TREE[0]]
    column = tree[0].index("Exemples d'actions")
    assert [row[column] for row in tree[1:]] == ["non", "non", "non", "non", "oui"]
    tree[1][column] = "oui"
    spreadsheet.import_tables(convention, tables, by=user)
    plan = PlanSection().export(convention)
    assert plan["noeuds"][0]["exemples"] is True
    assert plan["enjeux_transversaux"] == ISSUES
    # A workbook made before the column existed still reads.
    for row in tree:
        del row[column]
    spreadsheet.import_tables(convention, tables, by=user)
    assert Node.objects.get(convention=convention, number="1").examples  # kept, not reset
