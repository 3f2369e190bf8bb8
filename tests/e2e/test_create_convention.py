import re

import pytest
from playwright.sync_api import expect

from tests.conventions.factories import UserFactory

pytestmark = pytest.mark.browser


def test_admin_creates_a_ctg_from_an_epci_and_sees_its_communes(
    live_server, page, screenshot, reference_data
):
    UserFactory(email="admin@exemple.test", admin=True)

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("admin@exemple.test")
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Mes CTG")).to_be_visible()

    # htmx is deferred: typing before it has bound the search field would send no request,
    # so wait for the creation page to be fully loaded.
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Créer une CTG").click()
    page.get_by_label("Rechercher un EPCI (nom ou SIREN)").fill("Rochefort")
    page.get_by_role("button", name="CA Rochefort Océan").click()
    expect(page.get_by_label("Nom de la CTG")).to_have_value("CTG CA Rochefort Océan")
    page.get_by_label("Première année").fill("2023")
    page.get_by_label("Dernière année").fill("2027")
    page.get_by_role("button", name="Créer la CTG").click()

    expect(page.get_by_text("est créée avec ses 25 communes")).to_be_visible()
    # « Premiers pas »: the usual instances, the démarche's phases, the thématiques socle.
    expect(page.get_by_label("Comité de pilotage")).to_be_checked()
    expect(page.get_by_label("Comité technique")).to_be_checked()
    page.get_by_label("Comité technique").uncheck()
    screenshot("ctg-premiers-pas")
    page.get_by_role("button", name="Ajouter ce qui est coché").click()
    expect(page.get_by_text("Ajouté à la CTG : Comité de pilotage, 6 phases")).to_be_visible()
    checklist = page.locator(".first-steps")
    expect(checklist).to_contain_text("Construire le plan d'action")
    table = page.locator("#communes-table")
    expect(table.locator("tbody tr")).to_have_count(25)
    expect(table).to_contain_text("Rochefort")
    expect(table).to_contain_text("17299")
    # Every commune is drawn on the map as an interactive contour, with no tile server.
    expect(page.locator(".commune-map path.leaflet-interactive")).to_have_count(25)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    path = screenshot("ctg-created-rochefort")
    assert path.stat().st_size > 10_000
    assert re.search(r"/ctg/ctg-ca-rochefort-ocean/$", page.url)
