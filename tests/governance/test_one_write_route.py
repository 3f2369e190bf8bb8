"""Each governance object has one write route: the page and the API store the same thing,
and both refuse an edit started from an outdated version."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.api.services import create_token
from ctg_pilote.governance.models import Decision, Instance, KeyDate, Meeting, SchemeLink
from tests.conventions.factories import MembershipFactory, OrganisationFactory
from tests.governance.factories import DecisionFactory, InstanceFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

STALE = "Quelqu'un a enregistré cette fiche entre-temps"


def page_url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


def api_url(convention, path):
    return f"/api/v1/ctg/{convention.slug}/gouvernance/{path}"


def api_headers(convention):
    membership = MembershipFactory(convention=convention, role="coordinateur")
    _token, raw_key = create_token(user=membership.user, name="Tableau de bord")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw_key}"}


def stored_meeting(meeting):
    return (
        meeting.instance_id,
        meeting.title,
        meeting.starts_at,
        meeting.ends_at,
        meeting.place,
        meeting.video_url,
        meeting.agenda,
        meeting.status,
        meeting.version,
        sorted((i.organisation_id, i.contact_id) for i in meeting.invitations.all()),
    )


def test_a_meeting_scheduled_on_the_page_or_through_the_api_is_stored_the_same(
    client, member_client, copil
):
    convention = copil.convention
    auth = api_headers(convention)
    response = client.post(
        api_url(convention, "reunions/"),
        {
            "instance": copil.pk,
            "intitule": "COPIL annuel",
            "debut": "2026-12-08T14:00:00+01:00",
            "fin": "2026-12-08T16:00:00+01:00",
            "lieu": "Salle du conseil",
            "visio": "https://visio.exemple.test/copil",
            "ordre_du_jour": "Bilan 2026",
        },
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    from_api = Meeting.objects.get(pk=response.json()["id"])

    page_client, _ = member_client(convention)
    response = page_client.post(
        page_url("meeting_create", convention),
        {
            "instance": copil.pk,
            "title": "COPIL annuel",
            "starts_at": "2026-12-08T14:00",
            "ends_at": "2026-12-08T16:00",
            "place": "Salle du conseil",
            "video_url": "https://visio.exemple.test/copil",
            "agenda": "Bilan 2026",
        },
    )
    from_page = Meeting.objects.exclude(pk=from_api.pk).get()
    assert response["Location"] == page_url("meeting", convention, from_page.pk)
    assert stored_meeting(from_page) == stored_meeting(from_api)
    assert len(stored_meeting(from_page)[-1]) == 2  # both members of the COPIL are invited


def test_a_meeting_moved_to_another_instance_invites_its_members(member_client, meeting):
    convention = meeting.convention
    bureau = InstanceFactory(convention=convention, name="Bureau")
    centre = OrganisationFactory(convention=convention, name="Centre social")
    bureau.members.create(organisation=centre)
    client, _ = member_client(convention)
    response = client.post(
        page_url("meeting_edit", convention, meeting.pk),
        {
            "instance": bureau.pk,
            "title": "Bureau de janvier",
            "starts_at": "2027-01-12T09:30",
            "version": meeting.version,
        },
    )
    assert response["Location"] == page_url("meeting", convention, meeting.pk)
    meeting.refresh_from_db()
    assert (meeting.instance, meeting.title) == (bureau, "Bureau de janvier")
    assert meeting.invitations.filter(organisation=centre).exists()


def stored_decision(decision):
    decision.refresh_from_db()
    return decision.status, decision.done_on, decision.due_on, decision.version


def test_a_decision_followed_on_the_page_or_through_the_api_is_stored_the_same(
    client, member_client, meeting
):
    convention = meeting.convention
    due = datetime.date(2026, 6, 30)
    on_page, through_api = (DecisionFactory(meeting=meeting, due_on=due) for _ in range(2))
    done = timezone.localdate() - datetime.timedelta(days=2)

    page_client, _ = member_client(convention)
    page_client.post(
        page_url("decision_follow", convention, on_page.pk),
        {"status": "faite", "done_on": done.isoformat(), "version": on_page.version},
    )
    client.logout()
    response = client.patch(
        api_url(convention, f"decisions/{through_api.pk}/"),
        {"suivi": "faite", "faite_le": done.isoformat(), "version": through_api.version},
        content_type="application/json",
        **api_headers(convention),
    )
    assert response.status_code == 200
    assert stored_decision(on_page) == stored_decision(through_api) == ("faite", done, due, 2)


def test_a_decision_follow_up_from_an_outdated_version_is_refused_by_the_page_and_the_api(
    client, member_client, meeting
):
    convention = meeting.convention
    decision = DecisionFactory(meeting=meeting, status="ouverte")
    outdated = decision.version
    Decision.objects.get(pk=decision.pk).save()  # someone saves in between
    before = stored_decision(decision)

    page_client, _ = member_client(convention)
    response = page_client.post(
        page_url("decision_follow", convention, decision.pk),
        {"status": "faite", "version": outdated},
        follow=True,
    )
    assert STALE in page_text(response)
    assert stored_decision(decision) == before

    client.logout()
    response = client.patch(
        api_url(convention, f"decisions/{decision.pk}/"),
        {"suivi": "faite", "echeance": "2027-01-31", "version": outdated},
        content_type="application/json",
        **api_headers(convention),
    )
    assert response.status_code == 409
    assert stored_decision(decision) == before


def test_a_new_instance_gets_a_free_ref_and_shows_in_the_api(client, member_client, copil):
    convention = copil.convention
    page_client, _ = member_client(convention)
    for name in ("Comité technique", "Comité technique !"):
        response = page_client.post(
            page_url("instance_create", convention),
            {"name": name, "kind": "cotech", "version": 0},
        )
        assert response.status_code == 302
    client.logout()
    response = client.get(api_url(convention, "instances/"), **api_headers(convention))
    refs = sorted(i["ref"] for i in response.json()["resultats"] if i["type"] == "cotech")
    assert refs == ["comite-technique", "comite-technique-2"]
    assert Instance.objects.filter(convention=convention).count() == 3


def test_an_instance_named_like_another_is_refused_with_a_message(member_client, copil):
    convention = copil.convention
    page_client, _ = member_client(convention)
    response = page_client.post(
        page_url("instance_create", convention),
        {"name": "Comité de pilotage", "kind": "cotech", "version": 0},
    )
    assert response.status_code == 200
    assert "Une instance de cette CTG porte déjà ce nom." in page_text(response)
    assert Instance.objects.filter(convention=convention).count() == 1


def test_a_member_removed_from_an_instance_is_no_longer_listed(client, member_client, copil):
    convention = copil.convention
    seat = copil.members.get(organisation__ref="epci")
    page_client, _ = member_client(convention)
    response = page_client.post(
        page_url("instance_member_remove", convention, copil.pk, seat.pk), follow=True
    )
    assert "Membre retiré de l'instance." in page_text(response)
    client.logout()
    response = client.get(api_url(convention, f"instances/{copil.pk}/"), **api_headers(convention))
    assert [m["organisation"]["ref"] for m in response.json()["membres"]] == ["caf"]


def test_a_key_date_and_a_scheme_link_deleted_on_their_pages_are_gone(member_client, convention):
    key_date = KeyDate.objects.create(
        convention=convention, date=datetime.date(2026, 3, 1), label="Signature de la CTG"
    )
    link = SchemeLink.objects.create(
        convention=convention, kind="cls", name="Contrat local de santé du Marais"
    )
    client, _ = member_client(convention)

    response = client.post(
        page_url("key_date_edit", convention, key_date.pk), {"delete": "1"}, follow=True
    )
    text = page_text(response)
    assert "Date clé supprimée." in text and "Signature de la CTG" not in text
    assert not KeyDate.objects.filter(pk=key_date.pk).exists()

    response = client.post(
        page_url("scheme_edit", convention, link.pk), {"delete": "1"}, follow=True
    )
    text = page_text(response)
    assert "Lien supprimé." in text and "Contrat local de santé du Marais" not in text
    assert not SchemeLink.objects.filter(pk=link.pk).exists()
