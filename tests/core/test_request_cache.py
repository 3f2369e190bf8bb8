"""A signed-in page costs the session and one query when nothing changed, and a logout, a
password change or a lost membership still counts at the very next request."""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctg_pilote.core import request_cache
from tests.conventions.factories import MembershipFactory
from tests.plan.conftest import plan  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def caches_on(settings):
    settings.CTG_PAGE_CACHE = True
    settings.CTG_REQUEST_CACHE = True
    request_cache.reset()
    caches["pages"].clear()
    yield
    request_cache.reset()
    caches["pages"].clear()


@pytest.fixture
def signed_in(client, convention, plan):  # noqa: F811
    membership = MembershipFactory(convention=convention, role="coordinateur")
    client.force_login(membership.user)
    client.get(reverse("plan:index", args=[convention.slug]))  # CSRF cookie, caches warm
    return client, membership


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("name", ["plan:index", "pilotage:dashboard"])
def test_a_page_served_again_costs_the_session_and_one_query(signed_in, convention, name):
    client, _ = signed_in
    url = reverse(name, args=[convention.slug])
    first, _ = queries_of(client, url)
    again, queries = queries_of(client, url)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert len(queries) <= 2, queries
    assert "django_session" in queries[0]


def test_a_deleted_session_is_refused_at_the_next_request(signed_in, convention):
    client, _ = signed_in
    url = reverse("plan:index", args=[convention.slug])
    assert client.get(url).status_code == 200
    Session.objects.all().delete()  # e.g. a logout on another server
    response = client.get(url)
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_a_password_changed_elsewhere_ends_the_other_sessions(signed_in, convention):
    client, membership = signed_in
    url = reverse("plan:index", args=[convention.slug])
    assert client.get(url).status_code == 200
    user = membership.user
    user.set_password("un nouveau mot de passe")
    user.save()  # e.g. `ctg changepassword`, which no request revision sees
    assert client.get(url).status_code == 302


def test_a_removed_membership_closes_the_ctg_at_the_next_request(signed_in, convention):
    client, membership = signed_in
    url = reverse("plan:index", args=[convention.slug])
    assert client.get(url).status_code == 200
    membership.delete()
    assert client.get(url).status_code == 403


def test_a_ctg_that_no_longer_exists_is_not_found(signed_in, convention):
    client, _ = signed_in
    url = reverse("plan:index", args=[convention.slug])
    assert client.get(url).status_code == 200
    assert client.get(reverse("plan:index", args=["aucune-ctg"])).status_code == 404


def test_an_api_list_served_again_costs_the_token_its_refusals_its_count_and_one_query(
    client,
    convention,
    plan,  # noqa: F811
):
    from ctg_pilote.api.services import create_token

    user = MembershipFactory(convention=convention, role="coordinateur").user
    _token, raw_key = create_token(user=user, name="Observatoire")
    url = f"/api/v1/ctg/{convention.slug}/plan/actions/"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    first = client.get(url, **headers)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url, **headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    # The token, the refused attempts of its address, the count of the token's requests
    # (api/throttling.py, one upsert), the revisions.
    assert len(queries) <= 4, [q["sql"] for q in queries.captured_queries]
