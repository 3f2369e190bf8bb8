"""Who may do what on the plan d'action, built on the CTG's roles (conventions.perms).

Coordinators and the CAF edit the whole plan; a partner edits the actions its organisation
pilots, and adds notes and indicator values to those it partners; readers read.
"""

from __future__ import annotations

from ctg_pilote.conventions.models import Membership, Role
from ctg_pilote.conventions.perms import can_edit, can_view, role_in


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


def can_view_plan(user, convention) -> bool:
    return can_view(user, convention)


def can_edit_plan(user, convention) -> bool:
    """The tree, new actions, imports, snapshots."""
    return can_edit(user, convention)


def can_edit_action(user, action) -> bool:
    if can_edit(user, action.convention):
        return True
    org = _organisation_id(user, action.convention)
    return org is not None and action.pilot_id == org


def can_follow_action(user, action) -> bool:
    """Add notes and indicator values; pilots also change status and progress."""
    if can_edit_action(user, action):
        return True
    org = _organisation_id(user, action.convention)
    return org is not None and action.partner_roles.filter(organisation_id=org).exists()


def partner_organisation_id(user, convention) -> int | None:
    """The organisation a partner represents in this CTG; None for other roles."""
    return _organisation_id(user, convention)
