"""Writes of the démarche: its phases and key dates, and the links with other schemes."""

from __future__ import annotations

from django.db import transaction

from ctg_pilote.core import deletion
from ctg_pilote.core.versioning import Versioned, save_versioned

from ..models import CnafPhase, KeyDate, Phase, SchemeLink
from .common import check_same_convention


def _save(obj: Versioned, *, expected_version: int | None, values: dict) -> Versioned:
    for name, value in values.items():
        setattr(obj, name, value)
    return save_versioned(obj, expected_version=expected_version)


@transaction.atomic
def save_phase(*, phase: Phase, expected_version: int | None, values: dict) -> Phase:
    """Create or change a phase of the démarche (`values`: model field -> value); refused
    (StaleEdit) if someone saved it since `expected_version` (0: not created yet). A new
    phase goes last."""
    if phase.pk is None and not phase.position:
        phase.position = Phase.objects.filter(convention=phase.convention).count()
    return _save(phase, expected_version=expected_version, values=values)


def delete_phase(*, phase: Phase) -> None:
    """Remove a phase; its key dates stay, attached to no phase."""
    deletion.delete(obj=phase)


@transaction.atomic
def move_phase(*, phase: Phase, step: int) -> None:
    """Move a phase up (step -1) or down (+1) in the CTG's order; the order is renumbered."""
    phases = list(
        Phase.objects.select_for_update()
        .filter(convention_id=phase.convention_id)
        .order_by("position", "id")
    )
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    target = min(max(index + step, 0), len(phases) - 1)
    phases.insert(target, phases.pop(index))
    for position, p in enumerate(phases):
        if p.position != position:
            Phase.objects.filter(pk=p.pk).update(position=position)


@transaction.atomic
def adopt_default_phases(*, convention) -> list[Phase]:
    """Record the six CNAF steps as the CTG's phases, when it has none yet."""
    if Phase.objects.filter(convention=convention).exists():
        return []
    return [
        save_versioned(
            Phase(convention=convention, ref=kind.value, title=str(kind.label), position=i),
            expected_version=0,
        )
        for i, kind in enumerate(CnafPhase)
    ]


@transaction.atomic
def save_key_date(*, key_date: KeyDate, expected_version: int | None, values: dict) -> KeyDate:
    """Create or change a key date of the démarche; StaleEdit as `save_phase`. A new step goes
    last in the list (its date places it in time)."""
    if key_date.pk is None and not key_date.position:
        key_date.position = KeyDate.objects.filter(convention=key_date.convention).count()
    return _save(key_date, expected_version=expected_version, values=values)


def delete_key_date(*, key_date: KeyDate) -> None:
    deletion.delete(obj=key_date)


@transaction.atomic
def save_scheme_link(
    *, link: SchemeLink, expected_version: int | None, values: dict, relations: dict | None = None
) -> SchemeLink:
    """Create or change a link with another scheme, and the plan actions and nodes it concerns
    (`relations`: "actions"/"nodes" -> objects of the same CTG); StaleEdit as `save_phase`."""
    saved = _save(link, expected_version=expected_version, values=values)
    for name, objects in (relations or {}).items():
        objects = list(objects)
        for obj in objects:
            check_same_convention(saved.convention, **{name: obj})
        getattr(saved, name).set(objects)
    return saved


def delete_scheme_link(*, link: SchemeLink) -> None:
    deletion.delete(obj=link)
