"""Importing a new CTG writes each table of its plan once, not once per action: the number of
queries grows by a small constant per action (its own row), whatever each action carries."""

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


def test_each_action_of_a_new_ctg_costs_at_most_two_queries():
    few = _import_queries(_document("bulk-few", 10))
    many = _import_queries(_document("bulk-many", 30))
    # The action's own insert (and its ref): partners, budget lines, notes, thématiques,
    # communes and its creation record go with every other action's, in one insert per table.
    assert many - few <= 2 * 20
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
