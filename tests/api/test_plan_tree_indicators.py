"""The plan's tree, indicators and their yearly values through the API."""

import pytest

from ctg_pilote.plan.models import Indicator, IndicatorValue, Node
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory
from tests.plan.factories import IndicatorFactory, NodeFactory

pytestmark = pytest.mark.django_db


def test_nodes_are_added_moved_and_renumbered(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/noeuds/"
    response = caller.post(url, {"titre": "Jeunesse", "resultats_attendus": ["Plus d'accueil"]})
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["numero"], created["niveau"]) == ("2", 1)

    response = caller.patch(f"{url}{created['id']}/", {"parent": plan["axis"].pk})
    assert response.status_code == 200, response.json()
    assert response.json()["numero"] == "1.2"

    response = caller.patch(f"{url}{plan['axis'].pk}/", {"parent": plan["child"].pk})
    assert response.status_code == 400
    assert "parent" in response.json()["details"]

    numbers = [n["numero"] for n in caller.get(url).json()["resultats"]]
    assert numbers == ["1", "1.1", "1.2"]


def test_a_node_holding_actions_cannot_be_deleted(client, api, plan):
    caller = api(client, plan["key"])
    response = caller.delete(f"{plan['base']}/noeuds/{plan['axis'].pk}/")
    assert response.status_code == 409
    assert f"porte 1 action (« {plan['action']} »)" in response.json()["message"]
    assert Node.objects.filter(pk=plan["axis"].pk).exists()
    empty = NodeFactory(convention=plan["convention"], position=5, number="5", sort_key="005")
    assert caller.delete(f"{plan['base']}/noeuds/{empty.pk}/").status_code == 204


def test_only_plan_editors_change_the_tree(client, api, plan):
    pilot_member = MembershipFactory(
        convention=plan["convention"], role="partenaire", organisation=plan["pilot"]
    )
    caller = api(client, token_for(pilot_member))
    assert caller.get(f"{plan['base']}/noeuds/").status_code == 200
    response = caller.post(f"{plan['base']}/noeuds/", {"titre": "Non"})
    assert response.status_code == 403
    assert "arborescence" in response.json()["message"]
    assert not Node.objects.filter(title="Non").exists()


def test_indicators_are_created_with_targets_inside_the_period(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/indicateurs/"
    payload = {
        "noeud": plan["axis"].pk,
        "intitule": "Familles accueillies",
        "type": "resultat",
        "depart": {"valeur": 40, "annee": 2024},
        "cibles": [{"annee": 2026, "valeur": 60}],
    }
    response = caller.post(url, payload)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["ref"] == "I2"
    assert created["cibles"] == [{"annee": 2026, "valeur": 60.0}]

    response = caller.post(url, {**payload, "cibles": [{"annee": 2035, "valeur": 1}]})
    assert response.status_code == 400
    assert "2035" in str(response.json()["details"]["cibles"])
    response = caller.post(url, {**payload, "action": plan["action"].pk})
    assert response.status_code == 400
    assert "action" in response.json()["details"]
    assert Indicator.objects.filter(convention=plan["convention"]).count() == 2

    response = caller.patch(f"{url}{created['id']}/", {"unite": "familles", "depart": None})
    assert response.status_code == 200, response.json()
    assert response.json()["depart"] is None
    assert response.json()["cibles"] == created["cibles"]


def test_one_value_per_year_and_values_follow_the_period(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/indicateurs/{plan['indicator'].pk}/valeurs/"
    response = caller.post(url, {"annee": 2024, "valeur": 99})
    assert response.status_code == 400
    assert "annee" in response.json()["details"]
    assert "déjà" in str(response.json()["details"]["annee"])
    assert IndicatorValue.objects.get(indicator=plan["indicator"], year=2024).value == 12

    response = caller.post(url, {"annee": 2031, "valeur": 1})
    assert response.status_code == 400
    response = caller.post(url, {"annee": 2025, "valeur": "1 500"})
    assert response.status_code == 400

    response = caller.post(url, {"annee": 2025, "valeur": 15.5, "commentaire": "Bilan CAF"})
    assert response.status_code == 201, response.json()
    response = caller.patch(f"{url}2025/", {"valeur": 16})
    assert response.status_code == 200
    assert response.json() == {
        "annee": 2025,
        "valeur": 16.0,
        "commentaire": "Bilan CAF",
        "source": "",
        "fictif": False,
        "version": 2,
    }
    assert [v["annee"] for v in caller.get(url).json()["resultats"]] == [2024, 2025]
    assert caller.delete(f"{url}2024/").status_code == 204
    assert caller.get(f"{url}2024/").status_code == 404


def test_a_partner_records_values_of_its_actions_but_not_of_the_tree(client, api, plan):
    partner_member = MembershipFactory(
        convention=plan["convention"], role="partenaire", organisation=plan["partner"]
    )
    caller = api(client, token_for(partner_member))
    url = f"{plan['base']}/indicateurs/{plan['indicator'].pk}/valeurs/"
    assert caller.post(url, {"annee": 2026, "valeur": 3}).status_code == 201
    # Partnering an action is not piloting it: the indicator itself stays out of reach.
    response = caller.patch(f"{plan['base']}/indicateurs/{plan['indicator'].pk}/", {"unite": "x"})
    assert response.status_code == 403

    node_indicator = IndicatorFactory(
        convention=plan["convention"], action=None, node=plan["axis"], ref="N1"
    )
    response = caller.post(
        f"{plan['base']}/indicateurs/{node_indicator.pk}/valeurs/", {"annee": 2026, "valeur": 3}
    )
    assert response.status_code == 403
    assert not node_indicator.values.exists()


def test_another_ctgs_indicator_is_not_found(client, api, plan):
    foreign = IndicatorFactory()
    caller = api(client, plan["key"])
    response = caller.get(f"{plan['base']}/indicateurs/{foreign.pk}/")
    assert response.status_code == 404
    assert f"indicateur (id {foreign.pk})" in response.json()["message"]
    response = caller.post(
        f"{plan['base']}/indicateurs/{foreign.pk}/valeurs/", {"annee": 2025, "valeur": 1}
    )
    assert response.status_code == 404
    assert not foreign.values.exists()
