"""In Chromium: hostile names never run as script, and no page breaks the Content-Security-Policy
(any violation is reported on the console, which these tests read)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.diagnostic.models import Offer, OfferType
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.plan.models import Action
from ctg_pilote.territories.models import Epci, Vintage
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory, IndicatorFactory

pytestmark = pytest.mark.browser

PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture
def watch(page):
    """What the page did that it must not: dialogs opened, CSP violations, script errors."""
    seen = {"dialogs": [], "csp": [], "errors": []}

    def on_dialog(dialog):
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    def on_console(message):
        if "Content Security Policy" in message.text:
            seen["csp"].append(f"{page.url}: {message.text}")

    page.on("dialog", on_dialog)
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen["errors"].append(f"{page.url}: {error}"))
    return seen


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name=user.email)).to_be_visible()


def tooltips(page, selector: str) -> list[str]:
    """The text of each map shape's tooltip, shown one after the other."""
    return page.evaluate(
        """(selector) => {
            const texts = [];
            document.querySelectorAll(selector + " path.leaflet-interactive").forEach((path) => {
                path.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
                document.querySelectorAll(".leaflet-tooltip").forEach((t) => texts.push(t.textContent));
                path.dispatchEvent(new MouseEvent("mouseout", {bubbles: true}));
            });
            return texts;
        }""",
        selector,
    )


def rochefort_ocean():
    return Epci.objects.get(vintage=Vintage.objects.current(), siren="200041762")


def assert_nothing_ran(page, watch):
    assert page.locator('img[src="x"]').count() == 0
    assert watch["dialogs"] == []
    assert watch["csp"] == []
    assert watch["errors"] == []


def test_an_indicator_unit_never_runs_on_the_follow_up_page(
    live_server, page, watch, reference_data
):
    convention = ConventionFactory()
    pilot = OrganisationFactory(convention=convention)
    action = ActionFactory(convention=convention, pilot=pilot)
    IndicatorFactory(action=action, name="Familles reçues", unit=PAYLOAD)
    partner = MembershipFactory(convention=convention, role="partenaire", organisation=pilot)
    sign_in(page, live_server, partner.user)

    page.goto(live_server.url + reverse("plan:quick_update", args=[convention.slug, action.pk]))

    expect(page.locator(".form-text", has_text=PAYLOAD)).to_be_visible()
    assert_nothing_ran(page, watch)


def test_a_ctg_name_never_runs_on_the_departmental_map(live_server, page, watch, reference_data):
    convention = ConventionFactory(name=PAYLOAD, epci=rochefort_ocean())
    caf = MembershipFactory(convention=convention, role="caf")
    sign_in(page, live_server, caf.user)

    page.goto(f"{live_server.url}/departements/{convention.caf_departement.code}/")

    expect(page.locator("#epci-map")).to_have_attribute("data-loaded", "13")
    expect(page.locator("#ctg-list")).to_contain_text(PAYLOAD)
    assert any(text.endswith(f"({PAYLOAD})") for text in tooltips(page, "#epci-map"))
    assert_nothing_ran(page, watch)


def test_an_offer_name_never_runs_on_the_diagnostic_map(live_server, page, watch, reference_data):
    convention = ConventionFactory(epci=rochefort_ocean())
    Offer.objects.create(
        convention=convention,
        offer_type=OfferType.objects.get(code="rpe"),
        name=PAYLOAD,
        commune=convention.communes.get(code="17299"),
        latitude=45.9421,
        longitude=-0.9588,
        source="Test",
    )
    reader = MembershipFactory(convention=convention, role="lecteur")
    sign_in(page, live_server, reader.user)

    page.goto(live_server.url + reverse("diagnostic:offer", args=[convention.slug]))

    expect(page.locator(".choropleth-map")).to_have_attribute("data-ready", "true")
    assert f"{PAYLOAD} (Relais petite enfance (RPE))" in tooltips(page, ".choropleth-map")
    assert_nothing_ran(page, watch)


def test_the_main_pages_work_under_the_policy(live_server, page, watch, reference_data):
    for slug in ("rochefort-ocean", "aunis-atlantique"):
        import_document(demo_document(DATA_DIR / slug))
    action = Action.objects.filter(convention__slug="rochefort-ocean").order_by("pk").first()
    admin = UserFactory(admin=True, email="admin@exemple.test")
    url = live_server.url

    page.goto(f"{url}/publique/rochefort-ocean/")
    expect(page.locator(".commune-map path.leaflet-interactive").first).to_be_attached()
    page.goto(f"{url}/publique/rochefort-ocean/brochure/")
    page.goto(f"{url}/services/")
    page.get_by_label("Commune ou code postal").fill("Fouras")
    page.get_by_label("Commune ou code postal").press("Enter")
    page.wait_for_load_state("networkidle")

    sign_in(page, live_server, admin)
    ctg = f"{url}/ctg/rochefort-ocean"
    page.goto(f"{ctg}/")
    expect(page.locator(".commune-map path.leaflet-interactive").first).to_be_attached()
    page.goto(f"{ctg}/pilotage/")
    expect(page.locator("canvas.pilotage-chart").first).to_be_visible()
    # Each chart is drawn by Chart.js (a function, not a string: no eval under the policy).
    page.wait_for_function(
        "() => Object.keys(window.Chart.instances).length"
        " === document.querySelectorAll('canvas.pilotage-chart').length"
    )
    page.goto(f"{ctg}/plan/")
    expect(page.get_by_role("heading", name="Arborescence")).to_be_visible()
    page.goto(f"{ctg}/plan/calendrier/")
    page.goto(f"{ctg}/plan/actions/{action.pk}/")
    # The confirmation now comes from ui.js: declining it keeps the action.
    page.get_by_role("button", name="Supprimer l'action").click()
    expect(page.get_by_role("button", name="Supprimer l'action")).to_be_visible()
    assert watch["dialogs"] == [
        "Supprimer définitivement cette action, son suivi et ses documents ?"
    ]
    watch["dialogs"].clear()
    page.goto(f"{ctg}/diagnostic/")
    expect(page.locator("#choropleth")).to_have_attribute("data-ready", "true")
    page.wait_for_function("() => document.getElementById('age-chart')._chart !== undefined")
    page.goto(f"{ctg}/diagnostic/offre/")
    page.goto(f"{ctg}/gouvernance/")
    page.goto(f"{url}/departements/17/")
    expect(page.locator("#epci-map")).to_have_attribute("data-loaded", "13")
    page.goto(f"{url}/admin/")
    page.goto(f"{url}/admin/conventions/convention/")
    page.goto(f"{url}/admin/accounts/user/{admin.pk}/change/")
    page.goto(f"{url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert watch["csp"] == []
    assert watch["errors"] == []
    assert watch["dialogs"] == []
