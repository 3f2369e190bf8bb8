"""A person's request about their data (RGPD): what the CTG holds about them, or erasing it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Contact

from ..models import CalendarToken, Invitation


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
