"""The page of one service: what, for whom, where, when, contact, price; never a person."""

from django.urls import reverse

from .factories import ServiceFactory


def test_service_page_says_what_for_whom_where_when_contact_and_price(client, caro, commune):
    service = ServiceFactory(
        convention=caro,
        rpe=True,
        name="Relais petite enfance de Fouras",
        commune=commune("17168"),
        address="2 rue de la Mer",
        public="Parents, futurs parents, assistants maternels",
        hours="Lundi et jeudi, 9 h - 12 h",
        contact="Mme Claire Martin, 06 12 34 56 78, claire.martin@exemple.fr, rpe@exemple.fr",
        public_phone="05 46 00 11 22",
        public_email="rpe@exemple.fr",
    )
    response = client.get(reverse("directory:detail", args=[service.pk]))
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Relais petite enfance (RPE)",
        "Parents, futurs parents, assistants maternels",
        "2 rue de la Mer, Fouras",
        "Lundi et jeudi, 9 h - 12 h",
        "05 46 00 11 22",
        "rpe@exemple.fr",
        "Gratuit.",
    ):
        assert expected in text
    # the internal contact is never public: neither the person nor her mobile and address
    assert "Claire" not in text
    assert "claire.martin" not in text
    assert "06 12 34 56 78" not in text


def test_a_service_without_address_or_commune_says_where_it_serves(client, caro):
    service = ServiceFactory(convention=caro, name="Bus des familles", contact="")
    text = client.get(reverse("directory:detail", args=[service.pk])).text
    assert "Tout le territoire (CTG Rochefort Océan (test))" in text
    assert "Horaires non précisés" in text
    assert "Renseignez-vous auprès de votre mairie" in text


def test_a_fictitious_service_is_labelled_as_such(client, caro, commune):
    service = ServiceFactory(convention=caro, commune=commune("17168"), is_fictitious=True)
    assert "Donnée fictive" in client.get(reverse("directory:detail", args=[service.pk])).text
    results = client.get(reverse("directory:search"), {"q": "Fouras"}).text
    assert "Donnée fictive" in results


def test_unknown_service_is_a_404(client, db):
    assert client.get(reverse("directory:detail", args=[999999])).status_code == 404


def test_without_public_or_ages_the_type_says_for_whom(client, caro, commune):
    from ctg_pilote.diagnostic.models import OfferType

    rpe = ServiceFactory(convention=caro, rpe=True, commune=commune("17168"))
    social = ServiceFactory(
        convention=caro,
        offer_type=OfferType.objects.get(code="centre-social"),
        commune=commune("17168"),
    )
    assert "0-3 ans, Parents" in client.get(reverse("directory:detail", args=[rpe.pk])).text
    assert "Tous publics" in client.get(reverse("directory:detail", args=[social.pk])).text


def test_the_first_of_the_month_is_written_1er(client, caro, commune):
    first = ServiceFactory(
        convention=caro, name="Crèche", commune=commune("17168"), information_date="2026-10-01"
    )
    second = ServiceFactory(
        convention=caro, name="Relais", commune=commune("17168"), information_date="2026-10-02"
    )
    assert (
        "vérifiées le 1er octobre 2026"
        in client.get(reverse("directory:detail", args=[first.pk])).text
    )
    assert (
        "vérifiées le 2 octobre 2026"
        in client.get(reverse("directory:detail", args=[second.pk])).text
    )


def test_a_fictitious_service_says_so_once_on_its_page_and_on_its_card(client, caro, commune):
    service = ServiceFactory(
        convention=caro,
        name="Multi-accueil (exemple)",
        commune=commune("17168"),
        is_fictitious=True,
    )
    page = client.get(reverse("directory:detail", args=[service.pk])).text
    assert page.count("Donnée fictive") == 1
    results = client.get(reverse("directory:search"), {"commune": "17168"}).text
    assert results.count("Donnée fictive") == 1
