"""Who may do what in the diagnostic. Built on ctg_pilote.conventions.perms."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions import perms
from ctg_pilote.conventions.perms import rule


@rule(perms.MEMBERS_ONLY)
def can_view_diagnostic(user, convention) -> bool:
    """The portrait, the offer, the surveys and the syntheses: every member of the CTG."""
    return perms.can_view(user, convention)


@rule(
    _(
        "Seules la coordination de la CTG et la CAF modifient le diagnostic : l'offre, "
        "les enquêtes et le classement de leurs réponses."
    )
)
def can_edit_diagnostic(user, convention) -> bool:
    """Import a survey, tag free-text answers: the coordination and the CAF."""
    return perms.can_edit(user, convention)


@rule(_("Les contacts de l'offre ne sont visibles que des membres de cette CTG."))
def can_view_offer_contacts(user, convention) -> bool:
    """An offer's contact may name a person: signed-in members only."""
    return perms.can_view_contacts(user, convention)
