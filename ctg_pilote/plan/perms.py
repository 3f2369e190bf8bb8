"""Who may do what on the plan d'action, built on the CTG's roles (conventions.perms).

Coordinators and the CAF edit the whole plan; a partner edits the actions its organisation
pilots, and adds notes and indicator values to those it partners; readers read.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Membership, Role
from ctg_pilote.conventions.perms import MEMBERS_ONLY, can_edit, can_view, role_in, rule

# The fields of an action only the plan's editors change (`can_reassign_action`): a pilot
# partner updates the content of its action, not its place in the plan nor who pilots it.
# The action form disables them and the API refuses a change of them.
EDITOR_ONLY_ACTION_FIELDS = ("number", "node", "pilot")


def _organisation_id(user, convention) -> int | None:
    if role_in(user, convention) != Role.PARTENAIRE:
        return None
    cache = user.__dict__.setdefault("_ctg_plan_orgs", {})
    if convention.pk not in cache:
        cache[convention.pk] = (
            Membership.objects.filter(user=user, convention=convention)
            .values_list("organisation_id", flat=True)
            .first()
        )
    return cache[convention.pk]


@rule(MEMBERS_ONLY)
def can_view_plan(user, convention) -> bool:
    return can_view(user, convention)


@rule(
    _(
        "Seuls la coordination de la CTG et la CAF modifient l'arborescence du plan, "
        "suppriment des actions, gèrent les indicateurs du plan et le figent."
    )
)
def can_edit_plan(user, convention) -> bool:
    """The tree, deleting actions, the plan's own indicators, imports, snapshots."""
    return can_edit(user, convention)


@rule(_("Seuls la coordination de la CTG et la CAF créent des actions."))
def can_create_action(user, convention) -> bool:
    return can_edit_plan(user, convention)


@rule(
    _(
        "Seuls la coordination, la CAF et les organisations partenaires de cette CTG "
        "modifient son plan d'action."
    )
)
def can_write_in_plan(user, convention) -> bool:
    """Write anything in the plan: editors, and partners (each write then asks its own rule:
    a partner writes in the actions its organisation pilots or partners)."""
    return can_edit_plan(user, convention) or _organisation_id(user, convention) is not None


@rule(_("Seuls la coordination, la CAF et l'organisation pilote modifient cette action."))
def can_edit_action(user, action) -> bool:
    if can_edit(user, action.convention):
        return True
    org = _organisation_id(user, action.convention)
    return org is not None and action.pilot_id == org


@rule(
    _(
        "Seuls la coordination de la CTG et la CAF changent le numéro d'une action, "
        "sa place dans le plan et son pilote."
    )
)
def can_reassign_action(user, action) -> bool:
    """Change the `EDITOR_ONLY_ACTION_FIELDS` of an action: the plan's editors."""
    return can_edit_plan(user, action.convention)


@rule(_("Seuls le pilote, ses partenaires, la coordination et la CAF suivent cette action."))
def can_follow_action(user, action) -> bool:
    """Add notes and indicator values; pilots also change status and progress."""
    if can_edit_action(user, action):
        return True
    org = _organisation_id(user, action.convention)
    return org is not None and action.partner_roles.filter(organisation_id=org).exists()


@rule(
    _(
        "Seuls la coordination, la CAF et, pour l'indicateur d'une action, son organisation "
        "pilote modifient cet indicateur."
    )
)
def can_edit_indicator(user, indicator) -> bool:
    """An action's indicator (saved or not): its editors; a node's: the plan's editors."""
    if indicator.action_id:
        return can_edit_action(user, indicator.action)
    return can_edit_plan(user, indicator.convention)


@rule(
    _(
        "Seuls la coordination, la CAF et, pour l'indicateur d'une action, son pilote et ses "
        "partenaires renseignent les valeurs de cet indicateur."
    )
)
def can_record_value(user, indicator) -> bool:
    """Values of an action's indicator: those who follow the action; of a node's: editors."""
    if indicator.action_id:
        return can_follow_action(user, indicator.action)
    return can_edit_plan(user, indicator.convention)


def partner_organisation_id(user, convention) -> int | None:
    """The organisation a partner represents in this CTG; None for other roles."""
    return _organisation_id(user, convention)
