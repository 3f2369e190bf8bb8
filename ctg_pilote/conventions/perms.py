"""Who may do what in a CTG. Every view, export and API endpoint asks here, nowhere else.

A person's role in a CTG comes from their Membership; platform administrators (`is_staff`)
may do everything. Functions take the user and the object and return a bool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Membership, Role

if TYPE_CHECKING:
    from .models import Convention

EDITOR_ROLES = frozenset({Role.COORDINATEUR, Role.CAF})


def role_in(user, convention: Convention) -> str | None:
    """The user's role in this CTG, or None. Cached on the user for the request."""
    if not user.is_authenticated or not user.is_active:
        return None
    cache = user.__dict__.setdefault("_ctg_roles", {})
    if convention.pk not in cache:
        cache[convention.pk] = (
            Membership.objects.filter(user=user, convention=convention)
            .values_list("role", flat=True)
            .first()
        )
    return cache[convention.pk]


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def can_view(user, convention: Convention) -> bool:
    """Read the CTG's private pages (everything not published)."""
    return is_admin(user) or role_in(user, convention) is not None


def can_edit(user, convention: Convention) -> bool:
    """Change the convention itself: territory, period, zones, organisations, contacts."""
    return is_admin(user) or role_in(user, convention) in EDITOR_ROLES


def can_view_contacts(user, convention: Convention) -> bool:
    """Contacts are personal data: signed-in members of the CTG only."""
    return can_view(user, convention)


def can_manage_members(user, convention: Convention) -> bool:
    return can_edit(user, convention)


def can_export(user, convention: Convention) -> bool:
    """The exchange document holds contacts and roles: editors only."""
    return can_edit(user, convention)


def can_create_convention(user) -> bool:
    """Platform administrators, and coordinators or CAF advisors of an existing CTG."""
    if is_admin(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(user=user, role__in=EDITOR_ROLES).exists()
