"""Writes of the governance app: meetings, attendance, decisions, invitations, personal data.

Every function is keyword-only, checks what it is given and raises `ValidationError` with a
French message naming the field; callers run them inside a transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Contact, Convention, Organisation
from ctg_pilote.core.text import clean_rich_text
from ctg_pilote.core.versioning import save_versioned

from . import ical
from .models import (
    AttendanceStatus,
    CalendarToken,
    Decision,
    DecisionStatus,
    Instance,
    Invitation,
    Meeting,
    PartnerProfile,
)


def sanitize_minutes(html: str) -> str:
    """Minutes are rich text typed or pasted by people: keep the structure, drop the rest."""
    return clean_rich_text(html)


def _check_same_convention(convention: Convention, **objects) -> None:
    for field, obj in objects.items():
        if obj is not None and getattr(obj, "convention_id", None) != convention.pk:
            raise ValidationError({field: _("Cet élément n'appartient pas à cette CTG.")})


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
) -> Meeting:
    if starts_at is None:
        raise ValidationError({"starts_at": _("La date de la réunion est obligatoire.")})
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
    return meeting


def save_minutes(*, meeting: Meeting, html: str, expected_version: int | None = None) -> Meeting:
    """Save the minutes, unless someone saved the meeting since `expected_version` (StaleEdit)."""
    meeting.minutes = sanitize_minutes(html)
    save_versioned(meeting, expected_version=expected_version, update_fields=["minutes"])
    return meeting


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


def check_decision_owner(owner_organisation, owner_contact) -> None:
    if owner_organisation is None and owner_contact is None:
        raise ValidationError(
            {
                "owner_organisation": _(
                    "Une décision doit avoir un responsable : choisissez une organisation "
                    "ou une personne."
                )
            }
        )


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text: str,
    owner_organisation: Organisation | None = None,
    owner_contact: Contact | None = None,
    due_on: datetime.date | None = None,
    actions: Iterable = (),
    nodes: Iterable = (),
) -> Decision:
    if not (text or "").strip():
        raise ValidationError({"text": _("Écrivez la décision.")})
    check_decision_owner(owner_organisation, owner_contact)
    convention = meeting.convention
    _check_same_convention(convention, owner_organisation=owner_organisation)
    if owner_contact is not None and owner_contact.organisation.convention_id != convention.pk:
        raise ValidationError({"owner_contact": _("Cette personne n'appartient pas à cette CTG.")})
    if owner_contact is not None and owner_organisation is None:
        owner_organisation = owner_contact.organisation
    actions, nodes = list(actions), list(nodes)
    for action in actions:
        _check_same_convention(convention, actions=action)
    for node in nodes:
        _check_same_convention(convention, nodes=node)
    decision = Decision.objects.create(
        convention=convention,
        meeting=meeting,
        text=text.strip(),
        owner_organisation=owner_organisation,
        owner_contact=owner_contact,
        due_on=due_on,
        position=meeting.decisions.count() + 1,
    )
    decision.actions.set(actions)
    decision.nodes.set(nodes)
    return decision


def follow_decision(
    *,
    decision: Decision,
    status: str,
    done_on: datetime.date | None = None,
    expected_version: int | None = None,
    update_fields: Iterable[str] = (),
) -> Decision:
    """Record where a decision stands (and the other `update_fields` the caller set on it),
    unless someone saved it since `expected_version` (StaleEdit)."""
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Suivi inconnu : %(v)s.") % {"v": status}})
    decision.status = status
    if status == DecisionStatus.DONE:
        decision.done_on = done_on or decision.done_on or timezone.localdate()
    else:
        decision.done_on = None
    save_versioned(
        decision,
        expected_version=expected_version,
        update_fields=["status", "done_on", *update_fields],
    )
    return decision


@transaction.atomic
def save_partner_profile(
    *, organisation: Organisation, description: str, thematiques, communes, expected_version
) -> PartnerProfile:
    """What a partner does and where; `expected_version` 0 when no profile existed yet."""
    profile = PartnerProfile.objects.filter(organisation=organisation).first() or PartnerProfile(
        organisation=organisation
    )
    profile.description = description
    save_versioned(profile, expected_version=expected_version)
    profile.thematiques.set(thematiques)
    profile.communes.set(communes)
    return profile


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


# ---- personal data (RGPD) ---------------------------------------------------------------------


def person_data(*, contact: Contact) -> dict:
    """Everything the CTG holds about a person, for a request to access their data."""
    org = contact.organisation
    return {
        "personne": {
            "prenom": contact.first_name,
            "nom": contact.last_name,
            "fonction": contact.function,
            "courriel": contact.email,
            "telephone": contact.phone,
            "organisation": org.name,
            "ctg": org.convention.name,
        },
        "instances": [
            {"instance": seat.instance.name, "role": seat.role}
            for seat in contact.instance_seats.select_related("instance")
        ],
        "reunions": [
            {
                "reunion": inv.meeting.title,
                "date": timezone.localtime(inv.meeting.starts_at).isoformat(),
                "presence": inv.get_attendance_display(),
                "represente_par": inv.represented_by,
                "invitation_envoyee_le": inv.sent_at.isoformat() if inv.sent_at else None,
            }
            for inv in contact.governance_invitations.select_related("meeting")
        ],
        "decisions": [
            {
                "decision": d.text,
                "echeance": d.due_on.isoformat() if d.due_on else None,
                "suivi": d.get_status_display(),
            }
            for d in contact.governance_decisions.all()
        ],
        "agenda_personnel": CalendarToken.objects.filter(
            convention=org.convention, email__iexact=contact.email
        ).exists()
        if contact.email
        else False,
    }


@transaction.atomic
def erase_person(*, contact: Contact) -> Contact:
    """Erase a person's identity but keep the history (seats, attendance, decisions) anonymous."""
    if contact.email:
        CalendarToken.objects.filter(
            convention=contact.organisation.convention, email__iexact=contact.email
        ).delete()
    contact.first_name = ""
    contact.last_name = ""
    contact.email = ""
    contact.phone = ""
    prefix = _("Personne anonymisée")
    if not contact.function.startswith(prefix):
        contact.function = f"{prefix} ({contact.function})"[:150]
    contact.save(update_fields=["first_name", "last_name", "email", "phone", "function"])
    Invitation.objects.filter(contact=contact).exclude(represented_by="").update(
        represented_by=_("(anonymisé)")
    )
    return contact
