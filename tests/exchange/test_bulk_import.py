"""Importing a new CTG writes each table of its plan once, not once per action: the number of
queries does not grow with the number of actions, whatever each action carries."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ctg_pilote.demo.services import demo_document, demo_folders
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
