"""Writes of the partners' directory: what a partner does and where."""

from __future__ import annotations

from django.db import transaction

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.core.versioning import save_versioned

from ..models import PartnerProfile


@transaction.atomic
def save_partner_profile(
    *, organisation: Organisation, description: str, thematiques, communes, expected_version
) -> PartnerProfile:
    """What a partner does and where; `expected_version` 0 when no profile existed yet."""
    profile = PartnerProfile.objects.filter(organisation=organisation).first() or PartnerProfile(
        organisation=organisation
    )
    profile.description = description
    save_versioned(profile, expected_version=expected_version)
    profile.thematiques.set(thematiques)
    profile.communes.set(communes)
    return profile
