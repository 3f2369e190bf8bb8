import pytest

from tests.conventions.factories import OrganisationFactory
from tests.plan.factories import ActionFactory, NodeFactory


@pytest.fixture
def plan(convention):
    """Two enjeux, three actions; the third is piloted by `pilot_org`, partnered by `partner_org`."""
    first = NodeFactory(
        convention=convention, position=1, number="1", sort_key="001", title="Réseaux"
    )
    second = NodeFactory(
        convention=convention, position=2, number="2", sort_key="002", title="Mobilité"
    )
    pilot_org = OrganisationFactory(
        convention=convention, ref="centre-social", name="Centre social"
    )
    partner_org = OrganisationFactory(convention=convention, ref="ccas", name="CCAS")
    a1 = ActionFactory(
        convention=convention, node=first, number="1.1", title="Réseau petite enfance", done=True
    )
    a2 = ActionFactory(
        convention=convention, node=first, number="1.2", title="Réseau jeunesse", running=True
    )
    a3 = ActionFactory(
        convention=convention,
        node=second,
        number="2.1",
        title="Transport à domicile",
        pilot=pilot_org,
    )
    a3.partner_roles.create(organisation=partner_org, role="relais")
    return {
        "nodes": [first, second],
        "actions": [a1, a2, a3],
        "pilot_org": pilot_org,
        "partner_org": partner_org,
    }
