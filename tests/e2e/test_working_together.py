"""A week of work on a CTG, in the browser: a partner finds their actions, updates two in the
grid and comments with a mention; the coordinator mentioned gets the e-mail and sees it in the
CTG's activity."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from ctg_pilote.collaboration.notifications import send_pending_notifications
from ctg_pilote.plan.models import Action
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory

pytestmark = pytest.mark.browser


def _sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()


def test_a_partner_updates_two_actions_and_mentions_the_coordinator(
    live_server, browser, page, screenshot, reference_data
):
    convention = ConventionFactory(slug="ctg-ensemble", name="CTG ensemble")
    pilot = OrganisationFactory(convention=convention, ref="csc", name="Centre social des marais")
    node = NodeFactory(convention=convention, number="1", sort_key="001", title="Réseaux")
    first = ActionFactory(
        convention=convention, node=node, number="1.1", title="Réseau petite enfance", pilot=pilot
    )
    second = ActionFactory(
        convention=convention, node=node, number="1.2", title="Lieu d'accueil parents", pilot=pilot
    )
    ActionFactory(convention=convention, node=node, number="1.3", title="Action d'un autre")
    IndicatorFactory(action=second, name="Familles accueillies", unit="familles")
    partner = UserFactory(email="partenaire@exemple.test")
    MembershipFactory(convention=convention, user=partner, role="partenaire", organisation=pilot)
    coordinator = UserFactory(email="coordination@exemple.test", first_name="Camille")
    MembershipFactory(convention=convention, user=coordinator, role="coordinateur")

    _sign_in(page, live_server, "partenaire@exemple.test")
    page.get_by_role("link", name="Mes actions").click()
    expect(page.get_by_role("heading", name="Mes actions")).to_be_visible()
    expect(page.get_by_role("link", name="1.1. Réseau petite enfance")).to_be_visible()
    expect(page.get_by_role("link", name="1.2. Lieu d'accueil parents")).to_be_visible()
    expect(page.get_by_text("Action d'un autre")).to_have_count(0)
    screenshot("together-my-actions")

    page.get_by_role("link", name="Tout mettre à jour — CTG ensemble").click()
    expect(page.get_by_role("heading", name="Suivi en grille")).to_be_visible()
    row = page.locator("form.action-grid-row", has_text="1.1. Réseau petite enfance")
    row.get_by_label("Statut").select_option(label="En cours")
    row.get_by_label("Avancement (%)").fill("40")
    row.get_by_label("Note de suivi").fill("Deux rencontres tenues.")
    row.get_by_role("button", name="Enregistrer").click()
    expect(row.get_by_role("status")).to_have_text("Enregistré.")

    row = page.locator("form.action-grid-row", has_text="1.2. Lieu d'accueil parents")
    row.get_by_label("Avancement (%)").fill("60")
    row.get_by_label("Familles accueillies", exact=False).fill("12")
    row.get_by_role("button", name="Enregistrer").click()
    expect(row.get_by_role("status")).to_have_text("Enregistré.")
    screenshot("together-grid")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.progress) == ("en_cours", 40)
    assert second.progress == 60
    assert first.notes.get().text == "Deux rencontres tenues."
    assert second.indicators.get().values.get().value == 12
    # Saved like the form: each change in the action's history, by the partner.
    assert set(first.changes.values_list("field", "author__email")) >= {
        ("status", "partenaire@exemple.test"),
        ("progress", "partenaire@exemple.test"),
    }

    page.get_by_role("link", name="1.1. Réseau petite enfance").click()
    page.get_by_label("Votre commentaire").fill("@coordination pouvez-vous relire le bilan ?")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_text("Commentaire publié.")).to_be_visible()
    expect(page.locator(f"#commentaires-action-{first.pk}")).to_contain_text(
        "pouvez-vous relire le bilan ?"
    )

    mail.outbox.clear()
    report = send_pending_notifications(base_url=live_server.url)
    assert report.sent == ["coordination@exemple.test"]
    [message] = mail.outbox
    assert message.to == ["coordination@exemple.test"]
    assert "vous a mentionné" in message.body
    assert "pouvez-vous relire le bilan ?" in message.body
    assert f"/ctg/ctg-ensemble/plan/actions/{first.pk}/" in message.body
    assert "/notifications/desinscription/" in message.body

    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    coordinator_page = context.new_page()
    _sign_in(coordinator_page, live_server, "coordination@exemple.test")
    coordinator_page.goto(f"{live_server.url}/ctg/ctg-ensemble/")
    coordinator_page.get_by_role("link", name="Activité").click()
    entry = coordinator_page.locator(".feed li", has_text="pouvez-vous relire le bilan ?")
    expect(entry).to_contain_text("vous mentionne")
    expect(entry.get_by_role("link", name="Action 1.1. Réseau petite enfance")).to_be_visible()
    context.close()
    assert Action.objects.filter(convention=convention).count() == 3
