"""A CTG that starts well (« Premiers pas »), follow-ups in the feed, « Mes CTG »'s attention."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.collaboration import services
from ctg_pilote.collaboration.models import Activity, Notification
from ctg_pilote.collaboration.notifications import send_pending_notifications
from ctg_pilote.conventions.models import CafScope, Convention
from ctg_pilote.governance.models import Instance, Phase
from ctg_pilote.plan import services as plan_services
from tests.conventions.factories import (
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.governance.factories import MeetingFactory
from tests.plan.factories import ActionFactory, IndicatorFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    """The page's text as read, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).split())


@pytest.fixture
def coordinator_client(client):
    coordinator = MembershipFactory(role="coordinateur").user
    client.force_login(coordinator)
    response = client.post(
        reverse("conventions:create"),
        {
            "epci": "200041762",
            "name": "CTG neuve",
            "slug": "",
            "start_year": "2025",
            "end_year": "2029",
            "thematiques": [],
        },
    )
    assert response["Location"] == "/ctg/ctg-neuve/premiers-pas/"
    return client, Convention.objects.get(slug="ctg-neuve")


def test_premiers_pas_offers_instances_phases_and_thematiques_checked(coordinator_client):
    client, convention = coordinator_client
    response = client.get("/ctg/ctg-neuve/premiers-pas/")
    page = response.content.decode()
    for name in ("instance_copil", "instance_cotech", "phases", "thematiques"):
        assert f'name="{name}"' in page
    assert page.count("checked") == 4
    # The creator keeps the comité de pilotage, the phases and the socle; no comité technique.
    response = client.post(
        "/ctg/ctg-neuve/premiers-pas/",
        {"instance_copil": "on", "phases": "on", "thematiques": "on"},
    )
    assert response["Location"] == "/ctg/ctg-neuve/"
    [copil] = Instance.objects.filter(convention=convention)
    assert (copil.kind, copil.name) == ("copil", "Comité de pilotage")
    phases = list(Phase.objects.filter(convention=convention))
    assert [p.ref for p in phases][:2] == ["engagement", "diagnostic"] and len(phases) == 6
    # Unknown is a value: no date, no status invented.
    assert all(p.planned_start is None and p.status == "" for p in phases)
    assert convention.thematiques.filter(is_core=True).exists()
    assert not convention.thematiques.filter(is_core=False).exists()
    home = page_text(client.get("/ctg/ctg-neuve/"))
    assert "Ajouté à la CTG : Comité de pilotage, 6 phases de la démarche" in home
    # Offered again, only what is still missing: the comité technique.
    page = client.get("/ctg/ctg-neuve/premiers-pas/").content.decode()
    assert 'name="instance_cotech"' in page
    assert 'name="instance_copil"' not in page and 'name="phases"' not in page
    client.post("/ctg/ctg-neuve/premiers-pas/", {"instance_copil": "on", "phases": "on"})
    assert Instance.objects.filter(convention=convention).count() == 1
    assert Phase.objects.filter(convention=convention).count() == 6


def test_premiers_pas_is_for_those_who_edit_the_ctg(client):
    convention = ConventionFactory()
    client.force_login(MembershipFactory(convention=convention, role="partenaire").user)
    assert client.get(f"/ctg/{convention.slug}/premiers-pas/").status_code == 403
    assert not Instance.objects.exists()


def test_the_checklist_ticks_itself_from_the_data(client):
    convention = ConventionFactory()
    coordinator = MembershipFactory(convention=convention, role="coordinateur").user
    reader = MembershipFactory(convention=convention, role="lecteur").user
    client.force_login(coordinator)
    home = _words(client.get(convention.get_absolute_url()))
    assert "Premiers pas" in home and "Chaque étape se coche" in home
    # Two members already (coordinator, reader); no action, no meeting yet.
    assert "fait Ajouter les membres de la CTG" in home
    assert "à faire Construire le plan d'action Ajouter une action" in home
    assert "à faire Prévoir le premier comité" in home
    ActionFactory(convention=convention)
    MeetingFactory(instance__convention=convention)
    home = _words(client.get(convention.get_absolute_url()))
    assert "fait Construire le plan d'action" in home and "fait Prévoir le premier comité" in home
    assert "à faire Écrire les constats du diagnostic" in home
    client.force_login(reader)
    assert "Chaque étape se coche" not in _words(client.get(convention.get_absolute_url()))


@pytest.fixture
def followed():
    convention = ConventionFactory(slug="ctg-suivie")
    org = OrganisationFactory(convention=convention)
    action = ActionFactory(convention=convention, pilot=org, title="Ludothèque")
    partner = MembershipFactory(
        convention=convention,
        role="partenaire",
        organisation=org,
        user=UserFactory(email="pilote@exemple.test"),
    ).user
    coordinator = MembershipFactory(
        convention=convention, role="coordinateur", user=UserFactory(email="coord@exemple.test")
    ).user
    MembershipFactory(
        convention=convention, role="lecteur", user=UserFactory(email="elu@exemple.test")
    )
    services.follow(convention=convention, target=action, user=coordinator)
    return convention, action, partner, coordinator


def _row(action, **values):
    data = {f"a{action.pk}-version": action.version, f"a{action.pk}-note": ""}
    data.update({f"a{action.pk}-{k}": v for k, v in values.items()})
    return data


def test_a_grid_update_enters_the_feed_and_tells_followers_in_one_batch(client, followed):
    convention, action, partner, coordinator = followed
    client.force_login(partner)
    url = f"/ctg/{convention.slug}/plan/suivi/{action.pk}/"
    client.post(url, _row(action, status="en_cours", progress="40", note="Salle trouvée"))
    action.refresh_from_db()
    client.post(url, _row(action, status="en_cours", progress="60"))
    # Two saves within the batch: one feed line, one notification, for the follower only.
    [activity] = Activity.objects.filter(verb="updated")
    assert activity.actor == partner
    assert "Avancement" in activity.excerpt and "Note" in activity.excerpt
    assert list(Notification.objects.values_list("user__email", flat=True)) == [
        "coord@exemple.test"
    ]
    client.force_login(coordinator)
    feed = _words(client.get(f"/ctg/{convention.slug}/activite/"))
    assert "a mis à jour Action A" in feed and "Modifié : " in feed
    send_pending_notifications()
    [message] = mail.outbox
    assert message.to == ["coord@exemple.test"] and "Ludothèque" in message.body
    assert "Modifié : " in message.body
    # Once e-mailed, the next save is a new line and a new notification.
    action.refresh_from_db()
    plan_services.update_action(
        action=action, by=partner, expected_version=action.version, values={"progress": 80}
    )
    assert Activity.objects.filter(verb="updated").count() == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1


def test_an_indicator_value_and_a_fiche_edit_enter_the_feed(followed):
    convention, action, partner, _coordinator = followed
    indicator = IndicatorFactory(convention=convention, action=action, name="Familles reçues")
    plan_services.set_indicator_value(
        indicator=indicator, year=2025, value=12, by=partner, origin="suivi"
    )
    [activity] = Activity.objects.filter(verb="updated")
    assert "Indicateur « Familles reçues » (2025)" in activity.excerpt


def test_imports_and_creations_do_not_fill_the_feed(followed):
    convention, action, partner, _coordinator = followed
    plan_services.update_action(
        action=action,
        by=partner,
        expected_version=action.version,
        values={"progress": 20},
        origin="plan.xlsx",
    )
    ActionFactory(convention=convention)
    assert not Activity.objects.exists()


def test_mes_ctg_shows_what_needs_attention_to_the_caf_advisor(client, monkeypatch):
    today = datetime.date(2026, 6, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    convention = ConventionFactory(
        name="CTG à surveiller", start_year=2023, end_year=2026, status="en_cours"
    )
    calm = ConventionFactory(name="CTG calme", start_year=2026, end_year=2030)
    ActionFactory(convention=convention, status="en_cours", end_date=datetime.date(2026, 1, 31))
    advisor = UserFactory(email="conseil@caf.test")
    for code in {convention.caf_departement.code, calm.caf_departement.code}:
        CafScope.objects.create(user=advisor, departement_code=code)
    client.force_login(advisor)
    page = _words(client.get("/ctg/"))
    assert "Actions en retard" in page and "Bilan annuel" in page
    watched = page.split("CTG à surveiller", 1)[1].split("CTG", 1)[0]
    assert "2025 non adopté" in watched
    assert "La convention se termine le 31/12/2026 (dans 6 mois)." in watched
    calm_row = page.split("CTG calme", 1)[1].split("CTG à", 1)[0]
    assert "non adopté" not in calm_row and "se termine" not in calm_row
    # A reader of the CTG does not get these columns.
    reader = MembershipFactory(convention=convention, role="lecteur").user
    client.force_login(reader)
    assert "suivi par la coordination et la CAF" in _words(client.get("/ctg/"))
