"""Date labels at the precision a source gives them, and the démarche's timeline rows."""

from __future__ import annotations

from django.utils import formats

from .models import DatePrecision, Phase, PhaseKind

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


def phases_in_order(convention) -> list[Phase | dict]:
    """The six phases of a CTG, described or not (an undescribed phase is a placeholder)."""
    described = {p.kind: p for p in Phase.objects.filter(convention=convention)}
    return [
        described.get(kind.value) or {"kind": kind.value, "label": kind.label, "empty": True}
        for kind in PhaseKind
    ]


def short_date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""
