import pytest
from django.core.cache import cache

from tests.conventions.factories import ConventionFactory, MembershipFactory, UserFactory

# Départements loaded once per test session from the official extract: Charente-Maritime
# (Rochefort Océan, Aunis Atlantique) and Maine-et-Loire (Cholet Agglomération).
TEST_DEPARTEMENTS = ["17", "34", "49", "77"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from ctg_pilote.territories.importer import load_extract

    with django_db_blocker.unblock():
        load_extract(departements=TEST_DEPARTEMENTS)


@pytest.fixture(autouse=True)
def _empty_cache():
    """API rate counts live in the cache: each test starts with none (attempts at sign-in are
    rows, rolled back with the test's transaction)."""
    cache.clear()


@pytest.fixture
def convention(db):
    return ConventionFactory()


@pytest.fixture
def member_client(client):
    """Sign in as someone holding `role` in `convention`: member_client(convention, "caf")."""

    def sign_in(convention, role="coordinateur", **kwargs):
        membership = MembershipFactory(convention=convention, role=role, **kwargs)
        client.force_login(membership.user)
        return client, membership

    return sign_in


@pytest.fixture
def outsider_client(client, db):
    client.force_login(UserFactory())
    return client
