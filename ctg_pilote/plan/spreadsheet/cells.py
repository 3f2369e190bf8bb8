"""Reading spreadsheet cells: a reader that collects French problems naming the sheet, the
row and the column, and turns cells into numbers, dates, yes/no and codes."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ctg_pilote.core.fieldvalues import CellError, date_cell, yes_cell
from ctg_pilote.core.validators import field_problem

# Columns added after workbooks were already in use: a sheet without them still reads.
OPTIONAL_COLUMNS = frozenset({("Actions", "Référence"), ("Arborescence", "Exemples d'actions")})


class SheetError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Reader:
    def __init__(self):
        self.problems: list[str] = []

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"Feuille « {sheet} »"
        if row:
            where += f", ligne {row}"
        if column:
            where += f", colonne « {column} »"
        self.problems.append(f"{where} : {message}")

    def rows(self, rows: list[list], spec, extra=()) -> list[tuple[int, dict]]:
        title, headers = spec
        expected = [*headers, *extra]
        if not rows:
            self.error(title, None, None, "feuille vide : la ligne d'en-têtes manque")
            return []
        found = [str(v).strip() if v is not None else "" for v in rows[0]]
        while found and not found[-1]:
            found.pop()
        missing = [h for h in expected if h not in found and (title, h) not in OPTIONAL_COLUMNS]
        unknown = [h for h in found if h not in expected]
        for h in missing:
            self.error(title, 1, h, "colonne manquante (ou renommée)")
        for h in unknown:
            self.error(title, 1, h, "colonne inconnue : les en-têtes du modèle ne se renomment pas")
        if missing or unknown:
            return []
        out = []
        for number, values in enumerate(rows[1:], start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            out.append(
                (number, {h: values[i] if i < len(values) else None for i, h in enumerate(found)})
            )
        return out

    def text(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def number(self, sheet, row, column, value, *, field=None, integer=False):
        """The cell as a finite number that fits the model field `field` (when given), else
        None and a problem."""
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = Decimal(str(value))
        else:
            raw = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
            try:
                number = Decimal(raw.replace(",", "."))
            except InvalidOperation:
                self.error(sheet, row, column, f"nombre illisible : « {value} »")
                return None
        if not number.is_finite():
            self.error(sheet, row, column, f"nombre fini attendu : « {value} »")
            return None
        if field is not None and not self.fits(sheet, row, column, field, number, shown=value):
            return None
        if integer:
            if number != number.to_integral_value():
                self.error(sheet, row, column, f"nombre entier attendu : « {value} »")
                return None
            return int(number)
        return int(number) if number == number.to_integral_value() else float(number)

    def fits(self, sheet, row, column, field, value, *, shown=None) -> bool:
        if problem := field_problem(field, value, shown=shown):
            self.error(sheet, row, column, problem)
            return False
        return True

    def date(self, sheet, row, column, value, *, field) -> str | None:
        """The cell as an ISO date that fits the model field `field`, else None and a problem."""
        if value is None or str(value).strip() == "":
            return None
        try:
            return date_cell(field, value)
        except CellError as error:
            self.error(sheet, row, column, str(error))
            return None

    def yes(self, sheet, row, column, value) -> bool:
        try:
            return yes_cell(value)
        except CellError as error:
            self.error(sheet, row, column, str(error))
            return False
