"""Date labels at the precision a source gives them, and the démarche's rows: the CTG's own
phases, or the six CNAF steps offered while it has recorded none."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats

from .models import CnafPhase, DatePrecision, Phase

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def date_label(value, precision: str = DatePrecision.DAY) -> str:
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return f"{MONTHS[value.month - 1]} {value.year}"
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def period_label(start, end, precision: str) -> str:
    if start and end and end != start:
        if precision == DatePrecision.MONTH and start.year == end.year:
            return f"{MONTHS[start.month - 1]} à {date_label(end, precision)}"
        return f"{date_label(start, precision)} → {date_label(end, precision)}"
    return date_label(start or end, precision)


@dataclass(frozen=True)
class OfferedPhase:
    """One of the six CNAF steps, offered to a CTG that has recorded no phase yet."""

    ref: str
    title: str


def default_phases() -> list[OfferedPhase]:
    return [OfferedPhase(kind.value, str(kind.label)) for kind in CnafPhase]


def phases_of(convention) -> list[Phase]:
    return list(Phase.objects.filter(convention=convention).order_by("position", "id"))


def short_date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""
