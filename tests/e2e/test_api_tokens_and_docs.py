import pytest
from playwright.sync_api import expect

from tests.conventions.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_coordinator_creates_a_token_then_reads_the_api_documentation(
    live_server, page, screenshot, reference_data, axe_violations
):
    user = UserFactory(email="coordination@exemple.test")
    MembershipFactory(user=user, role="coordinateur")
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
        ),
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill("coordination@exemple.test")
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    # API tokens sit in the account menu, under the person's e-mail.
    page.get_by_role("button", name="coordination@exemple.test").click()
    page.get_by_role("link", name="Jetons d'API").click()

    page.get_by_label("Nom du jeton").fill("Observatoire")
    page.get_by_label("Durée de validité (jours)").fill("30")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.get_by_label("Jeton", exact=True).input_value()
    assert secret.startswith("ctg_")
    page.get_by_role("button", name="Copier").click()
    expect(page.get_by_text("Jeton copié dans le presse-papiers.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == secret
    assert axe_violations(page) == []
    screenshot("api-jeton-cree")

    page.get_by_role("link", name="Documentation de l'API").click()
    expect(page.get_by_text("/api/v1/ctg/{slug}/plan/actions/").first).to_be_visible()
    screenshot("api-documentation")
    assert outside == []
