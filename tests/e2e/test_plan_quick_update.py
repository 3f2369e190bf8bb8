import re

import pytest
from playwright.sync_api import expect

from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory

pytestmark = pytest.mark.browser


def test_a_pilot_updates_its_action_in_under_a_minute(
    live_server, page, screenshot, reference_data
):
    convention = ConventionFactory(slug="ctg-navigateur")
    pilot = OrganisationFactory(
        convention=convention, ref="centre-social", name="Centre social des marais"
    )
    node = NodeFactory(convention=convention, number="1", sort_key="001", title="Réseaux")
    action = ActionFactory(
        convention=convention, node=node, number="1.1", title="Réseau petite enfance", pilot=pilot
    )
    IndicatorFactory(action=action, name="Rencontres du réseau", unit="rencontres")
    user = UserFactory(email="pilote@exemple.test")
    MembershipFactory(convention=convention, user=user, role="partenaire", organisation=pilot)

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("pilote@exemple.test")
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()

    page.goto(f"{live_server.url}/ctg/ctg-navigateur/plan/")
    expect(page.get_by_role("heading", name="Arborescence")).to_be_visible()
    # The partner's own actions come first, each with its quick update.
    mine = page.get_by_role("region", name="Vos actions à suivre")
    mine.get_by_role("link", name="Mise à jour rapide").click()
    page.get_by_label("Statut").select_option(label="En cours")
    page.get_by_label("Avancement (%)").fill("40")
    page.get_by_label("Note de suivi").fill("Deux rencontres tenues.")
    page.get_by_label("Rencontres du réseau", exact=False).fill("2")
    page.get_by_role("button", name="Enregistrer le suivi").click()

    expect(page.get_by_text("Suivi enregistré.")).to_be_visible()
    expect(page.get_by_text("Deux rencontres tenues.")).to_be_visible()
    expect(page.get_by_text("Statut « À lancer » → « En cours »")).to_be_visible()
    screenshot("plan-action-after-quick-update")

    page.get_by_role("link", name="Plan d'action").click()
    expect(page.get_by_text("1 action · 0 % réalisées")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 900})
    screenshot("plan-page-phone")


def test_a_fiche_action_prints_on_one_a4_page(live_server, page, reference_data):
    convention = ConventionFactory(slug="ctg-impression")
    node = NodeFactory(convention=convention, number="1", sort_key="001", title="Réseaux")
    action = ActionFactory(
        convention=convention,
        node=node,
        number="1.1",
        title="Mise en œuvre d'un réseau Petite Enfance sur le territoire",
        constat="Les professionnels de la petite enfance se connaissent peu. " * 4,
        objectives="Créer un réseau, partager les ressources, coordonner l'offre. " * 3,
        description="Rencontres trimestrielles, annuaire partagé, formation commune. " * 4,
        status="en_cours",
        progress=40,
    )
    indicator = IndicatorFactory(action=action, name="Rencontres du réseau")
    indicator.targets.create(year=2024, value=3)
    action.notes.create(
        date="2024-06-12", author_name="Coordination", text="Deux rencontres tenues."
    )
    user = UserFactory(email="lecture@exemple.test")
    MembershipFactory(convention=convention, user=user, role="lecteur")

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("lecture@exemple.test")
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/ctg/ctg-impression/plan/actions/{action.pk}/")
    expect(page.get_by_role("heading", name="Action 1.1")).to_be_visible()
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    # One page object in the PDF ("/Type /Pages" is the page tree, not a page).
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
