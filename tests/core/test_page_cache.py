"""Often-read pages come from a cache, and are never stale: a write through any page, the API,
a command or another app server shows at once."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import revisions
from ctg_pilote.demo.services import demo_document, demo_folders
from tests.conventions.factories import MembershipFactory, UserFactory
from tests.plan.conftest import plan  # noqa: F401  (fixture)
from tests.utils import page_text

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.CTG_PAGE_CACHE = True
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


def get_counting(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_the_plan_page_is_served_from_the_cache_and_shows_an_edit_at_once(
    client,
    convention,
    plan,  # noqa: F811
):
    membership = MembershipFactory(convention=convention, role="coordinateur")
    client.force_login(membership.user)
    url = reverse("plan:index", args=[convention.slug])
    client.get(url)  # the browser receives its CSRF cookie
    first, first_queries = get_counting(client, url)
    second, second_queries = get_counting(client, url)
    assert second.content == first.content
    assert second_queries < first_queries

    action = plan["actions"][1]
    response = client.post(
        reverse("plan:quick_update", args=[convention.slug, action.pk]),
        {"version": action.version, "status": "realisee", "progress": 100, "note": ""},
    )
    assert response.status_code == 302
    # The redirect carries a confirmation: the page that shows it is not a cached copy.
    shown = page_text(client.get(url, follow=True))
    assert "Réseau jeunesse" in shown
    action.refresh_from_db()
    assert action.status == "realisee"
    after, _ = get_counting(client, url)
    assert after.content != first.content


def test_each_person_gets_their_own_page(client, convention, plan):  # noqa: F811
    coordinator = MembershipFactory(convention=convention, role="coordinateur").user
    partner = MembershipFactory(
        convention=convention, role="partenaire", organisation=plan["partner_org"]
    ).user
    url = reverse("plan:index", args=[convention.slug])
    client.force_login(coordinator)
    coordinator_page = page_text(client.get(url))
    client.force_login(partner)
    partner_page = page_text(client.get(url))
    assert "Vos actions à suivre" in partner_page
    assert "Vos actions à suivre" not in coordinator_page


def test_a_write_by_another_server_is_seen_at_once(client, convention, plan):  # noqa: F811
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    url = reverse("plan:index", args=[convention.slug])
    client.get(url)
    client.get(url)
    action = plan["actions"][0]
    # Another app server saved the action and bumped the CTG's revision in the database.
    type(action).objects.filter(pk=action.pk).update(title="Réseau renommé ailleurs")
    revisions.bump(convention.pk)
    assert "Réseau renommé ailleurs" in page_text(client.get(url))


def test_an_import_command_is_seen_at_once(client, tmp_path):
    document = demo_document(demo_folders()[0])
    path = tmp_path / "ctg.json"
    path.write_text(json.dumps(document), "utf-8")
    call_command("import_ctg", str(path), stdout=io.StringIO())
    convention = Convention.objects.get(slug=document["ctg"]["identifiant"])
    client.force_login(UserFactory(is_staff=True))  # the import replaces the members
    url = reverse("plan:index", args=[convention.slug])
    client.get(url)
    title = document["plan"]["actions"][0]["titre"]
    assert title in page_text(client.get(url))
    document["plan"]["actions"][0]["titre"] = "Action renommée par un import"
    path.write_text(json.dumps(document), "utf-8")
    call_command("import_ctg", str(path), stdout=io.StringIO())
    assert "Action renommée par un import" in page_text(client.get(url))


def test_the_directory_search_follows_any_change(client, convention):
    url = reverse("directory:search") + "?q=Fouras"
    # Another page of the same search fills what the process keeps for good (the index of
    # commune names, the commune's centre), so only the page cache makes a difference below.
    client.get(url + "&public=0-3")
    first, first_queries = get_counting(client, url)
    second, second_queries = get_counting(client, url)
    assert second.content == first.content
    assert second_queries < first_queries
    revisions.bump(convention.pk)
    _third, third_queries = get_counting(client, url)
    # Computed again, with what the process keeps until the site changes (the communes that
    # have services) read again too.
    assert third_queries >= first_queries


def test_api_lists_are_cached_and_follow_api_writes(client, convention, plan):  # noqa: F811
    from ctg_pilote.api.services import create_token

    user = MembershipFactory(convention=convention, role="coordinateur").user
    _token, raw_key = create_token(user=user, name="Observatoire")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}
    url = f"/api/v1/ctg/{convention.slug}/plan/actions/"
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url, **headers).json()
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(url, **headers).json()
    assert second == first
    assert len(second_queries) < len(first_queries)
    action = plan["actions"][0]
    response = client.patch(
        f"{url}{action.pk}/",
        {"titre": "Titre changé par l'API", "version": action.version},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    titles = [a["titre"] for a in client.get(url, **headers).json()["resultats"]]
    assert "Titre changé par l'API" in titles
