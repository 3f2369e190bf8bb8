"""A refusal reads the same on a page and in the API: both say the rule's own sentence."""

import pytest
from django.urls import reverse

from ctg_pilote.diagnostic import perms as diagnostic_perms
from ctg_pilote.plan import perms as plan_perms
from ctg_pilote.plan.models import Action
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def test_a_partner_is_refused_an_action_it_does_not_pilot_with_one_sentence(client, api, plan):
    member = MembershipFactory(
        convention=plan["convention"], role="partenaire", organisation=plan["partner"]
    )
    refusal = str(plan_perms.can_edit_action.refusal)
    action = plan["action"]

    client.force_login(member.user)
    page = client.get(reverse("plan:action_edit", args=[plan["convention"].slug, action.pk]))
    assert page.status_code == 403
    assert refusal in page_text(page)

    response = api(client, token_for(member)).patch(
        f"{plan['base']}/actions/{action.pk}/", {"avancement": 10}
    )
    assert response.status_code == 403
    assert response.json()["message"] == refusal
    assert Action.objects.get(pk=action.pk).progress == action.progress


def test_the_pilot_changes_neither_number_nor_node_nor_pilot_on_the_page_or_in_the_api(
    client, api, plan
):
    member = MembershipFactory(
        convention=plan["convention"], role="partenaire", organisation=plan["pilot"]
    )
    action = plan["action"]

    client.force_login(member.user)
    form = client.get(reverse("plan:action_edit", args=[plan["convention"].slug, action.pk]))
    assert form.status_code == 200
    fields = form.context["form"].fields.items()
    assert {name for name, field in fields if field.disabled} == {"number", "node", "pilot"}

    caller = api(client, token_for(member))
    for change in ({"numero": "9.9"}, {"noeud": plan["axis"].pk}):
        response = caller.patch(f"{plan['base']}/actions/{action.pk}/", change)
        assert response.status_code == 403, change
        assert response.json()["message"] == str(plan_perms.can_reassign_action.refusal)
    action.refresh_from_db()
    assert (action.number, action.node) == ("1.1.1", plan["child"])


def test_a_reader_is_refused_writing_the_offer_with_one_sentence(client, api, plan):
    reader = MembershipFactory(convention=plan["convention"], role="lecteur")
    refusal = str(diagnostic_perms.can_edit_diagnostic.refusal)

    client.force_login(reader.user)
    page = client.get(reverse("diagnostic:offer_import", args=[plan["convention"].slug]))
    assert page.status_code == 403
    assert refusal in page_text(page)

    slug = plan["convention"].slug
    response = api(client, token_for(reader)).post(
        f"/api/v1/ctg/{slug}/diagnostic/offre/", {"nom": "Crèche"}
    )
    assert response.status_code == 403
    assert response.json()["message"] == refusal
