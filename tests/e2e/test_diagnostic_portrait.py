import re

import pytest
from playwright.sync_api import expect

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.exchange.importer import import_document
from tests.conventions.factories import MembershipFactory, UserFactory
from tests.diagnostic.conftest import demo_with_diagnostic

pytestmark = pytest.mark.browser


def test_portrait_shows_the_choropleth_map_and_the_age_chart(
    live_server, page, screenshot, reference_data
):
    ensure_catalogue()
    import_document(demo_with_diagnostic())
    convention = Convention.objects.get(slug="rochefort-ocean")
    user = UserFactory(email="lecteur@exemple.test")
    MembershipFactory(convention=convention, user=user, role="lecteur")

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("lecteur@exemple.test")
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Rochefort Océan").first.click()
    page.get_by_role("link", name="Diagnostic").click()

    expect(page.get_by_role("heading", name="Chiffres clés")).to_be_visible()
    expect(page.get_by_text("Source : CAF, selon la brochure CTG de la CARO").first).to_be_visible()
    # The age chart is drawn by Chart.js on its canvas.
    chart = page.locator("#age-chart")
    expect(chart).to_be_visible()
    page.wait_for_function("() => document.getElementById('age-chart')._chart !== undefined")
    # The choropleth: every commune coloured by its population, with a legend, no tiles.
    choropleth = page.locator("#choropleth")
    expect(choropleth).to_have_attribute("data-ready", "true")
    expect(choropleth.locator("path.leaflet-interactive")).to_have_count(25)
    expect(choropleth.locator(".choropleth-legend")).to_contain_text("Population")
    expect(page.locator(".leaflet-tile")).to_have_count(0)
    expect(page.locator("#choropleth-source")).to_contain_text("Source :")
    fills = choropleth.locator("path.leaflet-interactive").evaluate_all(
        "paths => new Set(paths.map(p => p.getAttribute('fill'))).size"
    )
    assert fills >= 4  # quantile classes, not one flat colour
    # Each commune is named, with its value, for screen readers and in its tooltip.
    expect(choropleth.locator('path[data-code="17299"]')).to_have_attribute(
        "aria-label", re.compile(r"^Rochefort — \d")
    )
    path = screenshot("diagnostic-portrait-rochefort")
    assert path.stat().st_size > 20_000
