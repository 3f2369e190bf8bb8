"""Governance through the API: instances, meetings, decisions and the partners' directory."""

import datetime

import pytest
from django.utils import timezone

from ctg_pilote.api.services import create_token
from ctg_pilote.governance.models import Decision, PartnerProfile
from tests.conventions.factories import (
    ContactFactory,
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.governance.factories import (
    DecisionFactory,
    InstanceFactory,
    InvitationFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

CONTACT_EMAIL = "camille.martin@exemple.test"


def headers(convention, role="coordinateur"):
    membership = MembershipFactory(convention=convention, role=role)
    _token, raw_key = create_token(user=membership.user, name="Tableau de bord")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def url(convention, path):
    return f"/api/v1/ctg/{convention.slug}/gouvernance/{path}"


def aware(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def copil(convention):
    """A COPIL where the CAF's director (a named person) and the EPCI sit."""
    instance = InstanceFactory(convention=convention, ref="copil", name="Comité de pilotage")
    caf = OrganisationFactory(convention=convention, ref="caf", name="CAF", kind="caf")
    epci = OrganisationFactory(convention=convention, ref="epci", name="Agglo", kind="epci")
    director = ContactFactory(
        organisation=caf, function="Directrice", first_name="Camille", last_name="Martin",
        email=CONTACT_EMAIL,
    )  # fmt: skip
    instance.members.create(organisation=caf, contact=director, role="signataire")
    instance.members.create(organisation=epci, role="signataire")
    return instance


def test_instances_list_their_members(client, convention, copil):
    InstanceFactory(convention=ConventionFactory(), name="COPIL d'une autre CTG")
    auth = headers(convention, "lecteur")
    response = client.get(url(convention, "instances/"), **auth)
    assert response.status_code == 200
    [instance] = response.json()["resultats"]
    assert (instance["ref"], instance["type"], instance["nom"]) == (
        "copil",
        "copil",
        "Comité de pilotage",
    )
    members = {m["organisation"]["ref"]: m for m in instance["membres"]}
    assert members["caf"]["contact"] == "Camille Martin — Directrice"
    assert members["epci"]["contact"] is None

    response = client.get(url(convention, f"instances/{copil.pk}/"), **auth)
    assert response.status_code == 200 and response.json()["id"] == copil.pk
    other = InstanceFactory()
    other_partner = OrganisationFactory(convention=other.convention)
    for path in [f"instances/{other.pk}/", f"partenaires/{other_partner.pk}/", "instances/0/"]:
        response = client.get(url(convention, path), **auth)
        assert response.status_code == 404, path
        assert "dans cette CTG" in response.json()["message"]


def test_meetings_filter_by_period_instance_and_status(client, convention, copil):
    cotech = InstanceFactory(convention=convention, cotech=True)
    MeetingFactory(instance=copil, title="COPIL de janvier", starts_at=aware(2025, 1, 28, 14))
    MeetingFactory(instance=copil, title="COPIL de juin", starts_at=aware(2025, 6, 30, 9))
    MeetingFactory(
        instance=cotech, title="COTECH de juin", starts_at=aware(2025, 6, 2, 10), status="tenue"
    )
    MeetingFactory(instance=InstanceFactory(), title="Réunion d'une autre CTG")
    auth = headers(convention, "partenaire")

    def titles(query=""):
        response = client.get(url(convention, f"reunions/{query}"), **auth)
        assert response.status_code == 200, response.content
        return [m["intitule"] for m in response.json()["resultats"]]

    assert titles() == ["COPIL de juin", "COTECH de juin", "COPIL de janvier"]
    assert titles("?du=2025-06-01&au=2025-06-30") == ["COPIL de juin", "COTECH de juin"]
    assert titles("?au=2025-06-02") == ["COTECH de juin", "COPIL de janvier"]
    assert titles(f"?instance={copil.pk}&du=2025-02-01") == ["COPIL de juin"]
    assert titles("?statut=tenue") == ["COTECH de juin"]


def test_wrong_meeting_filters_are_refused(client, convention, copil):
    other_instance = InstanceFactory()
    auth = headers(convention)
    for query, parameter in [
        ("du=28/01/2025", "du"),
        ("du=2025-06-30&au=2025-06-01", "au"),
        ("instance=abc", "instance"),
        (f"instance={other_instance.pk}", "instance"),
        ("statut=repoussee", "statut"),
        ("taille=501", "taille"),
    ]:
        response = client.get(url(convention, f"reunions/?{query}"), **auth)
        assert response.status_code == 400, query
        assert parameter in response.json()["details"], query


def test_a_meeting_shows_its_invitations_and_another_ctgs_meeting_is_not_found(
    client, convention, copil
):
    meeting = MeetingFactory(instance=copil, title="COPIL de décembre")
    director = copil.members.get(contact__isnull=False).contact
    InvitationFactory(
        meeting=meeting,
        organisation=director.organisation,
        contact=director,
        attendance="represente",
        represented_by="Alex Dupont",
    )
    meeting.documents.create(title="Ordre du jour", url="https://exemple.test/odj.pdf")
    auth = headers(convention, "lecteur")
    response = client.get(url(convention, f"reunions/{meeting.pk}/"), **auth)
    assert response.status_code == 200
    data = response.json()
    assert data["instance"]["ref"] == "copil"
    assert data["documents"] == [{"titre": "Ordre du jour", "url": "https://exemple.test/odj.pdf"}]
    [invitation] = data["invitations"]
    assert invitation["presence"] == "represente"
    assert invitation["represente_par"] == "Alex Dupont"

    other = MeetingFactory(instance=InstanceFactory())
    response = client.get(url(convention, f"reunions/{other.pk}/"), **auth)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.fixture
def decisions(convention, copil):
    caf = copil.members.get(organisation__ref="caf").organisation
    epci = copil.members.get(organisation__ref="epci").organisation
    meeting = MeetingFactory(instance=copil, held=True)
    today = timezone.localdate()
    late = DecisionFactory(
        meeting=meeting,
        text="Recruter un coordinateur",
        owner_organisation=caf,
        due_on=today - datetime.timedelta(days=10),
    )
    running = DecisionFactory(
        meeting=meeting,
        text="Lancer l'enquête",
        owner_organisation=epci,
        due_on=today + datetime.timedelta(days=30),
        status="en_cours",
    )
    done = DecisionFactory(
        meeting=meeting,
        text="Valider le diagnostic",
        owner_organisation=caf,
        due_on=today - datetime.timedelta(days=40),
        status="faite",
        done_on=today - datetime.timedelta(days=41),
    )
    return late, running, done


def test_decisions_filter_by_state_owner_and_lateness(client, convention, decisions):
    late, running, done = decisions
    auth = headers(convention, "lecteur")

    def texts(query=""):
        response = client.get(url(convention, f"decisions/{query}"), **auth)
        assert response.status_code == 200, response.content
        return [d["decision"] for d in response.json()["resultats"]]

    assert texts() == [done.text, late.text, running.text]  # by due date
    assert texts("?suivi=en_cours") == [running.text]
    assert texts("?responsable=caf") == [done.text, late.text]
    assert texts("?en_retard=true") == [late.text]
    assert texts("?en_retard=false") == [done.text, running.text]
    assert texts(f"?reunion={late.meeting_id}&suivi=ouverte") == [late.text]
    row = client.get(url(convention, f"decisions/{late.pk}/"), **auth).json()
    assert row["en_retard"] is True and row["responsable"]["organisation"]["ref"] == "caf"
    for query, parameter in [
        ("suivi=oubliee", "suivi"),
        ("responsable=inconnue", "responsable"),
        ("en_retard=peut-etre", "en_retard"),
        (f"reunion={MeetingFactory().pk}", "reunion"),
    ]:
        response = client.get(url(convention, f"decisions/?{query}"), **auth)
        assert response.status_code == 400, query
        assert parameter in response.json()["details"], query


def test_the_coordination_follows_a_decision(client, convention, decisions):
    late, _running, _done = decisions
    auth = headers(convention, "coordinateur")
    target = url(convention, f"decisions/{late.pk}/")
    new_due = (timezone.localdate() + datetime.timedelta(days=15)).isoformat()
    response = client.patch(target, {"echeance": new_due}, content_type="application/json", **auth)
    assert response.status_code == 200
    assert response.json()["echeance"] == new_due and response.json()["en_retard"] is False

    response = client.patch(target, {"suivi": "faite"}, content_type="application/json", **auth)
    assert response.status_code == 200
    assert response.json()["faite_le"] == timezone.localdate().isoformat()
    late.refresh_from_db()
    assert late.status == "faite" and late.done_on == timezone.localdate()

    response = client.patch(target, {"suivi": "en_cours"}, content_type="application/json", **auth)
    late.refresh_from_db()
    assert late.status == "en_cours" and late.done_on is None


def test_bad_decision_follow_ups_change_nothing(client, convention, decisions):
    late, _running, _done = decisions
    before = Decision.objects.values().get(pk=late.pk)
    target = url(convention, f"decisions/{late.pk}/")
    editor = headers(convention, "caf")
    for body, field in [
        ({"suivi": "oubliee"}, "suivi"),
        ({"echeance": "bientôt"}, "echeance"),
        ({"suivi": "en_cours", "faite_le": "2025-01-01"}, "faite_le"),
        ({"suivi": "faite", "faite_le": "2999-01-01"}, "faite_le"),
    ]:
        response = client.patch(target, body, content_type="application/json", **editor)
        assert response.status_code == 400, body
        assert field in response.json()["details"], body
    # The text and the owner are not changed here: the field is ignored.
    response = client.patch(
        target, {"decision": "Autre"}, content_type="application/json", **editor
    )
    assert response.status_code == 200
    for role in ("partenaire", "lecteur"):
        response = client.patch(
            target,
            {"suivi": "abandonnee"},
            content_type="application/json",
            **headers(convention, role),
        )
        assert response.status_code == 403
    # Another CTG's decision through this CTG's address.
    other = DecisionFactory(meeting=MeetingFactory(instance=InstanceFactory()))
    response = client.patch(
        url(convention, f"decisions/{other.pk}/"),
        {"suivi": "abandonnee"},
        content_type="application/json",
        **editor,
    )
    assert response.status_code == 404
    assert Decision.objects.values().get(pk=late.pk) == before
    other.refresh_from_db()
    assert other.status == "ouverte"


def test_the_partners_directory_filters_and_shows_contacts_to_members(client, convention, copil):
    caf = copil.members.get(organisation__ref="caf").organisation
    commune = convention.communes.order_by("code").first()
    profile = PartnerProfile.objects.create(organisation=caf, description="Prestations familiales")
    profile.communes.set([commune])
    OrganisationFactory(
        convention=convention, ref="centre", name="Centre social", kind="centre_social"
    )
    auth = headers(convention, "partenaire")

    def refs(query=""):
        response = client.get(url(convention, f"partenaires/{query}"), **auth)
        assert response.status_code == 200, response.content
        return [o["ref"] for o in response.json()["resultats"]]

    assert refs() == ["epci", "caf", "centre"]  # by name: Agglo, CAF, Centre social
    assert refs("?type=centre_social") == ["centre"]
    assert refs("?q=prestations") == ["caf"]
    assert refs(f"?instance={copil.pk}") == ["epci", "caf"]
    assert refs(f"?commune={commune.code}") == ["caf"]
    detail = client.get(url(convention, f"partenaires/{caf.pk}/"), **auth).json()
    assert detail["activite"] == "Prestations familiales"
    assert detail["instances"][0]["instance"]["ref"] == "copil"
    assert detail["contacts"][0]["courriel"] == CONTACT_EMAIL
    for query in ["commune=abc", f"instance={InstanceFactory().pk}", "type=club"]:
        response = client.get(url(convention, f"partenaires/?{query}"), **auth)
        assert response.status_code == 400, query
        assert query.split("=")[0] in response.json()["details"], query


def test_people_stay_hidden_from_who_may_not_see_them(client, convention, copil, monkeypatch):
    meeting = MeetingFactory(instance=copil)
    director = copil.members.get(contact__isnull=False).contact
    InvitationFactory(meeting=meeting, organisation=director.organisation, contact=director)
    DecisionFactory(
        meeting=meeting, owner_organisation=director.organisation, owner_contact=director
    )
    auth = headers(convention, "lecteur")
    paths = [
        "instances/",
        f"reunions/{meeting.pk}/",
        "decisions/",
        "partenaires/",
        f"partenaires/{director.organisation_id}/",
    ]
    # Outside the CTG: nothing at all.
    _token, raw_key = create_token(user=UserFactory(), name="Curieux")
    for path in paths:
        response = client.get(url(convention, path), HTTP_AUTHORIZATION=f"Bearer {raw_key}")
        assert response.status_code == 403
        assert "Martin" not in response.content.decode()
    # The API follows governance/perms.py: when it refuses, names and e-mails are withheld.
    monkeypatch.setattr(
        "ctg_pilote.governance.perms.can_view_people", lambda user, convention: False
    )
    for path in paths:
        response = client.get(url(convention, path), **auth)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Martin" not in body and CONTACT_EMAIL not in body, path


def test_lists_cost_the_same_queries_whatever_their_length(client, convention, copil):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    auth = headers(convention)

    def add(n):
        for _ in range(n):
            organisation = OrganisationFactory(convention=convention)
            ContactFactory(organisation=organisation)
            copil.members.create(organisation=organisation)
            meeting = MeetingFactory(instance=copil)
            DecisionFactory(meeting=meeting, owner_organisation=organisation)

    def queries():
        counts = []
        for path in ["instances/", "reunions/", "decisions/", "partenaires/"]:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url(convention, path), **auth).status_code == 200
            counts.append(len(captured))
        return counts

    add(1)
    queries()
    small = queries()
    add(8)
    assert queries() == small


def test_the_coordination_schedules_a_meeting_and_the_instance_is_invited(
    client, convention, copil, mailoutbox
):
    from ctg_pilote.governance.models import Meeting

    auth = headers(convention, "coordinateur")
    response = client.post(
        url(convention, "reunions/"),
        {
            "instance": copil.pk,
            "debut": "2026-06-15T14:00",
            "fin": "2026-06-15T16:00",
            "lieu": "Salle du conseil",
            "visio": "https://visio.exemple.test/copil",
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["intitule"] == "Comité de pilotage"  # the instance's name by default
    assert data["debut"] == "2026-06-15T14:00:00+02:00"
    assert sorted(i["organisation"]["ref"] for i in data["invitations"]) == ["caf", "epci"]
    assert Meeting.objects.get(pk=data["id"]).convention == convention
    assert mailoutbox == []


def test_bad_meetings_are_refused_and_nothing_is_scheduled(client, convention, copil):
    from ctg_pilote.governance.models import Meeting

    other_instance = InstanceFactory()
    editor = headers(convention, "caf")
    base = {"instance": copil.pk, "debut": "2026-06-15T14:00"}
    for change, field in [
        ({"instance": other_instance.pk}, "instance"),
        ({"instance": "copil"}, "instance"),
        ({"debut": "demain"}, "debut"),
        ({"fin": "2026-06-15T13:00"}, "fin"),
        ({"visio": "pas une adresse"}, "visio"),
        ({"intitule": "x" * 201}, "intitule"),
    ]:
        response = client.post(
            url(convention, "reunions/"),
            {**base, **change},
            content_type="application/json",
            **editor,
        )
        assert response.status_code == 400, change
        assert field in response.json()["details"], change
    for role in ("partenaire", "lecteur"):
        response = client.post(
            url(convention, "reunions/"),
            base,
            content_type="application/json",
            **headers(convention, role),
        )
        assert response.status_code == 403
    assert not Meeting.objects.exists()
