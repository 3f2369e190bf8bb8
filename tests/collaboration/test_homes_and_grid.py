"""Each role's home, the departmental view reached by a CAF scope, and the follow-up grid."""

import datetime

import pytest

from ctg_pilote.conventions.models import CafScope
from ctg_pilote.conventions.services import create_convention_from_epci
from ctg_pilote.plan.models import Action
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.plan.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    convention = ConventionFactory(slug="ctg-grille")
    org = OrganisationFactory(convention=convention)
    piloted = ActionFactory(convention=convention, pilot=org, title="Pilotée")
    other = ActionFactory(convention=convention, title="Autre")
    partner = MembershipFactory(convention=convention, role="partenaire", organisation=org).user
    coordinator = MembershipFactory(convention=convention, role="coordinateur").user
    return convention, piloted, other, partner, coordinator


def _row(action, **values):
    data = {f"a{action.pk}-version": action.version, f"a{action.pk}-note": ""}
    data.update({f"a{action.pk}-{k}": v for k, v in values.items()})
    return data


def test_a_partner_sees_only_their_actions_at_home_and_in_the_grid(client, plan):
    convention, _piloted, other, partner, _coordinator = plan
    client.force_login(partner)
    home = client.get("/mes-actions/").content.decode()
    assert "Pilotée" in home and "Autre" not in home
    grid = client.get(f"/ctg/{convention.slug}/plan/suivi/").content.decode()
    assert "Pilotée" in grid and "Autre" not in grid
    assert "---------" not in grid
    url = f"/ctg/{convention.slug}/plan/suivi/{other.pk}/"
    assert client.post(url, _row(other, status="en_cours", progress="10")).status_code == 403


def test_a_grid_row_saves_with_history_and_refuses_a_stale_version(client, plan):
    convention, piloted, _other, partner, coordinator = plan
    url = f"/ctg/{convention.slug}/plan/suivi/{piloted.pk}/"
    client.force_login(partner)
    stale = _row(piloted, status="en_cours", progress="30")
    response = client.post(url, stale, HTTP_HX_REQUEST="true")
    assert "Enregistré." in response.content.decode()
    piloted.refresh_from_db()
    assert (piloted.status, piloted.progress) == ("en_cours", 30)
    assert piloted.changes.filter(field="progress", author=partner).exists()
    # Someone saved since the row was loaded: nothing written, the row says so.
    client.force_login(coordinator)
    response = client.post(url, {**stale, f"a{piloted.pk}-progress": "90"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Enregistré." not in page and "Modifications enregistrées entre-temps" in page
    assert Action.objects.get(pk=piloted.pk).progress == 30


def test_a_bad_value_names_the_field_and_saves_nothing(client, plan):
    convention, piloted, _other, partner, _coordinator = plan
    client.force_login(partner)
    url = f"/ctg/{convention.slug}/plan/suivi/{piloted.pk}/"
    page = client.post(
        url, _row(piloted, status="en_cours", progress="140"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "invalid-feedback" in page
    assert Action.objects.get(pk=piloted.pk).progress != 140


def test_the_coordinators_todo_lists_late_actions(client, plan):
    _convention, piloted, _other, _partner, coordinator = plan
    piloted.status = "en_cours"
    piloted.start_date, piloted.end_date = datetime.date(2019, 1, 1), datetime.date(2020, 1, 1)
    piloted.save()
    client.force_login(coordinator)
    page = client.get("/a-faire/").content.decode()
    assert "Actions en retard" in page and "Pilotée" in page


def test_a_ctg_created_in_the_departement_reaches_its_caf_advisor(client):
    existing = ConventionFactory()
    code = existing.caf_departement.code
    advisor = UserFactory(email="conseil@caf.test")
    CafScope.objects.create(user=advisor, departement_code=code)
    creator = MembershipFactory(convention=existing, role="coordinateur").user
    epci = ConventionFactory.build().epci
    epci.departement = existing.caf_departement
    epci.save()
    created = create_convention_from_epci(
        epci=epci,
        name="CTG toute neuve",
        slug="toute-neuve",
        start_year=2025,
        end_year=2029,
        thematiques=[],
        created_by=creator,
    )
    client.force_login(advisor)
    assert client.get(f"/ctg/{created.slug}/").status_code == 200
    assert "CTG toute neuve" in client.get("/ctg/").content.decode()
    home = client.get("/ctg/").content.decode()
    assert f"Département {code}" in home  # the departmental view is in the menu
    assert "CTG toute neuve" in client.get(f"/departements/{code}/").content.decode()


def test_the_action_form_in_sections_without_dashes_nor_empty_rows(client, plan):
    convention, piloted, _other, _partner, coordinator = plan
    piloted.milestones.create(date=datetime.date(2025, 3, 1), title="Lancement")
    client.force_login(coordinator)
    page = client.get(f"/ctg/{convention.slug}/plan/actions/{piloted.pk}/modifier/")
    html = page.content.decode()
    assert "---------" not in html
    for title in ("Identité", "Pour qui, où", "Qui", "Quand", "Budget"):
        assert f">{title}</h3>" in html
    # A list that has rows gets no extra empty row (added in the page instead).
    assert 'name="jalons-TOTAL_FORMS" value="1"' in html
    assert 'name="budget-TOTAL_FORMS" value="1"' in html
    assert 'data-search="communes"' in html
