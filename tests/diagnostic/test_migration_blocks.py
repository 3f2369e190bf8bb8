"""Findings written before blocks existed migrate into one block per thématique."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.conventions.services import ensure_base_thematiques
from ctg_pilote.diagnostic.models import SynthesisBlock
from ctg_pilote.plan.models import Node
from tests.conventions.factories import ConventionFactory

BEFORE = ("diagnostic", "0008_versions_for_concurrent_edits")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_old_items_become_one_block_per_thematique_with_their_enjeux_as_links():
    ensure_base_thematiques()
    convention = ConventionFactory()
    node = Node.objects.create(convention=convention, title="Accueillir", number="1", depth=1)
    latest = list(MigrationExecutor(connection).loader.graph.leaf_nodes("diagnostic"))
    old = _migrate([BEFORE]).get_model("diagnostic", "SynthesisItem")
    early, social = (
        Thematique.objects.get(code="petite-enfance"),
        Thematique.objects.get(code="animation-vie-sociale"),
    )
    for position, (thematique, kind, text, enjeux) in enumerate(
        [
            (early, "besoin", "Plus de places", ["1", "B2"]),
            (social, "force", "Un réseau actif", []),
            (early, "force", "Un RPE", []),
        ]
    ):
        old.objects.create(
            convention_id=convention.pk,
            thematique_id=thematique.pk,
            kind=kind,
            text=text,
            enjeux=enjeux,
            position=position,
        )
    _migrate(latest)
    blocks = list(SynthesisBlock.objects.filter(convention=convention).order_by("position"))
    assert [b.thematique.code for b in blocks] == sorted(
        ["petite-enfance", "animation-vie-sociale"],
        key=lambda code: Thematique.objects.get(code=code).position,
    )
    first = next(b for b in blocks if b.thematique == early)
    items = list(first.items.order_by("position"))
    assert [i.text.split("\n")[0] for i in items] == ["Plus de places", "Un RPE"]
    assert items[0].kind == "besoin" and list(items[0].plan_nodes.all()) == [node]
    # A reference naming no node of the plan is kept, in the text.
    assert items[0].text.endswith("(Enjeux : B2)")
