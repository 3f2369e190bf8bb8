"""Changes to what a CTG publishes."""

from __future__ import annotations

from django.db import transaction

from .models import ALL_SECTIONS, Publication


@transaction.atomic
def save_publication(
    *, convention, is_published: bool, introduction: str, sections: list[str]
) -> Publication:
    """Record the coordination's choices; sections keep the page's order whatever the input's."""
    publication, _ = Publication.objects.get_or_create(convention=convention)
    publication.is_published = is_published
    publication.introduction = introduction.strip()
    publication.sections = [s for s in ALL_SECTIONS if s in set(sections)]
    publication.save()
    return publication
