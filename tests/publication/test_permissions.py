"""Who sees the public pages, who chooses what they show: every rule through HTTP."""

import html

import pytest
from django.urls import reverse

from ctg_pilote.publication.models import Publication
from tests.conventions.factories import ContactFactory, OrganisationFactory

from .factories import PublicationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["page", "brochure_html", "open_data", "communes_geojson"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_anyone_opens_the_pages_of_a_published_ctg(client, name):
    publication = PublicationFactory()
    response = client.get(reverse(f"public:{name}", args=[publication.convention.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", [*PUBLIC_PAGES, "brochure_pdf"])
def test_an_unpublished_ctg_has_no_public_page_for_strangers(client, outsider_client, name):
    publication = PublicationFactory(draft=True)
    url = reverse(f"public:{name}", args=[publication.convention.slug])
    for visitor in (client, outsider_client):
        response = visitor.get(url)
        assert response.status_code == 404
        assert "Cette CTG n'a pas de page publique." in html.unescape(response.content.decode())


def test_a_ctg_that_never_chose_anything_is_not_public(client, convention):
    response = client.get(reverse("public:page", args=[convention.slug]))
    assert response.status_code == 404


def test_the_404_of_an_unpublished_brochure_is_a_french_page(client):
    publication = PublicationFactory(draft=True)
    response = client.get(reverse("public:brochure_pdf", args=[publication.convention.slug]))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    page = html.unescape(response.content.decode())
    assert "Page publique introuvable" in page and "Connectez-vous" in page
    assert "Traceback" not in page


def test_members_preview_the_unpublished_page(member_client):
    publication = PublicationFactory(draft=True)
    client, _ = member_client(publication.convention, role="partenaire")
    response = client.get(reverse("public:page", args=[publication.convention.slug]))
    assert response.status_code == 200
    assert "Aperçu" in html.unescape(response.content.decode())


def test_settings_ask_strangers_to_sign_in(client, convention):
    url = reverse("publication:settings", args=[convention.slug])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_settings_are_closed_to_members_of_another_ctg(outsider_client, convention):
    assert (
        outsider_client.get(reverse("publication:settings", args=[convention.slug])).status_code
        == 403
    )
    response = outsider_client.post(
        reverse("publication:edit", args=[convention.slug]), {"is_published": "on"}
    )
    assert response.status_code == 403
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["partenaire", "lecteur"])
def test_only_coordination_and_caf_publish(member_client, convention, role):
    client, _ = member_client(convention, role=role)
    page = client.get(reverse("publication:settings", args=[convention.slug]))
    assert page.status_code == 200 and 'name="introduction"' not in html.unescape(
        page.content.decode()
    )
    response = client.post(
        reverse("publication:edit", args=[convention.slug]),
        {"is_published": "on", "sections": ["plan"]},
    )
    assert response.status_code == 403
    assert "choisissent ce qui est publié" in html.unescape(response.content.decode())
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", ["coordinateur", "caf"])
def test_coordination_and_caf_put_the_page_online(member_client, client, convention, role):
    signed_in, _ = member_client(convention, role=role)
    response = signed_in.post(
        reverse("publication:edit", args=[convention.slug]),
        {"is_published": "on", "introduction": "  Bonjour  ", "sections": ["plan", "signataires"]},
    )
    assert response.status_code == 302
    publication = Publication.objects.get(convention=convention)
    assert publication.is_published and publication.introduction == "Bonjour"
    assert publication.sections == ["signataires", "plan"]  # in the page's order
    signed_in.logout()
    assert client.get(reverse("public:page", args=[convention.slug])).status_code == 200


def test_an_unknown_section_is_refused_with_a_french_message(member_client, convention):
    client, _ = member_client(convention)
    response = client.post(
        reverse("publication:edit", args=[convention.slug]), {"sections": ["contacts"]}
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Sélectionnez un choix valide. contacts n\u2019en fait pas partie." in text
    assert not Publication.objects.exists()


def test_the_public_page_names_organisations_never_people(client):
    publication = PublicationFactory()
    org = OrganisationFactory(convention=publication.convention, name="Centre social Les Pins")
    ContactFactory(
        organisation=org, first_name="Camille", last_name="Durand", email="camille@exemple.test"
    )
    for name in ("page", "brochure_html"):
        page = client.get(reverse(f"public:{name}", args=[publication.convention.slug]))
        text = html.unescape(page.content.decode())
        assert "Centre social Les Pins" in text
        assert "Durand" not in text and "camille@exemple.test" not in text


def test_the_index_lists_only_published_ctgs(client):
    online = PublicationFactory()
    draft = PublicationFactory(draft=True)
    text = html.unescape(client.get(reverse("public:index")).content.decode())
    assert online.convention.name in text
    assert draft.convention.name not in text
