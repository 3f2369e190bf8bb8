"""Changes to what a CTG publishes."""

from __future__ import annotations

from django.db import transaction

from ctg_pilote.core.versioning import save_versioned

from .models import ALL_SECTIONS, Publication


@transaction.atomic
def save_publication(
    *,
    convention,
    is_published: bool,
    introduction: str,
    sections: list[str],
    expected_version: int | None = None,
) -> Publication:
    """Record the coordination's choices; sections keep the page's order whatever the input's.
    Refused (StaleEdit) if someone saved them since `expected_version` (0: never saved)."""
    publication = Publication.objects.filter(convention=convention).first() or Publication(
        convention=convention
    )
    publication.is_published = is_published
    publication.introduction = introduction.strip()
    publication.sections = [s for s in ALL_SECTIONS if s in set(sections)]
    save_versioned(publication, expected_version=expected_version)
    return publication
