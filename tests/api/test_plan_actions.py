"""Fiches actions through the API: payload, filters, edits with history and concurrency,
and the plan's permissions, as an API client sees them."""

import datetime
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ctg_pilote.api.models import ApiToken
from ctg_pilote.plan.models import Action, BudgetLine, Change, Milestone, Note
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory, OrganisationFactory
from tests.plan.factories import ActionFactory, NodeFactory

pytestmark = pytest.mark.django_db


def test_an_action_carries_its_partners_milestones_and_territory(client, api, plan):
    response = api(client, plan["key"]).get(f"{plan['base']}/actions/{plan['action'].pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["numero"] == "1.1.1"
    assert data["noeud"] == plan["child"].pk
    assert data["pilote"]["organisation"] == plan["pilot"].pk
    assert data["partenaires"] == [{"organisation": plan["partner"].pk, "role": "Prête une salle"}]
    assert data["jalons"] == [{"date": "2025-03-01", "titre": "Lancement", "atteint": False}]
    assert data["territoire"]["toute_la_ctg"] is True
    assert data["version"] == 1


def test_the_list_filters_and_refuses_wrong_types(client, api, plan):
    convention = plan["convention"]
    other_node = NodeFactory(convention=convention, position=2, number="2", sort_key="002")
    ActionFactory(
        convention=convention, node=other_node, number="2.1", title="Ludothèque", is_priority=True
    )
    ActionFactory(
        convention=convention,
        node=other_node,
        number="2.2",
        status="realisee",
        publics="Parents isolés",
    )
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/"

    def numbers(**params):
        response = caller.get(url, **params)
        assert response.status_code == 200, response.json()
        return [a["numero"] for a in response.json()["resultats"]]

    assert numbers() == ["1.1.1", "2.1", "2.2"]
    assert numbers(statut="realisee") == ["2.2"]
    assert numbers(prioritaire="true") == ["2.1"]
    assert numbers(pilote=plan["pilot"].pk) == ["1.1.1"]
    assert numbers(noeud=plan["axis"].pk) == ["1.1.1"]
    assert numbers(q="ludo") == ["2.1"]
    assert numbers(q="isolés") == ["2.2"]
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert numbers(modifiee_depuis=later) == []

    for params, key in [
        ({"statut": "fini"}, "statut"),
        ({"noeud": "abc"}, "noeud"),
        ({"prioritaire": "peut-être"}, "prioritaire"),
        ({"modifiee_depuis": "hier"}, "modifiee_depuis"),
        ({"modifiee_depuis": "0001-01-01"}, "modifiee_depuis"),
        ({"noeud": "99999999999999999999"}, "noeud"),
        ({"pilote": "0"}, "pilote"),
        ({"taille": "501"}, "taille"),
    ]:
        response = caller.get(url, **params)
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert key in response.json()["details"]


def test_listing_actions_costs_the_same_number_of_queries_for_2_or_20(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/"
    caller.get(url)  # warm the token's last-used stamp

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert caller.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(18):
        action = ActionFactory(
            convention=plan["convention"], node=plan["child"], pilot=plan["pilot"]
        )
        Milestone.objects.create(action=action, date=datetime.date(2025, 1, 1), title="J")
        BudgetLine.objects.create(action=action, year=2025, amount=n)
    assert count() == few


def test_creating_then_editing_records_the_history_under_the_token_owner(client, api, plan):
    caller = api(client, plan["key"])
    response = caller.post(
        f"{plan['base']}/actions/",
        {
            "numero": "1.1.2",
            "noeud": plan["child"].pk,
            "titre": "Accueil des nouveaux arrivants",
            "pilote": {"organisation": plan["pilot"].pk, "personne": "Directrice"},
            "budget": [{"annee": 2025, "montant": 1500.5, "financeur": plan["partner"].pk}],
            "territoire": {"toute_la_ctg": False, "communes": []},
        },
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["budget"][0]["montant"] == 1500.5
    url = f"{plan['base']}/actions/{created['id']}/"

    response = caller.patch(url, {"version": created["version"], "statut": "en_cours"})
    assert response.status_code == 200, response.json()
    assert response.json()["statut"] == "en_cours"
    change = Change.objects.get(action_id=created["id"], field="status")
    assert change.author == plan["coordinator"].user
    assert change.new == "En cours"


def test_an_outdated_version_is_a_409_naming_what_changed_and_nothing_is_saved(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    read = caller.get(url).json()
    assert caller.patch(url, {"version": read["version"], "avancement": 30}).status_code == 200

    response = caller.patch(
        url, {"version": read["version"], "avancement": 90, "jalons": [], "titre": "Écrasé"}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "Avancement" in body["message"]
    assert body["details"]["changements"][0]["apres"] == "30"
    action = Action.objects.get(pk=plan["action"].pk)
    assert (action.progress, action.title) == (30, plan["action"].title)
    assert action.milestones.count() == 1


def test_a_partner_pilot_edits_only_the_actions_its_organisation_pilots(client, api, plan):
    convention = plan["convention"]
    pilot_member = MembershipFactory(
        convention=convention, role="partenaire", organisation=plan["pilot"]
    )
    caller = api(client, token_for(pilot_member))
    own = f"{plan['base']}/actions/{plan['action'].pk}/"
    response = caller.patch(own, {"avancement": 55})
    assert response.status_code == 200, response.json()

    response = caller.patch(own, {"pilote": {"organisation": plan["partner"].pk}})
    assert response.status_code == 403
    assert Action.objects.get(pk=plan["action"].pk).pilot == plan["pilot"]

    elsewhere = ActionFactory(convention=convention, node=plan["child"], pilot=plan["partner"])
    response = caller.patch(f"{plan['base']}/actions/{elsewhere.pk}/", {"avancement": 10})
    assert response.status_code == 403
    assert "pilote" in response.json()["message"]
    assert Action.objects.get(pk=elsewhere.pk).progress == 0

    response = caller.post(f"{plan['base']}/actions/", {"numero": "9", "titre": "x"})
    assert response.status_code == 403


def test_a_reader_reads_but_cannot_write(client, api, plan):
    reader = MembershipFactory(convention=plan["convention"], role="lecteur")
    caller = api(client, token_for(reader))
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    assert caller.get(url).status_code == 200
    response = caller.patch(url, {"titre": "Non"})
    assert response.status_code == 403
    assert caller.delete(url).status_code == 403
    assert Action.objects.filter(pk=plan["action"].pk, title=plan["action"].title).exists()


def test_another_ctgs_ids_are_not_found(client, api, plan):
    other = ActionFactory()
    foreign_org = OrganisationFactory(convention=other.convention)
    caller = api(client, plan["key"])
    response = caller.get(f"{plan['base']}/actions/{other.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert caller.get(f"{plan['base']}/actions/{other.pk}/notes/").status_code == 404

    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    response = caller.patch(url, {"noeud": other.node.pk})
    assert response.status_code == 400
    assert "noeud" in response.json()["details"]
    response = caller.patch(url, {"partenaires": [{"organisation": foreign_org.pk}]})
    assert response.status_code == 400
    assert Action.objects.get(pk=plan["action"].pk).node == plan["child"]


@pytest.mark.parametrize(
    "payload,key",
    [
        ({"avancement": "beaucoup"}, "avancement"),
        ({"avancement": 150}, "avancement"),
        ({"debut": "2025-06-01", "fin": "2025-01-01"}, "fin"),
        ({"statut": "termine"}, "statut"),
        ({"numero": "A0"}, "numero"),
        ({"budget": [{"annee": 1990, "montant": 10}]}, "budget"),
        ({"budget": [{"annee": 2025, "montant": -5}]}, "budget"),
        ({"tranches_age": ["bébés"]}, "tranches_age"),
        ({"territoire": {"communes": ["99999"]}}, "territoire"),
    ],
)
def test_bad_values_name_their_field_and_change_nothing(client, api, plan, payload, key):
    ActionFactory(convention=plan["convention"], node=plan["child"], number="A0")
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    before = Action.objects.get(pk=plan["action"].pk)
    response = api(client, plan["key"]).patch(url, {**payload, "titre": "Changé"})
    assert response.status_code == 400
    assert key in response.json()["details"]
    after = Action.objects.get(pk=plan["action"].pk)
    assert (after.title, after.version) == (before.title, before.version)
    assert not BudgetLine.objects.filter(action=after).exists()


def test_oversized_bodies_and_expired_tokens_change_nothing(client, api, plan, settings):
    settings.CTG_API_MAX_BODY_BYTES = 2000
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    response = caller.patch(url, {"description": "x" * 5000})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = caller.patch(url, {"titre": "Trop tard"})
    assert response.status_code == 401
    assert "expiré" in response.json()["message"]
    action = Action.objects.get(pk=plan["action"].pk)
    assert action.description == "" and action.title != "Trop tard"


def test_notes_are_listed_and_added_by_those_who_follow_the_action(client, api, plan):
    partner_member = MembershipFactory(
        convention=plan["convention"], role="partenaire", organisation=plan["partner"]
    )
    caller = api(client, token_for(partner_member))
    url = f"{plan['base']}/actions/{plan['action'].pk}/notes/"
    response = caller.post(url, {"texte": "Salle réservée pour mars."})
    assert response.status_code == 201, response.json()
    assert response.json()["date"] == datetime.date.today().isoformat()
    assert Note.objects.get(action=plan["action"]).author == partner_member.user
    assert caller.get(url).json()["total"] == 1
    assert caller.post(url, {"texte": "   "}).status_code == 400

    # A partner of the CTG that takes no part in this action only reads.
    outsider = MembershipFactory(convention=plan["convention"], partenaire=True)
    response = api(client, token_for(outsider)).post(url, {"texte": "Intrusion"})
    assert response.status_code == 403
    assert Note.objects.filter(action=plan["action"]).count() == 1


def test_deleting_an_action_is_for_plan_editors(client, api, plan):
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    assert api(client, plan["key"]).delete(url).status_code == 204
    assert not Action.objects.filter(pk=plan["action"].pk).exists()
    assert api(client, plan["key"]).get(url).status_code == 404


def test_someone_outside_the_ctg_neither_reads_nor_writes_its_plan(client, api, plan):
    stranger = MembershipFactory(role="coordinateur")  # coordinates another CTG
    caller = api(client, token_for(stranger))
    response = caller.get(f"{plan['base']}/actions/")
    assert response.status_code == 403
    assert "membre" in response.json()["message"]
    response = caller.post(f"{plan['base']}/noeuds/", {"titre": "Intrus"})
    assert response.status_code == 403
    assert not plan["convention"].plan_nodes.filter(title="Intrus").exists()


def test_sent_lists_replace_partners_milestones_and_budget_in_the_history(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    response = caller.patch(
        url,
        {
            "partenaires": [{"organisation": plan["pilot"].pk, "role": "Anime"}],
            "jalons": [],
            "budget": [{"annee": 2026, "montant": 800, "etat": "acquis"}],
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["partenaires"] == [{"organisation": plan["pilot"].pk, "role": "Anime"}]
    assert data["jalons"] == []
    assert data["budget"][0]["etat"] == "acquis"
    labels = set(Change.objects.filter(action=plan["action"]).values_list("label", flat=True))
    assert {"Partenaires", "Jalons", "Budget"} <= labels
    assert data["version"] > plan["action"].version


def test_a_change_sent_late_carries_its_date_d_effet_and_a_future_one_is_refused(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/actions/{plan['action'].pk}/"
    read = caller.get(url).json()
    day = datetime.date(plan["convention"].start_year, 6, 15)
    future = datetime.date.today() + datetime.timedelta(days=2)

    refused = caller.patch(url, {"statut": "realisee", "date_effet": future.isoformat()})
    assert refused.status_code == 400
    assert "Date d'effet : une date future n'est pas acceptée." in str(refused.json())

    response = caller.patch(
        url, {"version": read["version"], "statut": "realisee", "date_effet": day.isoformat()}
    )
    assert response.status_code == 200, response.json()
    change = Change.objects.get(action=plan["action"], field="status")
    assert (change.effective_on, change.origin, change.new_value) == (day, "API", "realisee")
