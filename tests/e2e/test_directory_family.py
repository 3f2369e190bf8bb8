"""A family on a phone finds the relais petite enfance serving its commune, with the keyboard;
axe-core finds no WCAG 2.1 A/AA violation on the search page, the results and a service page."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def rpe(reference_data):
    from ctg_pilote.conventions.models import Convention, Organisation
    from ctg_pilote.diagnostic.models import Offer, OfferType
    from ctg_pilote.territories.models import Commune, Epci, Vintage

    vintage = Vintage.objects.current()
    epci = Epci.objects.get(vintage=vintage, siren="200041762")
    convention = Convention.objects.create(
        slug="caro-annuaire",
        name="CTG Rochefort Océan",
        start_year=2023,
        end_year=2027,
        epci=epci,
        vintage=vintage,
        caf_departement=epci.departement,
    )
    convention.communes.set(Commune.objects.filter(epci=epci))
    communes = {c.code: c for c in Commune.objects.filter(epci=epci)}
    manager = Organisation.objects.create(
        convention=convention, ref="caro", name="Communauté d'Agglomération", kind="epci"
    )
    rpe = Offer.objects.create(
        convention=convention,
        offer_type=OfferType.objects.get(code="rpe"),
        name="Relais petite enfance du Nord",
        manager=manager,
        is_itinerant=True,
        public="Parents, assistants maternels",
        hours="Mardi 9 h - 12 h",
        public_phone="05 46 00 11 22",
        source="Test",
        is_fictitious=True,
    )
    rpe.communes_served.set([communes["17168"], communes["17146"]])
    Offer.objects.create(
        convention=convention,
        offer_type=OfferType.objects.get(code="espace-jeunes"),
        name="Espace jeunes de Fouras",
        commune=communes["17168"],
        source="Test",
        is_fictitious=True,
    )
    return rpe


def test_family_on_a_phone_finds_the_rpe_of_its_commune(
    page, live_server, rpe, screenshot, axe_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/services/")
    assert axe_violations(page) == []

    # Keyboard only: Enter searches, then choosing an age filters at once (htmx).
    page.get_by_label("Commune ou code postal").fill("Fouras")
    with page.expect_response(lambda r: "q=Fouras" in r.url):
        page.get_by_label("Commune ou code postal").press("Enter")
    page.get_by_label("Pour qui ?").focus()
    with page.expect_response(lambda r: "public=0-3" in r.url):
        page.keyboard.press("ArrowDown")  # 0-3 ans
    results = page.locator("#resultats")
    link = results.get_by_role("link", name="Relais petite enfance du Nord")
    link.wait_for()
    assert "Espace jeunes de Fouras" not in results.inner_text()  # not for 0-3 ans
    assert "05 46 00 11 22" in results.inner_text()
    assert "Service itinérant : Fouras, Échillais" in results.inner_text()
    # On a phone the list comes first; the map is one tap away, and a marker leads to its card.
    page.get_by_role("button", name="Carte").click()
    page.locator(".directory-map path").first.wait_for()
    page.get_by_role("button", name="Liste").click()
    assert "public=0-3" in page.url  # the state is in the address, to share or go back
    screenshot("directory-phone-results")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    link.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Relais petite enfance du Nord").wait_for()
    body = page.locator("main").inner_text()
    assert "Fouras" in body and "Gratuit" in body and "Donnée fictive" in body
    screenshot("directory-phone-service")
    assert axe_violations(page) == []


def test_an_unknown_commune_gets_an_accessible_french_message(
    page, live_server, reference_data, axe_violations
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/services/?q=Zorglubville")
    alert = page.get_by_role("alert")
    assert "Aucune commune ne s'appelle « Zorglubville »" in alert.inner_text()
    assert axe_violations(page) == []


def test_the_position_button_finds_the_commune(browser, live_server, rpe, axe_violations):
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
        geolocation={"latitude": 45.985, "longitude": -1.09},  # Fouras
        permissions=["geolocation"],
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{live_server.url}/services/")
        page.get_by_role("button", name="Utiliser ma position").click()
        page.get_by_role("heading", name="2 services à Fouras").wait_for()
        assert page.get_by_role("link", name="Relais petite enfance du Nord").is_visible()
    finally:
        context.close()
