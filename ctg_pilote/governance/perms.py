"""Who may do what in the governance of a CTG; built on `conventions.perms`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions import perms as core
from ctg_pilote.conventions.access import denied_message

# The governance rules are the core ones; the aliases keep the core's names, so that
# `convention_view` shows the matching French message on a refusal (it looks them up by name).

# Instances, meetings, decisions, calendar, partners: the CTG's members.
can_view_governance = core.can_view

# Create instances and meetings, invite, record attendance, minutes and decisions, run votes.
can_manage_governance = core.can_edit

# Names and addresses of contacts are personal data: members of the CTG only.
can_view_people = core.can_view_contacts

# Answer a person's request to export or erase their data: the coordination (and the CAF).
can_handle_personal_data = core.can_edit


def ballot_code_is_valid(ballot, convention) -> bool:
    """A seminar ballot is opened by its code alone (no account): it must belong to this CTG."""
    return ballot is not None and ballot.vote.convention_id == convention.pk


def calendar_token_is_valid(token, convention) -> bool:
    """A personal calendar feed is read by a calendar application with its private address."""
    return token is not None and token.convention_id == convention.pk


@denied_message(_("Aucun vote n'est organisé dans cette CTG."))
def may_enter_ballot_code(user, convention) -> bool:
    """The code page of seminar votes exists once the CTG has a vote (a participant arriving
    after the closing then reads that the vote is closed)."""
    from .models import Vote

    return Vote.objects.filter(convention=convention).exists()
