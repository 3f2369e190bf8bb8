"""A meeting's life: held, postponed, cancelled, deleted by mistake; a past meeting nobody
confirmed is flagged, never listed as upcoming (governance page, agenda, dashboard)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ctg_pilote.governance.models import Meeting, Vote
from tests.governance.factories import DecisionFactory, InvitationFactory, MeetingFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def url(name, convention, *args):
    return reverse(f"governance:{name}", args=[convention.slug, *args])


def days(n: int) -> datetime.datetime:
    """n days from now, at 14:00 local time (negative: in the past)."""
    day = timezone.localdate() + datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(14, 0)))


def test_a_past_meeting_is_held_from_its_page(member_client, copil):
    meeting = MeetingFactory(instance=copil, title="COPIL de novembre", starts_at=days(-12))
    client, _ = member_client(copil.convention)
    page = page_text(client.get(url("meeting", copil.convention, meeting.pk)))
    assert "Réunion passée : indiquez si elle s'est tenue." in page
    assert "Date passée, statut à confirmer" in page
    assert "Prévue" not in page

    client.post(url("meeting_held", copil.convention, meeting.pk), {"version": meeting.version})
    page = page_text(client.get(url("meeting", copil.convention, meeting.pk)))
    assert "Tenue" in page
    assert "statut à confirmer" not in page


def test_a_meeting_still_to_come_cannot_be_marked_held(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(10))
    client, _ = member_client(copil.convention)
    response = client.post(
        url("meeting_held", copil.convention, meeting.pk), {"version": meeting.version}, follow=True
    )
    assert "ne peut être marquée tenue qu'à partir de ce jour" in page_text(response)
    meeting.refresh_from_db()
    assert meeting.status == "prevue"


def test_a_meeting_is_postponed_and_shows_both_dates(member_client, copil):
    meeting = MeetingFactory(
        instance=copil,
        title="COTECH",
        starts_at=days(-3),
        ends_at=days(-3) + datetime.timedelta(hours=2),
    )
    client, _ = member_client(copil.convention)
    new_start = days(20)
    response = client.post(
        url("meeting_postpone", copil.convention, meeting.pk),
        {
            "version": meeting.version,
            "starts_at": timezone.localtime(new_start).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    page = page_text(client.get(url("meeting", copil.convention, meeting.pk)))
    old, new = days(-3).strftime("%d/%m/%Y"), new_start.strftime("%d/%m/%Y")
    assert f"Reportée du {old} au {new}" in page
    meeting.refresh_from_db()
    assert meeting.ends_at - meeting.starts_at == datetime.timedelta(hours=2)
    index = page_text(client.get(url("index", copil.convention)))
    assert "COTECH" in index.split("Prochaines réunions")[1].split("Dernières réunions")[0]


def test_postponing_without_a_date_or_a_stale_version_changes_nothing(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(-3))
    client, _ = member_client(copil.convention)
    response = client.post(
        url("meeting_postpone", copil.convention, meeting.pk), {"version": meeting.version}
    )
    assert "Indiquez la nouvelle date de la réunion." in page_text(response)
    response = client.post(
        url("meeting_postpone", copil.convention, meeting.pk),
        {
            "version": meeting.version - 1 if meeting.version > 1 else 99,
            "starts_at": "2027-01-10T10:00",
        },
    )
    assert "Quelqu'un a enregistré cette fiche entre-temps" in page_text(response)
    meeting.refresh_from_db()
    assert meeting.status == "prevue" and meeting.rescheduled_from is None


def test_a_meeting_is_cancelled_with_its_reason(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(5))
    client, _ = member_client(copil.convention)
    client.post(
        url("meeting_cancel", copil.convention, meeting.pk),
        {"version": meeting.version, "reason": "Quorum non atteint"},
    )
    page = page_text(client.get(url("meeting", copil.convention, meeting.pk)))
    assert "Annulée" in page
    assert "Motif de l'annulation : Quorum non atteint" in page
    index = page_text(client.get(url("index", copil.convention)))
    assert "Aucune réunion prévue." in index


def test_a_held_meeting_is_neither_postponed_nor_cancelled(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(-30), status="tenue")
    client, _ = member_client(copil.convention)
    response = client.post(
        url("meeting_cancel", copil.convention, meeting.pk), {"version": meeting.version}
    )
    assert "Cette réunion s'est tenue : elle ne peut plus être annulée." in page_text(response)
    meeting.refresh_from_db()
    assert meeting.status == "tenue"


def test_past_meetings_nobody_confirmed_are_never_upcoming(member_client, copil):
    MeetingFactory(instance=copil, title="Oubliée", starts_at=days(-2))
    MeetingFactory(
        instance=copil, title="Reportée puis oubliée", starts_at=days(-1), status="reportee"
    )
    MeetingFactory(instance=copil, title="À venir", starts_at=days(7))
    convention = copil.convention
    client, _ = member_client(convention)

    index = page_text(client.get(url("index", convention)))
    upcoming = index.split("Prochaines réunions")[1].split("Dernières réunions")[0]
    assert "À venir" in upcoming and "Oubliée" not in upcoming
    assert "2 réunions passées : indiquez si elles se sont tenues." in index

    agenda = page_text(client.get(url("agenda", convention)))
    upcoming = agenda.split("Réunions à venir")[1].split("Réunions passées")[0]
    assert "À venir" in upcoming and "oubliée" not in upcoming.lower()

    dashboard = page_text(client.get(reverse("pilotage:dashboard", args=[convention.slug])))
    assert "À venir" in dashboard
    assert "Oubliée" not in dashboard and "Reportée puis oubliée" not in dashboard


def test_the_confirmation_page_says_what_goes_with_the_meeting(member_client, copil):
    meeting = MeetingFactory(instance=copil, title="Saisie en double", starts_at=days(4))
    InvitationFactory(meeting=meeting)
    InvitationFactory(meeting=meeting)
    vote = Vote.objects.create(convention=copil.convention, meeting=meeting, title="Priorités")
    client, _ = member_client(copil.convention)
    page = " ".join(
        page_text(client.get(url("meeting_delete", copil.convention, meeting.pk))).split()
    )
    assert "2 invitations (et les présences notées)" in page
    assert "Ces votes restent, sans lien avec une réunion : « Priorités »" in page

    response = client.post(url("meeting_delete", copil.convention, meeting.pk), follow=True)
    assert "La réunion « Saisie en double » est supprimée." in page_text(response)
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    vote.refresh_from_db()
    assert vote.meeting is None


def test_a_meeting_with_decisions_is_not_deleted(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(-40), status="tenue")
    DecisionFactory(meeting=meeting, text="Lancer l'étude jeunesse")
    client, _ = member_client(copil.convention)
    page = page_text(client.get(url("meeting_delete", copil.convention, meeting.pk)))
    assert "Cette réunion porte 1 décision (« Lancer l'étude jeunesse »)" in page
    response = client.post(url("meeting_delete", copil.convention, meeting.pk), follow=True)
    assert "la supprimer effacerait cette décision" in page_text(response)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_reader_sees_no_status_buttons_and_cannot_post_them(member_client, copil):
    meeting = MeetingFactory(instance=copil, starts_at=days(-2))
    client, _ = member_client(copil.convention, role="lecteur")
    page = page_text(client.get(url("meeting", copil.convention, meeting.pk)))
    assert "Marquer tenue" not in page and "Réunion passée : indiquez" not in page
    assert "Date passée, statut à confirmer" in page
    response = client.post(url("meeting_held", copil.convention, meeting.pk), {"version": 1})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "prevue"
