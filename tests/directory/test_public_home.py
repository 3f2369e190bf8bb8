"""The anonymous home: a family lands on the search, the published CTGs and the
accessibility statement, not on a sign-in page; the public CTG pages link the directory."""

from django.urls import reverse

from ctg_pilote.publication.models import Publication


def test_an_anonymous_visitor_gets_the_public_home(client, caro):
    Publication.objects.create(convention=caro, is_published=True)
    response = client.get("/")
    assert response.status_code == 200
    text = response.text
    assert 'action="/services/"' in text and "Commune ou code postal" in text
    assert caro.name in text and reverse("public:page", args=[caro.slug]) in text
    assert reverse("public:accessibility") in text


def test_an_unpublished_ctg_is_not_listed(client, caro):
    assert caro.name not in client.get("/").text


def test_a_signed_in_member_keeps_the_redirect(member_client, caro):
    client, _membership = member_client(caro)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("conventions:mine")


def test_the_public_page_and_brochure_link_the_directory(client, caro):
    Publication.objects.create(convention=caro, is_published=True)
    for name in ("public:page", "public:brochure_html"):
        text = client.get(reverse(name, args=[caro.slug])).text
        assert 'href="/services/"' in text, name
