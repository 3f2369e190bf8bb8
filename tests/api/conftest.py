import datetime

import pytest

from ctg_pilote.api.services import create_token
from ctg_pilote.plan.models import Milestone, PartnerRole
from tests.conventions.factories import MembershipFactory, OrganisationFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, IndicatorValueFactory, NodeFactory


@pytest.fixture
def api():
    """Call the API as a token's owner: api(client, raw_key).get(url) / .patch(url, data)."""

    class Caller:
        def __init__(self, client, raw_key):
            self.client = client
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}

        def get(self, url, **params):
            return self.client.get(url, params, **self.headers)

        def post(self, url, data):
            return self.client.post(url, data, content_type="application/json", **self.headers)

        def patch(self, url, data):
            return self.client.patch(url, data, content_type="application/json", **self.headers)

        def delete(self, url):
            return self.client.delete(url, **self.headers)

    return Caller


def token_for(membership) -> str:
    return create_token(user=membership.user, name="Test")[1]


@pytest.fixture
def plan(db):
    """A CTG with a small plan: two nodes, an action piloted by an organisation with a
    partner, a milestone, an indicator with a value. Its coordinator holds a token."""
    coordinator = MembershipFactory(role="coordinateur")
    convention = coordinator.convention
    pilot = OrganisationFactory(convention=convention, name="Centre social")
    partner = OrganisationFactory(convention=convention, name="Mairie")
    axis = NodeFactory(convention=convention, position=1, number="1", sort_key="001")
    child = NodeFactory(
        convention=convention, parent=axis, position=1, number="1.1", sort_key="001.001"
    )
    action = ActionFactory(convention=convention, node=child, number="1.1.1", pilot=pilot)
    PartnerRole.objects.create(action=action, organisation=partner, role="Prête une salle")
    Milestone.objects.create(action=action, date=datetime.date(2025, 3, 1), title="Lancement")
    indicator = IndicatorFactory(action=action, ref="I1")
    IndicatorValueFactory(indicator=indicator, year=2024, value=12)
    return {
        "convention": convention,
        "coordinator": coordinator,
        "key": token_for(coordinator),
        "pilot": pilot,
        "partner": partner,
        "axis": axis,
        "child": child,
        "action": action,
        "indicator": indicator,
        "base": f"/api/v1/ctg/{convention.slug}/plan",
    }
