"""No HTML from data: the Content-Security-Policy of every page, escaped names and units, and
no browser cache of what a signed-in person sees (docs/securite.md)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from ctg_pilote.api.services import create_token
from ctg_pilote.diagnostic.models import Offer, OfferType
from ctg_pilote.territories.models import Epci, Vintage
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory, IndicatorFactory
from tests.publication.factories import PublicationFactory

PAYLOAD = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
STATIC_JS = sorted(
    path
    for path in (Path(__file__).resolve().parents[2] / "ctg_pilote").rglob("static/**/*.js")
    if "vendor" not in path.parts
)


def rochefort_ocean() -> Epci:
    """A real EPCI of the loaded extract: its communes have contours, so it is on the maps."""
    return Epci.objects.get(vintage=Vintage.objects.current(), siren="200041762")


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    parts = (part.split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def pages(db):
    """One address of each kind, with who asks for it."""
    convention = ConventionFactory(slug="ctg-csp")
    PublicationFactory(convention=convention)
    coordinator = MembershipFactory(convention=convention, role="coordinateur").user
    admin = UserFactory(admin=True)
    return {
        "connexion (anonyme)": (None, reverse("accounts:login")),
        "page publique (anonyme)": (None, reverse("public:page", args=["ctg-csp"])),
        "annuaire (anonyme)": (None, reverse("directory:search")),
        "page introuvable (anonyme)": (None, "/nulle-part/"),
        "CTG (connecté)": (coordinator, reverse("conventions:detail", args=["ctg-csp"])),
        "plan (connecté)": (coordinator, reverse("plan:index", args=["ctg-csp"])),
        "administration": (admin, reverse("admin:index")),
        "documentation de l'API": (coordinator, reverse("api:docs")),
        "script de la documentation": (coordinator, reverse("api:docs") + "?script="),
    }


def test_every_kind_of_page_carries_a_strict_content_security_policy(client, pages):
    for name, (user, url) in pages.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 404), name
        policy = directives(response)
        assert policy.get("script-src") == ["'self'"], name
        assert policy.get("style-src") == ["'self'"], name
        assert policy.get("object-src") == ["'none'"], name
        assert policy.get("frame-ancestors") == ["'none'"], name
        assert policy.get("base-uri") == ["'none'"], name
        assert policy.get("form-action") == ["'self'"], name
        assert policy.get("connect-src") == ["'self'"], name
        header = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, name


def test_pages_hold_no_inline_script_style_or_event_handler(client, pages):
    """What the policy would block must not be there in the first place."""
    for name, (user, url) in pages.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        html = response.content.decode()
        # <script type="application/json"> holds data, not code.
        inline_scripts = re.findall(
            r"<script(?![^>]*\b(?:src|type=\"application/json\"))[^>]*>", html
        )
        assert inline_scripts == [], name
        assert "<style" not in html, name
        assert not re.search(r"\sstyle=\"", html), name
        assert not re.search(r"\son[a-z]+=", html), name


def test_an_indicator_unit_is_shown_as_text_on_the_follow_up_page(client, db):
    convention = ConventionFactory()
    pilot = OrganisationFactory(convention=convention)
    action = ActionFactory(convention=convention, pilot=pilot)
    IndicatorFactory(action=action, name="Familles reçues", unit=PAYLOAD)
    partner = MembershipFactory(convention=convention, role="partenaire", organisation=pilot)
    client.force_login(partner.user)

    response = client.get(reverse("plan:quick_update", args=[convention.slug, action.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'class="form-text">{ESCAPED}</div>' in html
    assert PAYLOAD not in html


def test_a_ctg_name_is_shown_as_text_on_the_departmental_page(client, db):
    convention = ConventionFactory(name=PAYLOAD, epci=rochefort_ocean())
    caf = MembershipFactory(convention=convention, role="caf")
    client.force_login(caf.user)
    code = convention.caf_departement.code

    page = client.get(reverse("departements:detail", args=[code]))
    geojson = client.get(reverse("departements:epci_geojson", args=[code]))

    assert ESCAPED in page.content.decode()
    assert PAYLOAD not in page.content.decode()
    # The map's data carries the name as it was typed; epci-map.js shows it as text.
    assert geojson.headers["Content-Type"] == "application/json"
    assert PAYLOAD in [f["properties"]["ctg"] for f in geojson.json()["features"]]


def test_an_offer_name_is_shown_as_text_on_the_offer_page(client, db):
    convention = ConventionFactory(epci=rochefort_ocean())
    Offer.objects.create(
        convention=convention,
        offer_type=OfferType.objects.get(code="rpe"),
        name=PAYLOAD,
        commune=convention.communes.first(),
        latitude=45.94,
        longitude=-0.96,
        source="Test",
    )
    member = MembershipFactory(convention=convention, role="lecteur")
    client.force_login(member.user)

    page = client.get(reverse("diagnostic:offer", args=[convention.slug]))
    geojson = client.get(reverse("diagnostic:offer_geojson", args=[convention.slug]))

    assert ESCAPED in page.content.decode()
    assert PAYLOAD not in page.content.decode()
    assert geojson.headers["Content-Type"] == "application/json"
    assert [p["nom"] for p in geojson.json()["points"]] == [PAYLOAD]


@pytest.mark.parametrize("path", STATIC_JS, ids=lambda p: p.name)
def test_scripts_build_no_html_from_strings(path):
    """Tooltips, popups and labels are built with textContent: no string becomes markup."""
    source = path.read_text()
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert forbidden not in source, f"{path.name}: {forbidden}"
    # Leaflet reads a string given to bindTooltip/bindPopup/setContent as HTML: it gets an
    # element, either made by a helper function or created in this file.
    for call in re.finditer(r"\.(bindTooltip|bindPopup|setContent)\(\s*([^,)]*)", source):
        argument = call.group(2).strip()
        helper = re.match(r"[A-Za-z_$][\w$]*\(", argument)
        element = re.fullmatch(r"[A-Za-z_$][\w$]*", argument) and re.search(
            rf"(?:var|let|const)\s+{re.escape(argument)}\s*=\s*"
            r"(?:document\.createElement|L\.DomUtil\.create)\(",
            source,
        )
        assert helper or element, f"{path.name}: {call.group(0)}"


def test_a_signed_in_page_is_never_kept_by_the_browser(client, convention):
    member = MembershipFactory(convention=convention, role="lecteur")
    client.force_login(member.user)

    response = client.get(reverse("conventions:detail", args=[convention.slug]))

    cache_control = response.headers["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_an_api_answer_to_a_token_is_never_kept_by_the_browser(client, convention):
    member = MembershipFactory(convention=convention, role="lecteur")
    key = create_token(user=member.user, name="Test")[1]

    response = client.get(
        reverse("api:convention-detail", args=[convention.slug]),
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_an_anonymous_public_page_stays_cacheable(client, db):
    PublicationFactory(convention=ConventionFactory(slug="ctg-publique"))

    response = client.get(reverse("public:page", args=["ctg-publique"]))

    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "private" not in response.headers.get("Cache-Control", "")


def test_the_brand_colours_are_a_stylesheet_that_follows_the_settings(client, settings, db):
    settings.CTG_BRAND = {**settings.CTG_BRAND, "primary": "#8a1538"}
    page = client.get(reverse("accounts:login")).content.decode()
    link = re.search(r'<link rel="stylesheet" href="(/theme/couleurs\.css\?v=\w+)">', page)

    css = client.get(link.group(1))

    assert css.headers["Content-Type"].startswith("text/css")
    assert "--ctg-primary:#8a1538" in css.content.decode()


def test_a_view_cannot_let_the_browser_keep_a_signed_in_answer(client, convention):
    """The brand stylesheet may be kept a year by anyone, but not from a signed-in session."""
    url = reverse("core:brand_css")
    assert "public" in client.get(url).headers["Cache-Control"]
    client.force_login(MembershipFactory(convention=convention).user)

    assert client.get(url).headers["Cache-Control"] == "private, no-store"
