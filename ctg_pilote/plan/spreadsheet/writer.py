"""Writing the plan as a workbook (XLSX) or a CSV of actions.

The workbook is a view of the `plan` section of the exchange document: reading it builds that
section (keeping what the workbook does not carry: history, snapshots), which is then checked
and written by the same code as an exchange import. Errors name the sheet, row and column.
"""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ctg_pilote.core import spreadsheets
from ctg_pilote.core.fieldvalues import NO, YES

from ..models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    NOTE_FIELDS,
)
from .thematiques import with_labels

# The columns of the Tree, Actions and Indicators sheets are those the models declare
# (NODE_FIELDS, ACTION_FIELDS, INDICATOR_FIELDS), in their order.
TREE = ("Arborescence", NODE_FIELDS.columns())
# The Actions sheet's columns are those ACTION_FIELDS declares, in its order.
ACTIONS = ("Actions", ACTION_FIELDS.columns())
INDICATORS = ("Indicateurs", INDICATOR_FIELDS.columns())
VALUES = ("Valeurs", ["Indicateur", "Année", "Valeur", "Commentaire", "Source", "Fictif"])
BUDGET = ("Budget", ["Action", *BUDGET_LINE_FIELDS.columns()])
NOTES = ("Notes", ["Action", *NOTE_FIELDS.columns()])


# Column widths (in characters): fitted to the longest line of a column, header included,
# within these bounds; a longer text wraps in its cell.
MIN_WIDTH, MAX_WIDTH = 8, 60


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_columns(ws) -> None:
    """Widths fitted to the content (bounded), a frozen header and a filter on every column;
    a cell wider than the bound wraps."""
    for column in ws.iter_cols():
        width = min(max(MIN_WIDTH, *(_width(c.value) for c in column)) + 2, MAX_WIDTH)
        ws.column_dimensions[column[0].column_letter].width = width
        for cell in column[1:]:
            if _width(cell.value) + 2 > MAX_WIDTH or "\n" in str(cell.value or ""):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    spreadsheets.print_ready(ws, fit_width=ws.max_column <= 12)


def _lines(values) -> str:
    return "\n".join(values)


def _yes(value: bool) -> str:
    return YES if value else NO


def _iso_to_date(value: str | None):
    return datetime.date.fromisoformat(value) if value else None


def _target_columns(convention) -> list[str]:
    return [f"Cible {y}" for y in range(convention.start_year, convention.end_year + 1)]


def _territory_cells(a: dict) -> list:
    territory = a.get("territoire")
    return [
        _yes(territory is None),
        _lines((territory or {}).get("zones", [])),
        ", ".join((territory or {}).get("communes", [])),
    ]


def _partner_cells(a: dict) -> list:
    return [
        _lines(
            f"{p['organisation']} : {p.get('role', '')}".rstrip(" :")
            for p in a.get("partenaires", [])
        )
    ]


def _milestone_cells(a: dict) -> list:
    return [
        _lines(
            f"{_iso_to_date(m['date']):%d/%m/%Y} {'[x] ' if m.get('atteint') else ''}{m['titre']}"
            for m in a.get("jalons", [])
        )
    ]


def _baseline_cells(i: dict) -> list:
    baseline = i.get("depart", {})
    return [baseline.get("valeur"), baseline.get("annee")]


# The cells of the keys ACTION_FIELDS leaves to hand-written code.
ACTION_COMPOSITES = {
    "territoire": _territory_cells,
    "partenaires": _partner_cells,
    "jalons": _milestone_cells,
}


# ---- writing ---------------------------------------------------------------------------------


def build_workbook(convention, section: dict | None) -> Workbook:
    """The workbook of a plan section (None: the blank template)."""
    section = section or {}
    levels = section.get("niveaux", [])
    wb = Workbook()
    wb.remove(wb.active)

    def sheet(spec, rows, extra_headers=()):
        title, headers = spec
        ws = wb.create_sheet(title)
        ws.append([*headers, *extra_headers])
        for cell in ws[1]:
            cell.font = Font(name="Calibri", bold=True)
        for row in rows:
            ws.append(spreadsheets.xlsx_row(row))
        fit_columns(ws)
        return ws

    def level_name(n: dict) -> list:
        depth = len(n["numero"].split("."))
        return [levels[depth - 1] if len(levels) >= depth else ""]

    sheet(
        TREE,
        [
            NODE_FIELDS.cells(n, {"niveau_nom": level_name})
            for n in with_labels(section.get("noeuds", []))
        ],
    )
    action_rows, budget_rows, note_rows = [], [], []
    for a in with_labels(section.get("actions", [])):
        action_rows.append(ACTION_FIELDS.cells(a, ACTION_COMPOSITES))
        for b in a.get("budget", []):
            budget_rows.append(
                [a.get("ref") or a.get("numero", ""), *BUDGET_LINE_FIELDS.cells(b, {})]
            )
        for n in a.get("notes", []):
            note_rows.append([a.get("ref") or a.get("numero", ""), *NOTE_FIELDS.cells(n, {})])
    ws = sheet(ACTIONS, action_rows)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    target_cols = _target_columns(convention)
    indicator_rows, value_rows = [], []
    for i in section.get("indicateurs", []):
        targets = {t["annee"]: t["valeur"] for t in i.get("cibles", [])}
        indicator_rows.append(
            [
                *INDICATOR_FIELDS.cells(i, {"depart": _baseline_cells}),
                *[targets.get(int(c.split()[1])) for c in target_cols],
            ]
        )
        for v in i.get("valeurs", []):
            value_rows.append(
                [
                    i["ref"],
                    v["annee"],
                    v["valeur"],
                    v.get("commentaire", ""),
                    v.get("source", ""),
                    _yes(v.get("fictif", False)),
                ]
            )
    sheet(INDICATORS, indicator_rows, target_cols)
    sheet(VALUES, value_rows)
    sheet(BUDGET, budget_rows)
    ws = sheet(NOTES, note_rows)
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    return wb


def workbook_bytes(wb: Workbook) -> bytes:
    return spreadsheets.workbook_bytes(wb)


def actions_csv(convention, section: dict) -> bytes:
    """The Actions sheet for French Excel: ';' separated, UTF-8 with a BOM, dd/mm/yyyy dates."""
    ws = build_workbook(convention, section)[ACTIONS[0]]
    out = io.StringIO()
    writer = spreadsheets.csv_writer(out, delimiter=";", lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        writer.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)
