"""Who may do what in the governance of a CTG; built on `conventions.perms`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions import perms as core
from ctg_pilote.conventions.perms import rule

# Instances, meetings, decisions, calendar, partners: the CTG's members (the core rule).
can_view_governance = core.can_view

# Names and addresses of contacts are personal data: members of the CTG only (the core rule).
can_view_people = core.can_view_contacts


@rule(
    _(
        "Seuls la coordination de la CTG et la CAF gèrent la gouvernance : instances, "
        "réunions, invitations, présences, comptes rendus, décisions et votes."
    )
)
def can_manage_governance(user, convention) -> bool:
    """Create instances and meetings, invite, record attendance, minutes and decisions, votes."""
    return core.can_edit(user, convention)


@rule(
    _(
        "Seuls la coordination de la CTG et la CAF répondent aux demandes d'export ou "
        "d'effacement de données personnelles."
    )
)
def can_handle_personal_data(user, convention) -> bool:
    """Answer a person's request to export or erase their data: the coordination (and the CAF)."""
    return core.can_edit(user, convention)


@rule(_("Ce code de vote est inconnu dans cette CTG."))
def ballot_code_is_valid(ballot, convention) -> bool:
    """A seminar ballot is opened by its code alone (no account): it must belong to this CTG."""
    return ballot is not None and ballot.vote.convention_id == convention.pk


@rule(_("Cette adresse d'agenda est inconnue dans cette CTG."))
def calendar_token_is_valid(token, convention) -> bool:
    """A personal calendar feed is read by a calendar application with its private address."""
    return token is not None and token.convention_id == convention.pk


@rule(_("Aucun vote n'est organisé dans cette CTG."))
def may_enter_ballot_code(user, convention) -> bool:
    """The code page of seminar votes exists once the CTG has a vote (a participant arriving
    after the closing then reads that the vote is closed)."""
    from .models import Vote

    return Vote.objects.filter(convention=convention).exists()
