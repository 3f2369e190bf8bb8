"""Who may do what in the pilotage, built on the CTG's roles (conventions.perms).

Every member reads the dashboard, the bilans and the evaluation; the coordination and the
CAF write the bilans' narratives and the judgements. The departmental view lists only the
CTGs where the person holds a role (all of them for platform administrators).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.conventions.perms import (
    MEMBERS_ONLY,
    caf_departements,
    can_edit,
    can_view,
    is_admin,
    rule,
)


@rule(MEMBERS_ONLY)
def can_view_pilotage(user, convention) -> bool:
    return can_view(user, convention)


@rule(_("Seules la coordination de la CTG et la CAF rédigent les bilans."))
def can_write_bilan(user, convention) -> bool:
    return can_edit(user, convention)


@rule(
    _(
        "Seules la coordination de la CTG et la CAF marquent un bilan comme présenté au "
        "comité de pilotage."
    )
)
def can_adopt_bilan(user, convention) -> bool:
    """Whoever writes the bilans records their adoption (never edited afterwards)."""
    return can_write_bilan(user, convention)


@rule(_("Seules la coordination de la CTG et la CAF évaluent les résultats attendus."))
def can_evaluate(user, convention) -> bool:
    return can_edit(user, convention)


def followed_conventions(user):
    """The CTGs a person follows: all for administrators, else those where they hold a role."""
    return Convention.objects.for_user(user)


@rule(_("Cette vue est réservée à la CAF du département et aux administrateurs."))
def can_view_departement(user, code: str) -> bool:
    """Administrators, and CAF advisors of this département (a CAF scope, or the CAF role in
    one of its CTGs)."""
    return is_admin(user) or code in caf_departements(user)
