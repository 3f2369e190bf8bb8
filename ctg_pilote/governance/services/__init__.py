"""Writes of the governance app: one keyword-only function per write, called alike by the
pages, the API and the commands (`from ctg_pilote.governance import services; services.X`).

Every function checks what it is given and raises `ValidationError` with a French message
naming the field; those that take an `expected_version` refuse with `StaleEdit` an edit
started before someone else's save. Deletions go through `core.deletion.delete`.
"""

from .decisions import (
    KEEP,
    check_decision_owner,
    follow_decision,
    record_change,
    record_decision,
)
from .demarche import (
    adopt_default_phases,
    delete_key_date,
    delete_phase,
    delete_scheme_link,
    move_phase,
    save_key_date,
    save_phase,
    save_scheme_link,
)
from .instances import add_instance_member, remove_instance_member, save_instance
from .meetings import (
    add_meeting_document,
    calendar_token,
    cancel_meeting,
    delete_meeting,
    invite,
    invite_instance_members,
    mark_meeting_held,
    meeting_deletion_refusal,
    postpone_meeting,
    record_attendance,
    sanitize_minutes,
    save_minutes,
    schedule_meeting,
    send_invitations,
    update_meeting,
)
from .partners import save_partner_profile
from .personal_data import erase_person, person_data

__all__ = [
    "KEEP",
    "add_instance_member",
    "add_meeting_document",
    "adopt_default_phases",
    "calendar_token",
    "cancel_meeting",
    "check_decision_owner",
    "delete_key_date",
    "delete_meeting",
    "delete_phase",
    "delete_scheme_link",
    "erase_person",
    "follow_decision",
    "invite",
    "invite_instance_members",
    "mark_meeting_held",
    "meeting_deletion_refusal",
    "move_phase",
    "person_data",
    "postpone_meeting",
    "record_attendance",
    "record_change",
    "record_decision",
    "remove_instance_member",
    "sanitize_minutes",
    "save_instance",
    "save_key_date",
    "save_minutes",
    "save_partner_profile",
    "save_phase",
    "save_scheme_link",
    "schedule_meeting",
    "send_invitations",
    "update_meeting",
]
