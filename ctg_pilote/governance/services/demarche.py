"""Writes of the démarche: its phases and key dates, and the links with other schemes."""

from __future__ import annotations

from django.db import transaction

from ctg_pilote.core import deletion
from ctg_pilote.core.versioning import Versioned, save_versioned

from ..models import KeyDate, Phase, SchemeLink


def _save(obj: Versioned, *, expected_version: int | None, values: dict) -> Versioned:
    for name, value in values.items():
        setattr(obj, name, value)
    return save_versioned(obj, expected_version=expected_version)


@transaction.atomic
def save_phase(*, phase: Phase, expected_version: int | None, values: dict) -> Phase:
    """Create or change a phase of the démarche (`values`: model field -> value); refused
    (StaleEdit) if someone saved it since `expected_version` (0: not created yet)."""
    return _save(phase, expected_version=expected_version, values=values)


@transaction.atomic
def save_key_date(*, key_date: KeyDate, expected_version: int | None, values: dict) -> KeyDate:
    """Create or change a key date of the démarche; StaleEdit as `save_phase`."""
    return _save(key_date, expected_version=expected_version, values=values)


def delete_key_date(*, key_date: KeyDate) -> None:
    deletion.delete(obj=key_date)


@transaction.atomic
def save_scheme_link(*, link: SchemeLink, expected_version: int | None, values: dict) -> SchemeLink:
    """Create or change a link with another scheme; StaleEdit as `save_phase`."""
    return _save(link, expected_version=expected_version, values=values)


def delete_scheme_link(*, link: SchemeLink) -> None:
    deletion.delete(obj=link)
