"""Writes of meetings: scheduling and editing them, their documents, invitations, attendance
and minutes, and the e-mails that send the invitations."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctg_pilote.conventions.models import Contact, Convention, Organisation
from ctg_pilote.core import deletion
from ctg_pilote.core.text import clean_rich_text
from ctg_pilote.core.versioning import save_versioned

from .. import ical
from ..models import (
    AttendanceStatus,
    CalendarToken,
    Instance,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)


def sanitize_minutes(html: str) -> str:
    """Minutes are rich text typed or pasted by people: keep the structure, drop the rest."""
    return clean_rich_text(html)


def _check_start(starts_at) -> None:
    """A meeting has a date; that it ends after it starts is the model's rule (`clean`)."""
    if starts_at is None:
        raise ValidationError({"starts_at": _("La date de la réunion est obligatoire.")})


@transaction.atomic
def schedule_meeting(
    *,
    instance: Instance,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    video_url: str = "",
    agenda: str = "",
    is_fictitious: bool = False,
    invite_members: bool = False,
) -> Meeting:
    """Create a meeting of `instance`; with `invite_members`, everyone who sits in the instance
    is invited (what the "Nouvelle réunion" page and the API do; no e-mail is sent)."""
    _check_start(starts_at)
    meeting = Meeting(
        convention=instance.convention,
        instance=instance,
        title=title or str(instance),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_url=video_url,
        agenda=agenda,
        is_fictitious=is_fictitious,
    )
    meeting.clean()
    meeting.save()
    if invite_members:
        invite_instance_members(meeting=meeting)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    expected_version: int | None,
    instance: Instance,
    title: str,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    video_url: str = "",
    agenda: str = "",
) -> Meeting:
    """Change a meeting, unless someone saved it since `expected_version` (StaleEdit); the
    members of its instance (perhaps another one now) are invited."""
    _check_start(starts_at)
    if instance.convention_id != meeting.convention_id:
        raise ValidationError({"instance": _("Cet élément n'appartient pas à cette CTG.")})
    meeting.instance = instance
    meeting.title = title or str(instance)
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.place = place
    meeting.video_url = video_url
    meeting.agenda = agenda
    meeting.clean()
    save_versioned(meeting, expected_version=expected_version)
    invite_instance_members(meeting=meeting)
    return meeting


def _local_day(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


def mark_meeting_held(*, meeting: Meeting, expected_version: int | None) -> Meeting:
    """The meeting took place (also a cancelled one that was held after all), unless its date
    is still to come, or someone saved it since `expected_version` (StaleEdit)."""
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise ValidationError(
            {
                "status": _(
                    "Cette réunion est prévue le %(date)s : elle ne peut être marquée tenue "
                    "qu'à partir de ce jour. Si elle a eu lieu plus tôt, corrigez d'abord sa date."
                )
                % {"date": _local_day(meeting.starts_at)}
            }
        )
    meeting.status = MeetingStatus.HELD
    meeting.cancellation_reason = ""
    save_versioned(
        meeting,
        expected_version=expected_version,
        update_fields=["status", "cancellation_reason"],
    )
    return meeting


@transaction.atomic
def postpone_meeting(
    *,
    meeting: Meeting,
    expected_version: int | None,
    starts_at: datetime.datetime | None,
    ends_at: datetime.datetime | None = None,
) -> Meeting:
    """Move the meeting to `starts_at`, keeping the date first planned (`rescheduled_from`);
    without `ends_at`, it lasts as long as before. A held meeting is not postponed."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(
            {"starts_at": _("Cette réunion s'est tenue : elle ne peut plus être reportée.")}
        )
    if starts_at is None:
        raise ValidationError({"starts_at": _("Indiquez la nouvelle date de la réunion.")})
    if starts_at == meeting.starts_at:
        raise ValidationError(
            {"starts_at": _("La nouvelle date est celle déjà prévue : choisissez-en une autre.")}
        )
    if ends_at is None and meeting.ends_at is not None:
        ends_at = starts_at + (meeting.ends_at - meeting.starts_at)
    meeting.rescheduled_from = meeting.rescheduled_from or meeting.starts_at
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.status = MeetingStatus.POSTPONED
    meeting.cancellation_reason = ""
    meeting.clean()
    save_versioned(meeting, expected_version=expected_version)
    return meeting


def cancel_meeting(*, meeting: Meeting, expected_version: int | None, reason: str = "") -> Meeting:
    """The meeting will not take place (`reason` optional). A held meeting is not cancelled."""
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(
            {"reason": _("Cette réunion s'est tenue : elle ne peut plus être annulée.")}
        )
    reason = (reason or "").strip()
    limit = Meeting._meta.get_field("cancellation_reason").max_length
    if len(reason) > limit:
        raise ValidationError(
            {
                "reason": _("Motif de l'annulation trop long : %(n)d caractères au plus.")
                % {"n": limit}
            }
        )
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancellation_reason = reason
    save_versioned(
        meeting,
        expected_version=expected_version,
        update_fields=["status", "cancellation_reason"],
    )
    return meeting


def meeting_deletion_refusal(meeting: Meeting) -> str:
    """Why the meeting cannot be deleted (its decisions are followed), or ""."""
    decisions = list(meeting.decisions.order_by("position", "id"))
    if not decisions:
        return ""
    names = ", ".join(f"« {Truncator(d.text).chars(60)} »" for d in decisions[:5])
    if len(decisions) > 5:
        names += _(", et %(n)d autres") % {"n": len(decisions) - 5}
    return ngettext(
        "Cette réunion porte %(n)d décision (%(names)s) : la supprimer effacerait cette "
        "décision et son suivi. Si la réunion a eu lieu à une autre date, corrigez sa date "
        "au lieu de la supprimer.",
        "Cette réunion porte %(n)d décisions (%(names)s) : la supprimer effacerait ces "
        "décisions et leur suivi. Si la réunion a eu lieu à une autre date, corrigez sa date "
        "au lieu de la supprimer.",
        len(decisions),
    ) % {"n": len(decisions), "names": names}


def delete_meeting(*, meeting: Meeting) -> None:
    """Delete a meeting entered by mistake, with its invitations and documents; the votes
    linked to it stay, without a meeting. Refused (DeletionRefused) while it has decisions."""
    refusal = meeting_deletion_refusal(meeting)
    if refusal:
        raise deletion.DeletionRefused(refusal, code="protected")
    deletion.delete(obj=meeting)


def save_minutes(*, meeting: Meeting, html: str, expected_version: int | None = None) -> Meeting:
    """Save the minutes, unless someone saved the meeting since `expected_version` (StaleEdit)."""
    meeting.minutes = sanitize_minutes(html)
    save_versioned(meeting, expected_version=expected_version, update_fields=["minutes"])
    return meeting


def add_meeting_document(*, meeting: Meeting, title: str, url: str) -> MeetingDocument:
    """Link a document (minutes, slides…) to a meeting."""
    return meeting.documents.create(title=title, url=url)


@transaction.atomic
def invite(
    *, meeting: Meeting, organisation: Organisation, contact: Contact | None = None
) -> Invitation:
    """Invite an organisation, or one of its contacts; inviting twice returns the invitation."""
    if organisation.convention_id != meeting.convention_id:
        raise ValidationError(
            {"organisation": _("Cette organisation n'appartient pas à cette CTG.")}
        )
    if contact is not None and contact.organisation_id != organisation.pk:
        raise ValidationError({"contact": _("Ce contact n'appartient pas à cette organisation.")})
    invitation, _created = Invitation.objects.get_or_create(
        meeting=meeting, organisation=organisation, contact=contact
    )
    return invitation


def invite_instance_members(*, meeting: Meeting) -> int:
    """Invite everyone who sits in the meeting's instance; returns the number of new invitations."""
    before = meeting.invitations.count()
    for member in meeting.instance.members.select_related("organisation", "contact"):
        invite(meeting=meeting, organisation=member.organisation, contact=member.contact)
    return meeting.invitations.count() - before


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    organisation: Organisation,
    contact: Contact | None = None,
    attendance: str,
    represented_by: str = "",
) -> Invitation:
    invitation = Invitation.objects.filter(
        meeting=meeting, organisation=organisation, contact=contact
    ).first()
    if invitation is None:
        who = str(contact or organisation)
        raise ValidationError(
            {
                "contact" if contact else "organisation": _(
                    "« %(who)s » n'est pas invité·e à cette réunion : invitez d'abord la "
                    "personne ou l'organisation, puis notez sa présence."
                )
                % {"who": who}
            }
        )
    if attendance not in AttendanceStatus.values:
        raise ValidationError({"attendance": _("Présence inconnue : %(v)s.") % {"v": attendance}})
    if attendance == AttendanceStatus.REPRESENTED and not represented_by.strip():
        raise ValidationError(
            {"represented_by": _("Indiquez par qui la personne ou l'organisation est représentée.")}
        )
    invitation.attendance = attendance
    invitation.represented_by = (
        represented_by.strip() if attendance == AttendanceStatus.REPRESENTED else ""
    )
    invitation.save(update_fields=["attendance", "represented_by"])
    return invitation


def calendar_token(*, convention: Convention, email: str) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(
        convention=convention, email=email.strip().lower()
    )
    return token


def send_invitations(*, meeting: Meeting, feed_url_for, meeting_url: str) -> int:
    """E-mail every invited contact that has an address, with the meeting as an .ics file.

    `feed_url_for(token)` builds the absolute address of a personal calendar feed.
    Returns the number of e-mails sent; each invitation records when it was sent.
    """
    sent = 0
    invitations = meeting.invitations.select_related("contact", "organisation").exclude(
        contact__email=""
    )
    attachment = ical.meeting_calendar(meeting, url=meeting_url, method="REQUEST")
    for invitation in invitations.filter(contact__isnull=False):
        contact = invitation.contact
        token = calendar_token(convention=meeting.convention, email=contact.email)
        local = timezone.localtime(meeting.starts_at)
        body = _(
            "Bonjour,\n\nVous êtes invité·e à la réunion « %(title)s » (%(instance)s) de la "
            "%(ctg)s, le %(date)s à %(time)s%(place)s.\n\n%(agenda)s"
            "Le rendez-vous est joint à ce message (fichier .ics).\n"
            "Votre agenda personnel de la CTG, à ajouter à votre application d'agenda "
            "(adresse privée, ne la partagez pas) : %(feed)s\n"
            "Détail de la réunion : %(url)s\n"
        ) % {
            "title": meeting.title,
            "instance": meeting.instance,
            "ctg": meeting.convention.name,
            "date": local.strftime("%d/%m/%Y"),
            "time": local.strftime("%H:%M"),
            "place": f", {meeting.place}" if meeting.place else "",
            "agenda": (_("Ordre du jour :\n%(agenda)s\n\n") % {"agenda": meeting.agenda})
            if meeting.agenda
            else "",
            "feed": feed_url_for(token.token),
            "url": meeting_url,
        }
        message = EmailMessage(
            subject=_("Invitation : %(title)s, le %(date)s")
            % {"title": meeting.title, "date": local.strftime("%d/%m/%Y")},
            body=body,
            to=[contact.email],
        )
        message.attach("invitation.ics", attachment, "text/calendar; method=REQUEST")
        message.send()
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
        sent += 1
    return sent
