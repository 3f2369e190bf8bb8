import pytest

from tests.conventions.factories import ContactFactory, OrganisationFactory
from tests.governance.factories import InstanceFactory, MeetingFactory
from tests.plan.factories import ActionFactory, NodeFactory


@pytest.fixture
def copil(convention):
    """A COPIL with two member organisations; the CAF's director is a named contact."""
    instance = InstanceFactory(convention=convention, ref="copil", name="Comité de pilotage")
    caf = OrganisationFactory(convention=convention, ref="caf", name="CAF", kind="caf")
    epci = OrganisationFactory(convention=convention, ref="epci", name="Agglo", kind="epci")
    director = ContactFactory(
        organisation=caf, function="Directrice", first_name="Camille", last_name="Martin",
        email="camille.martin@exemple.test",
    )  # fmt: skip
    instance.members.create(organisation=caf, contact=director, role="signataire")
    instance.members.create(organisation=epci, role="signataire")
    return instance


@pytest.fixture
def meeting(copil):
    return MeetingFactory(instance=copil, title="COPIL de décembre")


@pytest.fixture
def actions(convention):
    node = NodeFactory(convention=convention, position=1, number="1", sort_key="001")
    return [
        ActionFactory(convention=convention, node=node, number=f"1.{i}", title=f"Action {i}")
        for i in (1, 2, 3)
    ]
