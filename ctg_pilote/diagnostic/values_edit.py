"""Values per commune typed in the app: one indicator, one year, the CTG's communes. The same
checks as a file import (numbers, masked cells, bounds, no negative count) and one write
service, which records each changed value in the history."""

from __future__ import annotations

import hashlib

from django.db import transaction

from .history import record
from .importer import HIGH, LOW, parse_number
from .models import Dataset, EditKind, Indicator, IndicatorUnit, IndicatorValue
from .writes import write_values


class ValuesRefused(Exception):
    def __init__(self, problems: dict[int, str]):
        self.problems = problems  # commune id -> French message (the grid names the commune)
        super().__init__("; ".join(problems.values()))


class ValuesChanged(Exception):
    """Someone saved values of this grid since it was shown."""


def current_values(indicator: Indicator, year: int, communes) -> dict[int, IndicatorValue]:
    return {
        v.commune_id: v
        for v in IndicatorValue.objects.filter(
            indicator=indicator, year=year, commune__in=communes
        ).select_related("dataset")
    }


def fingerprint(values: dict[int, IndicatorValue]) -> str:
    """Changes whenever a value of the grid changes (the grid's version)."""
    text = ";".join(f"{c}={v.value}@{v.dataset_id}" for c, v in sorted(values.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def parse_cell(text: str, indicator: Indicator) -> float | None:
    """A typed cell read like a file's: "" or "s"/"nd" is "non diffusé"."""
    try:
        value = parse_number(text)
    except ValueError as error:
        raise ValueError(f"« {text.strip()} » n'est pas un nombre") from error
    if value is not None and not LOW <= value <= HIGH:
        raise ValueError(f"valeur hors limites ({text.strip()})")
    if value is not None and value < 0 and indicator.unit == IndicatorUnit.COUNT:
        raise ValueError(f"effectif négatif ({text.strip()})")
    return value


def format_cell(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",")


@transaction.atomic
def save_commune_values(
    *,
    convention,
    user,
    indicator: Indicator,
    year: int,
    source: str,
    cells: dict[int, str],
    expected: str,
    fictitious: bool = False,
) -> int:
    """Check every cell, then write the changed values (all or nothing). `cells` maps a
    commune id of the CTG to the text typed; a cell left empty where no value existed writes
    nothing. Returns the number of values changed."""
    communes = {c.pk: c for c in convention.communes.all()}
    existing = current_values(indicator, year, list(communes))
    if fingerprint(existing) != expected:
        raise ValuesChanged
    problems: dict[int, str] = {}
    changed: list[tuple[int, float | None]] = []
    for commune_id, text in cells.items():
        try:
            value = parse_cell(text, indicator)
        except ValueError as error:
            problems[commune_id] = str(error)
            continue
        old = existing.get(commune_id)
        if old is None and value is None and not text.strip():
            continue
        if old is not None and old.value == value:
            continue
        changed.append((commune_id, value))
    if problems:
        raise ValuesRefused(problems)
    if not changed:
        return 0
    dataset = Dataset.objects.create(
        source=source,
        vintage=str(year),
        file_name=f"saisie dans la CTG {convention.slug}"[:255],
        is_fictitious=fictitious,
    )
    write_values([(indicator.pk, c, year, v) for c, v in changed], dataset=dataset)
    label = f"{indicator.label} {year}"
    shown = {None: "non diffusé"}
    record(
        convention=convention,
        user=user,
        kind=EditKind.VALUE,
        object_id=indicator.pk,
        label=label,
        changes=[
            (
                communes[c].name,
                shown.get(existing[c].value, format_cell(existing[c].value))
                if c in existing
                else "",
                shown.get(v, format_cell(v)) + f" ({source})",
            )
            for c, v in changed
        ],
    )
    return len(changed)
