"""The links of the main menu that depend on a person's roles, computed only when a page shows
the menu (signed-in pages) and once per request."""

from django.utils.functional import SimpleLazyObject

from ctg_pilote.conventions.models import Membership, Role
from ctg_pilote.conventions.perms import EDITOR_ROLES, caf_departements


def _menu(user) -> dict:
    if not user.is_authenticated:
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    departements = caf_departements(user)
    return {
        "partner": Role.PARTENAIRE in roles,
        "todo": bool(roles & EDITOR_ROLES) or bool(departements) or user.is_staff,
        "departements": departements,
    }


def role_menu(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"role_menu": SimpleLazyObject(lambda: _menu(user))}
