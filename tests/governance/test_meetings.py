import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.governance import services
from ctg_pilote.governance.models import Decision, Invitation, Meeting
from tests.conventions.factories import OrganisationFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


def test_a_meeting_without_a_date_is_refused_with_a_french_message(member_client, copil):
    client, _ = member_client(copil.convention)
    response = client.post(
        url("meeting_create", copil.convention),
        {"instance": copil.pk, "title": "COPIL", "starts_at": "", "agenda": "Bilan 2025"},
    )
    text = page_text(response)
    assert response.status_code == 200
    assert "La date de la réunion est obligatoire." in text
    assert "Bilan 2025" in text  # what was typed is kept
    assert not Meeting.objects.exists()


def test_a_new_meeting_invites_the_members_of_its_instance(member_client, copil):
    client, _ = member_client(copil.convention)
    response = client.post(
        url("meeting_create", copil.convention),
        {"instance": copil.pk, "title": "COPIL annuel", "starts_at": "2026-12-08T14:00"},
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == url("meeting", copil.convention, meeting.pk)
    assert timezone.localtime(meeting.starts_at).hour == 14
    assert {str(i.organisation) for i in meeting.invitations.all()} == {"CAF", "Agglo"}


def test_attendance_for_someone_not_invited_is_refused(member_client, meeting):
    convention = meeting.convention
    client, _ = member_client(convention)
    stranger = OrganisationFactory(convention=convention, name="Association des Marais")
    response = client.post(
        url("meeting_attendance", convention, meeting.pk),
        {"organisation": stranger.pk, "attendance": "present"},
    )
    text = page_text(response)
    assert "« Association des Marais » n'est pas invité·e à cette réunion" in text
    assert not Invitation.objects.filter(organisation=stranger).exists()


def test_attendance_is_recorded_for_an_invited_organisation(member_client, meeting):
    convention = meeting.convention
    services.invite_instance_members(meeting=meeting)
    client, _ = member_client(convention)
    epci = convention.organisations.get(ref="epci")
    client.post(
        url("meeting_attendance", convention, meeting.pk),
        {
            "organisation": epci.pk,
            "attendance": "represente",
            "represented_by": "la vice-présidente",
        },
    )
    invitation = meeting.invitations.get(organisation=epci, contact=None)
    assert invitation.attendance == "represente"
    assert invitation.represented_by == "la vice-présidente"
    assert "par la vice-présidente" in page_text(client.get(url("meeting", convention, meeting.pk)))


def test_a_decision_without_owner_is_refused(member_client, meeting):
    client, _ = member_client(meeting.convention)
    response = client.post(
        url("decision_create", meeting.convention, meeting.pk),
        {"text": "Lancer le réseau jeunesse", "due_on": "2026-06-30"},
    )
    text = page_text(response)
    assert "Une décision doit avoir un responsable" in text
    assert "Lancer le réseau jeunesse" in text
    assert not Decision.objects.exists()


def test_a_copil_decision_stays_in_the_open_list_and_on_its_action_until_done(
    member_client, meeting, actions
):
    convention = meeting.convention
    action = actions[1]
    client, _ = member_client(convention)
    caf = convention.organisations.get(ref="caf")
    client.post(
        url("decision_create", convention, meeting.pk),
        {
            "text": "Réunir le réseau jeunesse avant l'été",
            "owner_organisation": caf.pk,
            "due_on": "2026-06-30",
            "actions": [action.pk],
        },
    )
    decision = Decision.objects.get()
    assert list(Decision.objects.for_action(action).open()) == [decision]

    def action_page(of=action):
        """The plan's own page for the action, as its pilot opens it."""
        return page_text(
            client.get(reverse("plan:action", kwargs={"slug": convention.slug, "pk": of.pk}))
        )

    assert "Réunir le réseau jeunesse avant l'été" in page_text(
        client.get(url("decisions", convention))
    )
    assert "Réunir le réseau jeunesse" in action_page()
    assert "Comité de pilotage" in action_page()
    assert "Réunir le réseau" not in action_page(actions[0])

    client.post(url("decision_follow", convention, decision.pk), {"status": "en_cours"})
    assert "Réunir le réseau jeunesse" in page_text(client.get(url("decisions", convention)))

    client.post(url("decision_follow", convention, decision.pk), {"status": "faite"})
    decision.refresh_from_db()
    assert decision.done_on == timezone.localdate()
    assert "Réunir le réseau jeunesse" not in page_text(client.get(url("decisions", convention)))
    assert "Aucune décision ouverte sur cette action." in action_page()
    every = page_text(client.get(url("decisions", convention), {"afficher": "toutes"}))
    assert "Réunir le réseau jeunesse" in every


def test_minutes_are_sanitised(member_client, meeting):
    client, _ = member_client(meeting.convention)
    client.post(
        url("meeting_minutes", meeting.convention, meeting.pk),
        {"minutes": '<h2>Bilan</h2><p onclick="x()">Adopté<script>alert(1)</script></p>'},
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "<h2>Bilan</h2><p>Adopté</p>"


def test_invitation_email_carries_the_meeting_as_ics(member_client, meeting):
    convention = meeting.convention
    services.invite_instance_members(meeting=meeting)
    client, _ = member_client(convention)
    response = client.post(url("meeting_send", convention, meeting.pk))
    assert "1 invitation(s) envoyée(s)" in page_text(client.get(response["Location"]))
    assert len(mail.outbox) == 1  # the EPCI has no contact with an address
    message = mail.outbox[0]
    assert message.to == ["camille.martin@exemple.test"]
    assert "COPIL de décembre" in message.subject
    ((name, content, mimetype),) = message.attachments
    assert name == "invitation.ics" and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("COPIL de décembre")
    assert event.decoded("DTSTART") == meeting.starts_at
    assert str(calendar["METHOD"]) == "REQUEST"
    assert "/agenda/" in message.body  # the personal feed address
    assert meeting.invitations.get(contact__isnull=False).sent_at is not None


def test_ctg_and_personal_feeds_parse_with_icalendar(client, member_client, meeting):
    convention = meeting.convention
    other = Meeting.objects.create(
        convention=convention,
        instance=meeting.instance,
        title="COTECH de préparation",
        starts_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0)),
    )
    caf = convention.organisations.get(ref="caf")
    services.invite(meeting=meeting, organisation=caf, contact=caf.contacts.get())
    member, _ = member_client(convention, role="lecteur")
    feed = member.get(url("feed", convention))
    assert feed["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert {str(e["SUMMARY"]).split(" — ")[0] for e in events} == {
        "COPIL de décembre",
        "COTECH de préparation",
    }
    token = services.calendar_token(convention=convention, email="camille.martin@exemple.test")
    client.logout()  # a calendar application does not sign in
    personal = client.get(url("personal_feed", convention, token.token))
    assert personal.status_code == 200
    events = icalendar.Calendar.from_ical(personal.content).walk("VEVENT")
    assert [str(e["SUMMARY"]).split(" — ")[0] for e in events] == ["COPIL de décembre"]
    assert other.pk  # not invited: not in the personal feed
    assert client.get(url("personal_feed", convention, "mauvais-jeton")).status_code == 404


def test_a_personal_feed_token_of_another_ctg_gives_404(client, meeting):
    token = services.calendar_token(convention=meeting.convention, email="a@exemple.test")
    from tests.conventions.factories import ConventionFactory

    other = ConventionFactory()
    assert client.get(url("personal_feed", other, token.token)).status_code == 404


def test_contacts_of_invitations_are_shown_to_members_only(member_client, meeting):
    services.invite_instance_members(meeting=meeting)
    client, _ = member_client(meeting.convention, role="lecteur")
    assert "Camille Martin" in page_text(client.get(url("meeting", meeting.convention, meeting.pk)))


def test_only_what_is_said_to_do_is_late(member_client, convention):
    from ctg_pilote.governance.models import KeyDate, Phase

    Phase.objects.create(
        convention=convention,
        ref="diagnostic",
        title="Diagnostic",
        status="en_cours",
        planned_end=datetime.date(2020, 6, 30),
    )
    KeyDate.objects.create(
        convention=convention, date=datetime.date(2020, 1, 1), label="Bilan", status="a_faire"
    )
    KeyDate.objects.create(convention=convention, date=datetime.date(2020, 2, 1), label="Signature")
    client, _ = member_client(convention, role="lecteur")
    text = " ".join(page_text(client.get(url("demarche", convention))).split())
    assert text.count("En retard") == 2  # the phase said en cours and the step said à faire
    assert "1 étape est marquée « à faire » alors que sa date est passée : Bilan" in text


def test_documents_are_attached_to_a_meeting(member_client, meeting):
    client, _ = member_client(meeting.convention)
    target = url("meeting_document", meeting.convention, meeting.pk)
    text = page_text(client.post(target, {"title": "Diaporama", "url": "pas une adresse"}))
    assert "Adresse impossible" in text and not meeting.documents.exists()
    client.post(target, {"title": "Diaporama", "url": "https://exemple.test/copil.pdf"})
    text = page_text(client.get(url("meeting", meeting.convention, meeting.pk)))
    assert 'href="https://exemple.test/copil.pdf"' in text
