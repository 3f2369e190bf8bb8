"""One comparison of two states of the plan, shared by the plan's and the pilotage's pages."""

import random

import pytest

from ctg_pilote.plan.models import Snapshot
from ctg_pilote.plan.snapshots import compare_states, natural_key
from tests.utils import page_text


def _state(**actions):
    return {
        "actions": {
            number: {"titre": f"Action {number}", "noeud": "1", "statut": status, "avancement": p}
            for number, (status, p) in actions.items()
        }
    }


@pytest.mark.parametrize(
    "numbers",
    [
        ["A2", "A10"],
        ["1.2", "1.10"],
        ["1", "1.1", "1.9", "1.10", "1.10.1", "2", "10"],
        ["a1", "A2", "b1"],
    ],
)
def test_numbers_sort_naturally(numbers):
    shuffled = random.Random(7).sample(numbers, len(numbers))
    assert sorted(shuffled, key=natural_key) == numbers


def test_comparison_lists_every_action_of_either_state_in_natural_order():
    before = _state(**{"1.10": ("a_lancer", 0), "1.2": ("en_cours", 20), "1.3": ("en_cours", 50)})
    after = _state(**{"1.10": ("en_cours", 30), "1.2": ("en_cours", 20), "1.11": ("a_lancer", 0)})

    rows = {row.number: row for row in compare_states(before, after)}

    assert list(rows) == ["1.2", "1.3", "1.10", "1.11"]
    assert not rows["1.2"].changed and rows["1.2"].delta == 0
    assert rows["1.10"].changed and rows["1.10"].delta == 30
    assert (rows["1.10"].before_status, rows["1.10"].after_status) == ("À lancer", "En cours")
    assert rows["1.3"].after is None and rows["1.3"].delta is None and rows["1.3"].changed
    assert rows["1.11"].before is None and rows["1.11"].title == "Action 1.11"


@pytest.mark.django_db
def test_both_comparison_pages_show_the_same_order_and_status_labels(member_client, convention):
    client, _membership = member_client(convention, "coordinateur")
    first = Snapshot.objects.create(
        convention=convention,
        label="Avant",
        data=_state(**{"A10": ("a_lancer", 0), "A2": ("en_cours", 10)}),
    )
    second = Snapshot.objects.create(
        convention=convention,
        label="Après",
        data=_state(**{"A10": ("realisee", 100), "A2": ("en_cours", 10)}),
    )
    pilotage = page_text(
        client.get(
            f"/ctg/{convention.slug}/pilotage/evaluation/comparer/"
            f"?avant={first.pk}&apres={second.pk}"
        )
    )
    assert pilotage.index("Action A2") < pilotage.index("Action A10")
    assert "Réalisée (100 %)" in pilotage and "realisee" not in pilotage

    plan = page_text(client.get(f"/ctg/{convention.slug}/plan/instantanes/{first.pk}/"))
    assert plan.index("Action A2") < plan.index("Action A10")
    assert "À lancer, 0 %" in plan
