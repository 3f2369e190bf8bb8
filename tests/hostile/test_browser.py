"""The map and chart pages of the hostile CTG in headless Chromium: hovering every shape of a
map opens its tooltip, and no markup from the data ever runs (no dialog) or enters the page
as elements. Skipped without Chromium, like tests/e2e, unless CTG_REQUIRE_BROWSER is set.

The pages are visited once for the module (building the CTG and reloading the territories
costs seconds); each page then has its own test case, marked xfail while a fix is pending."""

import os
import threading

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

# Importing it also lets the ORM run next to Playwright's event loop, as in tests/e2e.
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

from .build import build_hostile_ctg

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM and not os.environ.get("CTG_REQUIRE_BROWSER"),
        reason="Chromium absent : tests dans le navigateur non lancés",
    ),
]

# (URL name, role) -> what goes wrong today; the case is an xfail(strict=True) until fixed.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

# URL name, role, what the page draws once its scripts ran.
PAGES = [
    ("departements:detail", "caf", "#epci-map[data-loaded]"),
    ("diagnostic:portrait", "coordinateur", "#choropleth[data-ready]"),
    ("diagnostic:offer", "coordinateur", ".leaflet-interactive"),
    ("conventions:detail", "coordinateur", ".leaflet-interactive"),
    ("pilotage:dashboard", "coordinateur", "canvas"),
    ("public:page", "anonyme", "main svg"),
    ("directory:search", "anonyme", "main"),
]

# Elements the payloads would create if a script put data in the page as HTML.
INJECTED = "img[src='x'], [onerror], [onload]"


def _path(hostile, name: str) -> str:
    if name == "departements:detail":
        return reverse(name, kwargs={"code": hostile.departement.code})
    if name == "directory:search":
        return reverse(name) + f"?commune={hostile.commune.code}"
    return reverse(name, kwargs={"slug": hostile.convention.slug})


def _visit(context, url: str, ready: str) -> dict:
    """Open the page, hover and click its map shapes and charts; what the visitor met."""
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(url)
    try:
        page.wait_for_selector(ready, state="attached")
    except Exception as error:
        raise AssertionError(
            f"{url} ({response.status}) jamais prête ({ready}) : {page.content()[:2000]}"
        ) from error
    page.wait_for_load_state("networkidle")
    shapes = page.locator(".leaflet-interactive")
    tooltips = injected = 0
    for index in range(min(shapes.count(), 40)):
        shape = shapes.nth(index)
        shape.dispatch_event("mouseover")
        shape.dispatch_event("mousemove")
        tooltips += page.locator(".leaflet-tooltip").count()
        injected = max(injected, page.locator(INJECTED).count())
        shape.dispatch_event("mouseout")
    if shapes.count():
        shapes.first.click(force=True)
    for canvas in page.locator("canvas").all():
        canvas.hover(force=True)
    # Whatever a click started finishes before the page closes (no request cut midway).
    page.wait_for_load_state("networkidle")
    visit = {
        "status": response.status,
        "shapes": shapes.count(),
        "tooltips": tooltips,
        "dialogs": dialogs,
        "injected": max(injected, page.locator(INJECTED).count()),
    }
    page.close()
    return visit


def _visit_all(base_url: str, pages, cookies: dict, results: dict) -> None:
    try:
        _visit_in_browser(base_url, pages, cookies, results)
    except Exception as error:  # reported by every page's test
        results[None] = f"{type(error).__name__}: {error}"


def _visit_in_browser(base_url: str, pages, cookies: dict, results: dict) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for name, role, ready, path in pages:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            if role in cookies:
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": cookies[role],
                            "url": base_url,
                        }
                    ]
                )
            try:
                results[(name, role)] = _visit(context, base_url + path, ready)
            except Exception as error:  # a page that does not load is that page's failure
                results[(name, role)] = {"error": f"{type(error).__name__}: {error}"}
            context.close()
        browser.close()


@pytest.fixture(scope="module")
def visits(django_db_setup, live_server, django_db_blocker):
    from ctg_pilote.conventions.services import ensure_base_thematiques
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue
    from ctg_pilote.territories.importer import load_extract

    # The live server's threads read the database too: unblocked for the whole visit.
    with django_db_blocker.unblock():
        # Transactional tests empty every table after them: put the territories back.
        load_extract(departements=["17", "49"])
        ensure_base_thematiques()
        ensure_catalogue()
        hostile = build_hostile_ctg()
        cookies = {}
        for role, user in hostile.users.items():
            client = Client()
            client.force_login(user)
            cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        pages = [(name, role, ready, _path(hostile, name)) for name, role, ready in PAGES]
        results = {}
        # Playwright's sync API runs one event loop per thread, and tests/e2e may hold this
        # thread's for the session: the visit gets a thread of its own.
        worker = threading.Thread(
            target=_visit_all, args=(live_server.url, pages, cookies, results), daemon=True
        )
        worker.start()
        worker.join(timeout=600)
    return results


def _params():
    return [
        pytest.param(
            name,
            role,
            id=f"{name}-{role}",
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[(name, role)])]
            if (name, role) in KNOWN_FAILURES
            else [],
        )
        for name, role, _ready in PAGES
    ]


@pytest.mark.parametrize(("name", "role"), _params())
def test_no_markup_from_the_data_runs_in_the_page(name, role, visits):
    visit = visits.get((name, role), {"error": visits.get(None, "page non visitée")})
    assert "error" not in visit, visit.get("error")
    assert visit["status"] == 200
    if visit["shapes"]:
        assert visit["tooltips"] > 0, "aucune infobulle ouverte : la carte n'a pas été parcourue"
    assert (visit["dialogs"], visit["injected"]) == ([], 0), (
        f"{len(visit['dialogs'])} boîte(s) de dialogue ouvertes par le contenu, "
        f"{visit['injected']} élément(s) injecté(s)"
    )


def test_known_failures_name_visited_pages():
    assert set(KNOWN_FAILURES) <= {(name, role) for name, role, _ready in PAGES}
