"""Who may do what in a CTG. Every view, export and API endpoint asks here, nowhere else.

A person's role in a CTG comes from their Membership; platform administrators (`is_staff`)
may do everything. A rule takes the user and the object and returns a bool; it is declared
with `@rule(message)`, the French sentence shown when it refuses (its `refusal`), so pages and
API give the same reason. The other functions here are helpers the rules are built on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .caf_scopes import in_scope, scoped_departements
from .models import Membership, Role

if TYPE_CHECKING:
    from .models import Convention

EDITOR_ROLES = frozenset({Role.COORDINATEUR, Role.CAF})

# The refusal of every rule that only asks for membership of the CTG.
MEMBERS_ONLY = _("Vous n'êtes pas membre de cette CTG : ses pages ne vous sont pas ouvertes.")


def rule(refusal) -> Callable:
    """Declare a permission function with the sentence shown when it refuses:

    @rule(_("Seuls la coordination de la CTG et la CAF gèrent les membres."))
    def can_manage_members(user, convention): ...
    """

    def decorate(check: Callable[..., bool]) -> Callable[..., bool]:
        check.refusal = refusal
        return check

    return decorate


def role_in(user, convention: Convention) -> str | None:
    """The user's role in this CTG, or None: THE one place a role is looked up.

    A membership of the CTG, else the CAF role when one of the person's CAF scopes covers the
    CTG's département (or EPCI), present and future CTGs alike. Cached on the user for the
    request; between requests, core/request_cache.py hands the next request's user the same dict
    while no write happened (its "user:<id>" revision, bumped by conventions/signals.py).
    """
    if not user.is_authenticated or not user.is_active:
        return None
    cache = getattr(user, "_ctg_roles", None)
    if cache is None:
        cache = user._ctg_roles = {}
    if convention.pk not in cache:
        role = (
            Membership.objects.filter(user=user, convention=convention)
            .values_list("role", flat=True)
            .first()
        )
        if role is None and in_scope(user, convention):
            role = Role.CAF
        cache[convention.pk] = role
    return cache[convention.pk]


def caf_departements(user) -> list[str]:
    """The départements whose departmental view the person opens as a CAF advisor: those of
    their CAF scopes and of the CTGs where they hold the CAF role."""
    if not user.is_authenticated or not user.is_active:
        return []
    held = Membership.objects.filter(user=user, role=Role.CAF).values_list(
        "convention__caf_departement__code", flat=True
    )
    return sorted({*held, *scoped_departements(user)})


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rule(MEMBERS_ONLY)
def can_view(user, convention: Convention) -> bool:
    """Read the CTG's private pages (everything not published)."""
    return is_admin(user) or role_in(user, convention) is not None


@rule(_("Seuls la coordination de la CTG et la CAF peuvent modifier ces informations."))
def can_edit(user, convention: Convention) -> bool:
    """Change the convention itself: territory, period, zones, organisations, contacts."""
    return is_admin(user) or role_in(user, convention) in EDITOR_ROLES


@rule(_("Les contacts ne sont visibles que des membres de cette CTG."))
def can_view_contacts(user, convention: Convention) -> bool:
    """Contacts are personal data: signed-in members of the CTG only."""
    return can_view(user, convention)


@rule(_("Seuls la coordination de la CTG et la CAF gèrent les membres."))
def can_manage_members(user, convention: Convention) -> bool:
    return can_edit(user, convention)


@rule(_("Seuls la coordination de la CTG et la CAF peuvent exporter la CTG."))
def can_export(user, convention: Convention) -> bool:
    """The exchange document holds contacts and roles: editors only."""
    return can_edit(user, convention)


@rule(
    _(
        "Seuls les administrateurs de la plateforme, les coordinateurs et la CAF "
        "peuvent créer une CTG."
    )
)
def can_create_convention(user) -> bool:
    """Platform administrators, and coordinators or CAF advisors of an existing CTG."""
    if is_admin(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        bool(scoped_departements(user))
        or Membership.objects.filter(user=user, role__in=EDITOR_ROLES).exists()
    )
