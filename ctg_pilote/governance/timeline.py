"""The démarche's rows: the CTG's own phases, or the six CNAF steps offered while it has
recorded none. Dates are labelled by the models (`period_label`), as the source writes them."""

from __future__ import annotations

from dataclasses import dataclass

from .models import CnafPhase, Phase


@dataclass(frozen=True)
class OfferedPhase:
    """One of the six CNAF steps, offered to a CTG that has recorded no phase yet."""

    ref: str
    title: str


def default_phases() -> list[OfferedPhase]:
    return [OfferedPhase(kind.value, str(kind.label)) for kind in CnafPhase]


def phases_of(convention) -> list[Phase]:
    return list(Phase.objects.filter(convention=convention).order_by("position", "id"))
