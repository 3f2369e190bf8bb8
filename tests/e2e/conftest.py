"""End-to-end tests in headless Chromium (Debian's package), driven by Playwright.

Without Chromium on the machine these tests are skipped with a visible notice, unless
CTG_REQUIRE_BROWSER is set (as in CI), where a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("CTG_REQUIRE_BROWSER"):
        return  # the browser fixture fails loudly
    skip = pytest.mark.skip(reason="Chromium absent : tests dans le navigateur non lancés")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        pytest.fail("Chromium est requis (CTG_REQUIRE_BROWSER) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(name: str, target=None):
        path = SCREENSHOTS / f"{name}.png"
        (target or page).screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def reference_data(transactional_db):
    """Reference data that migrations or the session set up: a transactional test empties
    every table after it runs, so each browser test puts them back (idempotent)."""
    from ctg_pilote.conventions.services import ensure_base_thematiques
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue
    from ctg_pilote.territories.importer import load_extract

    load_extract(departements=["17", "49"])
    ensure_base_thematiques()
    ensure_catalogue()


AXE_URL = "/static/vendor/axe-core/axe.min.js"


@pytest.fixture
def axe_violations():
    """Run axe-core (served from the repository, no network) on the page's current state;
    return its violations of WCAG 2.1 A and AA rules, as a list of readable strings."""

    def run(page) -> list[str]:
        # Loaded from the app's own static files: the Content-Security-Policy refuses inline scripts.
        page.add_script_tag(url=page.evaluate("location.origin") + AXE_URL)
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            })"""
        )
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in result["violations"]
        ]

    return run
