"""Who sees the public page and who chooses what it shows."""

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.access import denied_message
from ctg_pilote.conventions.perms import can_edit, can_view


def is_published(convention) -> bool:
    publication = getattr(convention, "publication", None)
    return bool(publication and publication.is_published)


def can_view_public_page(user, convention) -> bool:
    """Anyone once published; before that, the CTG's members see a preview."""
    return is_published(convention) or can_view(user, convention)


def can_view_publication_settings(user, convention) -> bool:
    return can_view(user, convention)


@denied_message(_("Seuls la coordination de la CTG et la CAF choisissent ce qui est publié."))
def can_edit_publication(user, convention) -> bool:
    return can_edit(user, convention)
