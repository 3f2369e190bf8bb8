"""Public contact details are declared, never read from free text: a person's name, mobile
and e-mail typed in the internal contact reach no public page or file; the phone, e-mail and
website the coordination declared public do."""

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.publication.opendata import DATASETS
from tests.publication.factories import PublicationFactory

from .factories import ServiceFactory

# What a coordinator may type in the free-text contact: a hyphenated, accented name, two
# mobiles and personal addresses with hyphens, underscores and accents.
INTERNAL = (
    "Marie-Ève Dupont-Lefèvre, 06 12 34 56 78 ou +33 7 98 76 54 32, "
    "marie-eve.dupont_lefevre@exemple.fr, élodie.martin@exemple.fr"
)
NEVER_PUBLIC = [
    "Dupont",
    "Marie-Ève",
    "06 12 34 56 78",
    "0612345678",
    "98 76 54 32",
    "798765432",
    "marie-eve",
    "dupont_lefevre",
    "lodie.martin",
]


@pytest.fixture
def published(caro, commune):
    ccas = Organisation.objects.create(
        convention=caro, ref="ccas-fouras", name="CCAS de Fouras", kind="ccas"
    )
    PublicationFactory(convention=caro)
    return ServiceFactory(
        convention=caro,
        rpe=True,
        name="Relais petite enfance de Fouras",
        commune=commune("17168"),
        manager=ccas,
        contact=INTERNAL,
        public_phone="05 46 00 11 22",
        public_email="rpe@fouras.example.fr",
        public_website="https://fouras.example.fr/rpe",
    )


def public_urls(service):
    slug = service.convention.slug
    urls = [
        reverse("directory:detail", args=[service.pk]),
        reverse("directory:search") + "?commune=17168",
        reverse("directory:search") + "?q=Fouras",
        reverse("directory:services"),
        reverse("directory:structures"),
        reverse("public:index"),
        reverse("public:page", args=[slug]),
        reverse("public:brochure_html", args=[slug]),
        reverse("public:open_data", args=[slug]),
    ]
    for dataset in DATASETS:
        for fmt in ("csv", "json"):
            urls.append(reverse("public:open_data_file", args=[slug, dataset, fmt]))
    return urls


def test_the_internal_contact_reaches_no_public_page_or_file(client, published):
    checked = 0
    for url in public_urls(published):
        response = client.get(url)
        if response.status_code == 404:  # an open data set the CTG does not publish
            continue
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in NEVER_PUBLIC:
            assert secret not in text, (url, secret)
        checked += 1
    assert checked >= 10


def test_declared_public_contact_is_shown_and_exported(client, published):
    page = client.get(reverse("directory:detail", args=[published.pk])).text
    assert 'href="tel:0546001122"' in page
    assert 'href="mailto:rpe@fouras.example.fr"' in page
    assert 'href="https://fouras.example.fr/rpe"' in page
    results = client.get(reverse("directory:search"), {"commune": "17168"}).text
    assert "05 46 00 11 22" in results and "rpe@fouras.example.fr" in results

    [service] = client.get(reverse("directory:services")).json()["items"]
    assert (service["telephone"], service["courriel"]) == (
        "05 46 00 11 22",
        "rpe@fouras.example.fr",
    )
    [structure] = client.get(reverse("directory:structures")).json()["items"]
    assert structure["nom"] == "CCAS de Fouras"
    assert structure["telephone"] == "05 46 00 11 22"


def test_a_service_without_declared_contact_publishes_none(client, caro, commune):
    ServiceFactory(convention=caro, commune=commune("17168"), contact=INTERNAL)
    [service] = client.get(reverse("directory:services")).json()["items"]
    assert service["telephone"] is None and service["courriel"] is None
    [structure] = client.get(reverse("directory:structures")).json()["items"]
    assert structure["telephone"] is None and structure["courriel"] is None
    assert structure["site_web"] is None


def test_members_still_see_the_internal_contact(member_client, published):
    client, _ = member_client(published.convention, "lecteur")
    page = client.get(reverse("diagnostic:offer", args=[published.convention.slug])).text
    assert "06 12 34 56 78" in page
    assert "05 46 00 11 22" in page


def test_an_address_that_cannot_receive_mail_is_refused_where_it_is_typed(caro):
    from django.core.exceptions import ValidationError

    service = ServiceFactory.build(convention=caro, public_email="accueil@creche.test")
    with pytest.raises(ValidationError) as error:
        service.clean_fields(exclude={"offer_type", "convention", "commune", "manager"})
    (message,) = error.value.message_dict["public_email"]
    assert "« accueil@creche.test » ne peut pas recevoir de courriel" in message
    assert "« creche.test »" in message


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["rpe@fouras.test", "pas-un-courriel"])
def test_an_address_saved_before_the_check_is_left_out_of_the_open_data(client, published, address):
    # Saved by an older version, or straight in the database: the export still answers,
    # with everything else, instead of failing for every family and every reuser.
    type(published).objects.filter(pk=published.pk).update(public_email=address)
    response = client.get(reverse("directory:services"))
    assert response.status_code == 200
    (item,) = response.json()["items"]
    assert item["courriel"] is None
    assert item["telephone"] == "05 46 00 11 22"
