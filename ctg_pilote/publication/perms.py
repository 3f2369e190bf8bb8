"""Who sees the public page and who chooses what it shows."""

from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.perms import MEMBERS_ONLY, can_edit, can_view, rule


def is_published(convention) -> bool:
    publication = getattr(convention, "publication", None)
    return bool(publication and publication.is_published)


@rule(_("Cette CTG n'a pas de page publique."))
def can_view_public_page(user, convention) -> bool:
    """Anyone once published; before that, the CTG's members see a preview."""
    return is_published(convention) or can_view(user, convention)


@rule(MEMBERS_ONLY)
def can_view_publication_settings(user, convention) -> bool:
    return can_view(user, convention)


@rule(_("Seuls la coordination de la CTG et la CAF choisissent ce qui est publié."))
def can_edit_publication(user, convention) -> bool:
    return can_edit(user, convention)
