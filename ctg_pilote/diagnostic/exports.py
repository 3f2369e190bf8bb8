"""Exports of the diagnostic: the comparison table as rows (CSV, XLSX)."""

from __future__ import annotations

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.spreadsheets import workbook_bytes, xlsx_row

from .portrait import comparison, format_value


def comparison_rows(convention: Convention) -> list[list[str]]:
    """Header then one row per indicator: code, one value per area, then year and source.
    An empty cell has no value (not published, or a zero denominator); a partial aggregate
    is followed by its coverage in the "partiel" column."""
    areas, rows = comparison(convention)
    header = ["indicateur"] + [a.label for a in areas] + ["annee", "partiel", "source"]
    out = [header]
    for row in rows:
        partial = [
            f"{area.label} : {agg.covered}/{agg.expected} communes"
            for area, agg in row.cells
            if agg.partial
        ]
        out.append(
            [row.indicator.code]
            + [format_value(row.indicator, agg) for _, agg in row.cells]
            + [
                str(row.year or ""),
                " ; ".join(partial),
                row.source + (" (fictif)" if row.fictif else ""),
            ]
        )
    return out


def comparison_xlsx(convention: Convention) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Comparaison"
    for i, row in enumerate(comparison_rows(convention)):
        if i == 0:
            sheet.append(xlsx_row(row))
            continue
        values = [row[0]]
        for cell in row[1:-3]:
            values.append(float(cell) if cell else None)
        sheet.append(xlsx_row(values + row[-3:]))
    return workbook_bytes(workbook)
