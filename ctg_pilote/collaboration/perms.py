"""Who may comment, follow and read the activity, built on the CTG's roles (conventions.perms).

Every member reads comments and the feed and follows objects; coordinators, the CAF and
partners comment; only its author edits or deletes a comment.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Role
from ctg_pilote.conventions.perms import MEMBERS_ONLY, can_view, is_admin, role_in, rule

COMMENTING_ROLES = frozenset({Role.COORDINATEUR, Role.CAF, Role.PARTENAIRE})


@rule(MEMBERS_ONLY)
def can_view_activity(user, convention) -> bool:
    """Comments, the feed, following an object."""
    return can_view(user, convention)


@rule(_("Seuls la coordination, la CAF et les partenaires de cette CTG commentent."))
def can_comment(user, convention) -> bool:
    return is_admin(user) or role_in(user, convention) in COMMENTING_ROLES


@rule(_("Seul l'auteur d'un commentaire le modifie ou le supprime."))
def can_change_comment(user, comment) -> bool:
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and can_comment(user, comment.convention)
    )
