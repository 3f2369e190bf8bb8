"""Importing a new CTG writes each table of its plan once, not once per action: the number of
queries does not grow with the number of actions, whatever each action carries."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctg_pilote.demo.services import demo_document, demo_folders
from ctg_pilote.diagnostic.models import Offer
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.plan.history import creation_values
from ctg_pilote.plan.models import Action, Change

pytestmark = [pytest.mark.django_db]


def _document(slug: str, extra_actions: int) -> dict:
    document = demo_document(demo_folders()[1])  # a demo plan with thématiques, partners, budget
    document["ctg"]["identifiant"] = slug
    actions = document["plan"]["actions"]
    model = next(a for a in actions if a.get("budget") and a.get("partenaires"))
    assert model.get("thematiques")
    for i in range(extra_actions):
        action = copy.deepcopy(model)
        action["numero"] = f"{model['numero']}.{i + 1}"
        action["ref"] = f"copie-{i + 1}"
        action.pop("historique", None)
        actions.append(action)
    return document


def _import_queries(document) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_document(document, source_name="plan.json")
    return len(queries)


def test_the_actions_of_a_new_ctg_are_written_in_one_insert_per_table():
    # The first import also writes what CTGs share (thématiques, accounts): not counted.
    _import_queries(_document("bulk-first", 0))
    few = _import_queries(_document("bulk-few", 10))
    many = _import_queries(_document("bulk-many", 30))
    # The actions themselves, their partners, budget lines, notes, thématiques, communes and
    # creation records: one insert per table (of 500 rows at most) for every action of the
    # document, where a query per action would add 20.
    assert many - few <= 2
    copies = Action.objects.filter(convention__slug="bulk-many", ref__startswith="copie-")
    assert copies.count() == 30
    copy_1 = copies.get(ref="copie-1")
    assert copy_1.budget_lines.exists() and copy_1.partner_roles.exists()
    original = Action.objects.get(
        convention__slug="bulk-many", number=copy_1.number.rsplit(".", 1)[0]
    )
    assert set(copy_1.thematiques.values_list("code", flat=True)) == set(
        original.thematiques.values_list("code", flat=True)
    )
    creation = Change.objects.get(action=copy_1, field=Change.CREATION)
    assert creation.origin == "Import de l'échange « plan.json »"
    # Built before its budget lines were written, the record says what they say once saved.
    assert creation.new_value == creation_values(copy_1)


def _with_services(slug: str, extra: int) -> dict:
    document = _document(slug, 0)
    offers = document["diagnostic"]["offre"]["equipements"]
    model = offers[0]
    for i in range(extra):
        offer = copy.deepcopy(model)
        offer["nom"] = f"{model['nom']} (copie {i + 1})"
        offers.append(offer)
    return document


def test_the_services_of_a_new_ctg_are_written_in_one_insert_per_table():
    _import_queries(_with_services("services-first", 0))
    few = _import_queries(_with_services("services-few", 5))
    many = _import_queries(_with_services("services-many", 40))
    # The équipements and the communes they serve: one insert each, whatever their number (in
    # batches of 500 rows, fewer on SQLite, whose statements hold at most 999 values).
    assert many - few <= 2
    offers = Offer.objects.filter(convention__slug="services-many", name__contains="(copie ")
    assert offers.count() == 40


def test_a_new_ctg_costs_no_query_to_find_what_it_replaces():
    """A new CTG has nothing saved to match, replace or remove; the revisions its writes bump
    are bumped once, at the end, in one write."""
    _import_queries(_document("lookups-first", 0))
    with CaptureQueriesContext(connection) as queries:
        import_document(_document("lookups-new", 0), source_name="plan.json")
    sql = [q["sql"] for q in queries.captured_queries]
    core_plan_diagnostic = (
        'DELETE FROM "conventions_',
        'DELETE FROM "plan_',
        'DELETE FROM "diagnostic_',
    )
    assert not [q for q in sql if q.startswith(core_plan_diagnostic)]
    assert len([q for q in sql if q.startswith("UPDATE") and "core_revision" in q]) == 1
    # The thématique codes a document may name are read once, for every section's check.
    codes = 'SELECT "conventions_thematique"."code" AS "code"'
    assert len([q for q in sql if q.startswith(codes)]) == 1
    # Imported again, the CTG is updated in place and the revisions move once more.
    import_document(_document("lookups-new", 0), source_name="plan.json")
    assert Action.objects.filter(convention__slug="lookups-new").count() == len(
        _document("lookups-new", 0)["plan"]["actions"]
    )
