"""Thématiques in the workbook: written by their French label, read back by label or code.

The exchange document names a thématique by its code ("petite-enfance"); a person reading the
workbook expects its label ("Petite enfance"). Labels are unique (conventions.Thematique), so
a cell of labels or of codes (or of both, case and spaces aside) reads back to the same codes;
a value that is neither is left as written and refused by the section's check, with its row."""

from __future__ import annotations

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.core.fieldvalues import split_list

COLUMN = "Thématiques"
SHEETS = ("Arborescence", "Actions")


def _pairs() -> list[tuple[str, str]]:
    return list(Thematique.objects.values_list("code", "label"))


def with_labels(items: list[dict]) -> list[dict]:
    """The items (nodes or actions) with their thématiques as labels, for writing cells."""
    labels = dict(_pairs())
    return [
        {**item, "thematiques": [labels.get(c, c) for c in item["thematiques"]]}
        if item.get("thematiques")
        else item
        for item in items
    ]


def _code_cell(value, by_name: dict[str, str]):
    if value is None or not str(value).strip():
        return value
    names = split_list(str(value))
    return ", ".join(by_name.get(" ".join(n.split()).lower(), n) for n in names)


def with_codes(tables: dict[str, list[list]]) -> dict[str, list[list]]:
    """The sheets with each Thématiques cell turned into codes (labels or codes read)."""
    by_name: dict[str, str] = {}
    for code, label in _pairs():
        by_name[code.lower()] = code
        by_name[" ".join(label.split()).lower()] = code
    out = dict(tables)
    for title in SHEETS:
        rows = tables.get(title)
        if not rows:
            continue
        header = [str(v).strip() if v is not None else "" for v in rows[0]]
        if COLUMN not in header:
            continue
        i = header.index(COLUMN)
        out[title] = [rows[0]] + [
            [*row[:i], _code_cell(row[i], by_name), *row[i + 1 :]] if i < len(row) else row
            for row in rows[1:]
        ]
    return out
