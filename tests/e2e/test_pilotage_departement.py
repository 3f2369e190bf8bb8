import pytest
from playwright.sync_api import expect

from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document
from tests.conventions.factories import UserFactory

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email):
    UserFactory(email=email) if not email.endswith("@demo.test") else None
    from ctg_pilote.accounts.models import User

    user = User.objects.get(email=email)
    user.set_password("mot-de-passe-test")
    user.save()
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()


def test_caf_sees_the_charente_maritime_ctgs_their_progress_and_the_map(
    live_server, page, screenshot, reference_data, axe_violations
):
    for slug in ("rochefort-ocean", "aunis-atlantique", "ile-oleron"):
        import_document(demo_document(DATA_DIR / slug))
    _sign_in(page, live_server, "caf@demo.test")
    page.goto(f"{live_server.url}/departements/17/")
    table = page.locator("#ctg-list")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table).to_contain_text("Aunis Atlantique")
    expect(table).to_contain_text("20 %")
    # One shape per EPCI of the département, no tile server.
    expect(page.locator("#epci-map")).to_have_attribute("data-loaded", "13")
    expect(page.locator("#epci-map path.leaflet-interactive")).to_have_count(13)
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    assert screenshot("pilotage-departement-17").stat().st_size > 10_000

    page.get_by_label("Rechercher une action").fill("itinérant parentalité")
    page.get_by_role("button", name="Rechercher").click()
    results = page.locator("#search-results")
    expect(results).to_contain_text("Soutien à la parentalité dans les villages")
    expect(results).to_contain_text("aller-vers / itinérant / mobile")
    assert axe_violations(page) == []


def test_dashboard_draws_its_charts(live_server, page, screenshot, reference_data):
    import_document(demo_document(DATA_DIR / "aunis-atlantique"))
    _sign_in(page, live_server, "caf@demo.test")
    page.goto(f"{live_server.url}/ctg/aunis-atlantique/pilotage/")
    expect(page.locator("#key-figures")).to_contain_text("20 %")
    assert page.locator("canvas.pilotage-chart").count() == 3
    page.get_by_role("link", name="2", exact=True).first.click()
    expect(page.get_by_role("heading", name="2 actions")).to_be_visible()
    screenshot("pilotage-dashboard")
