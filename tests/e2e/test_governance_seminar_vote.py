import pytest
from playwright.sync_api import expect

from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.governance import voting
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory

pytestmark = pytest.mark.browser


def test_a_participant_votes_from_a_phone_and_the_coordinator_sees_the_ranking(
    live_server, browser, page, screenshot, reference_data
):
    import_document(demo_document(DATA_DIR / "rochefort-ocean"))
    convention = Action.objects.first().convention
    vote = voting.create_vote(
        convention=convention,
        title="Séminaire mobilité",
        points=10,
        actions=list(Action.objects.filter(number__in=["3.1", "3.2", "3.3"]).order_by("number")),
    )
    (ballot,) = voting.issue_ballots(vote=vote, count=1)

    phone = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    mobile = phone.new_page()
    mobile.goto(f"{live_server.url}/ctg/rochefort-ocean/gouvernance/vote/")
    mobile.get_by_label("Code du bulletin").fill(ballot.code.lower())
    mobile.get_by_role("button", name="Ouvrir mon bulletin").click()
    mobile.get_by_label("3.2", exact=False).fill("7")
    expect(mobile.get_by_text("Points restant à répartir : 3")).to_be_visible()
    mobile.get_by_label("3.1", exact=False).fill("3")
    expect(mobile.get_by_text("Points restant à répartir : 0")).to_be_visible()
    screenshot("governance-ballot-phone", mobile)
    mobile.get_by_role("button", name="Déposer mon bulletin").click()
    expect(mobile.get_by_text("Votre bulletin a été déposé")).to_be_visible()
    # The same link opened again shows the ballot cast, with no form to vote twice.
    mobile.goto(f"{live_server.url}/ctg/rochefort-ocean/gouvernance/vote/{ballot.code}/")
    expect(mobile.get_by_text("Chaque participant vote une seule fois")).to_be_visible()
    expect(mobile.get_by_role("button", name="Déposer mon bulletin")).to_have_count(0)
    phone.close()

    coordinator = MembershipFactory(convention=convention, role="coordinateur").user
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(coordinator.email)
    page.get_by_label("Mot de passe").fill("mot-de-passe-test")
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server.url}/ctg/rochefort-ocean/gouvernance/votes/{vote.pk}/")
    rows = page.locator("#results-title + div tbody tr")
    expect(rows.first).to_contain_text("3.2")
    expect(rows.first).to_contain_text("7")
    page.get_by_role("button", name="Clôturer le vote").click()
    page.get_by_label("Nombre d'actions à rendre prioritaires").fill("1")
    page.get_by_role("button", name="Appliquer le classement au plan d'action").click()
    expect(page.get_by_text("Priorités appliquées au plan d'action")).to_be_visible()
    vote.refresh_from_db()
    assert vote.closed_at is not None
    assert Action.objects.get(convention=convention, number="3.2").priority_rank == 1

    page.goto(f"{live_server.url}/ctg/rochefort-ocean/gouvernance/demarche/")
    expect(page.get_by_text("1er Comité de Pilotage de lancement de la démarche")).to_be_visible()
    screenshot("governance-demarche")
