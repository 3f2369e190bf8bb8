"""The Rochefort Océan public page and accessibility statement in a real browser."""

import pytest
from playwright.sync_api import expect

from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document

pytestmark = pytest.mark.browser


@pytest.fixture
def rochefort(reference_data):
    import_document(demo_document(DATA_DIR / "rochefort-ocean"))


def test_public_page_has_no_axe_violations_and_a_map(
    live_server, page, screenshot, axe_violations, rochefort
):
    page.goto(f"{live_server.url}/publique/rochefort-ocean/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rochefort Océan")
    expect(page.locator(".commune-map path.leaflet-interactive")).to_have_count(25)
    expect(page.get_by_text("Enjeu 4 : Culture")).to_be_visible()
    assert axe_violations(page) == []
    screenshot("publication-rochefort-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_violations(page) == []
    screenshot("publication-rochefort-phone")


def test_accessibility_statement_has_no_axe_violations(live_server, page, axe_violations, db):
    page.goto(f"{live_server.url}/publique/accessibilite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    assert axe_violations(page) == []


def test_the_public_page_works_with_the_keyboard_alone(live_server, page, rochefort):
    page.goto(f"{live_server.url}/publique/rochefort-ocean/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#contenu")).to_be_focused()
    # From the content, Tab reaches the brochure link, then the table of contents.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").strip().startswith("Dates clés"):
            break
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#section-dates_cles")
    # The focus is visible: an outline or a box-shadow is drawn.
    style = focused.evaluate(
        "el => { const s = getComputedStyle(el); return s.outlineStyle + '|' + s.boxShadow; }"
    )
    assert not style.startswith("none|none"), style
    page.keyboard.press("Enter")
    assert page.url.endswith("#section-dates_cles")
