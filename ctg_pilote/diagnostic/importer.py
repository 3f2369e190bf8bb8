"""Import indicator values from the files coordinators download, as published.

The layout is recognised from the header (`layouts.py`): the CAF's data.caf.fr exports
(field names or French labels), INSEE "base communale" and FiLoSoFi files (CODGEO then
P21_POP0014, C21_FAMMONO, MED21, TP6021…: the year comes from the column), INSEE Melodi's
long files, or any file with a commune code, a year and CAF column names.

Commune values go to `IndicatorValue`; values a source publishes for an EPCI or a
département go to `PublishedValue` (pages prefer them for medians and rates). A masked
cell (empty, "s", "nd", "secret"…) is stored as "non diffusé" (None), never as zero. Rows
that are no place (XX, XXX, 99999 residents abroad, XXXXX unknown commune) are skipped and
counted; Paris, Lyon and Marseille arrondissements are summed into their commune for counts.
Unknown communes are skipped and reported with their line numbers; wrong columns,
unreadable numbers, negative counts and duplicates stop the import. Everything is checked
first, then written in one transaction by `writes.py` (executemany, COPY on PostgreSQL).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import chain, repeat
from operator import itemgetter, lt
from pathlib import Path

from django.db import transaction

from ctg_pilote.core import validators as bounds
from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from . import qpv
from .import_plan import CAF_SOURCE, INSEE_SOURCE, Plan, make_plan
from .import_report import IndicatorImportError, IndicatorImportReport, UnknownCommune
from .layouts import normalise
from .models import Dataset, Indicator
from .readers import ReadError, read_table
from .writes import write_published, write_values

__all__ = [
    "CAF_SOURCE",
    "INSEE_SOURCE",
    "IndicatorImportError",
    "IndicatorImportReport",
    "import_indicator_file",
    "normalise",
    "parse_number",
    "write_values",
]

MASKED = frozenset({"", "s", "nd", "n.d.", "n.d", "secret", "nc", "n.c.", "ns", "x", "-"})
PLACEHOLDERS = frozenset({"", "XX", "XXX", "XXXXX", "99999", "ZZZZZ"})
ARRONDISSEMENTS = {"751": "75056", "693": "69123", "132": "13055"}
MAX_ERRORS = 50
LOW, HIGH = float(-bounds.MEASURE_MAX), float(bounds.MEASURE_MAX)
_BAD = object()  # a cell that is not a number (already reported)


def parse_number(text: str) -> float | None:
    """'1 234,5' -> 1234.5; a masked cell -> None; anything else raises ValueError."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned.lower() in MASKED:
        return None
    return float(cleaned.replace(",", "."))


def _float_or_text(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _commune_code(text: str) -> str:
    code = text.strip().upper()
    if code.isdigit() and len(code) == 4:  # a spreadsheet dropped the leading zero
        code = "0" + code
    return code


def _year(text: str) -> int | None:
    match = re.search(r"(19|20)\d\d", text or "")
    return int(match.group(0)) if match else None


def _level_of(code: str, geo_object: str | None) -> str | None:
    """commune, arrondissement, epci, departement; None for other levels (région, France)."""
    if geo_object is not None:
        return {"COM": "commune", "ARM": "arm", "EPCI": "epci", "DEP": "departement"}.get(
            geo_object.strip().upper()
        )
    if len(code) == 9 and code.isdigit():
        return "epci"
    if len(code) in (2, 3):
        return "departement"
    if code[:3] in ARRONDISSEMENTS and code not in ARRONDISSEMENTS.values():
        return "arm"
    return "commune"


class _Reader:
    """One pass over the rows: checks every cell, collects the rows to write."""

    def __init__(self, plan: Plan, places: dict[str, dict[str, int | str]], name: str):
        self.plan = plan
        self.places = places
        self.name = name
        self.problems: list[str] = []
        self.unknown: dict[str, list[int]] = {}
        self.first_line: dict[tuple, int] = {}
        self.commune_rows: list[tuple] = []  # filled by finish()
        self.by_indicator: dict[int, list[tuple]] = {}
        self.row_years: set[int | None] = set()
        self.published_rows: list[tuple] = []
        self.arrondissements: dict[tuple, float | None] = {}
        self.years: set[int] = set()
        self.used: set[int] = set()
        self.masked = 0
        self.placeholders = 0
        self.other_rows = 0
        self.wide: list[tuple] = []  # (line, commune id, year, cells) of a wide file
        self.ordered = True  # commune rows in the order of the unique index

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def read(self, number: int, cells: list[str]) -> None:
        plan = self.plan
        width = len(cells)
        code = _commune_code(cells[plan.code_index] if plan.code_index < width else "")
        if code in PLACEHOLDERS or set(code) == {"X"}:
            self.placeholders += 1
            return
        geo_object = None
        if plan.level_index is not None:
            geo_object = cells[plan.level_index] if plan.level_index < width else ""
        level = plan.level or _level_of(code, geo_object)
        if level == "commune" and code[:3] in ARRONDISSEMENTS and code not in self.places[level]:
            level = "arm"
        if level is None:
            self.other_rows += 1
            return
        row_year = None
        if plan.year_index is not None:
            row_year = _year(cells[plan.year_index] if plan.year_index < width else "")
            if row_year is None and plan.needs_year:
                text = cells[plan.year_index] if plan.year_index < width else ""
                self.problem(
                    f"ligne {number}, colonne {plan.header[plan.year_index]} : année "
                    f"illisible « {text} »"
                )
                return
        columns = plan.columns
        dimension_value = ""
        if plan.dimension_index is not None:
            dimension_value = (
                cells[plan.dimension_index] if plan.dimension_index < width else ""
            ).strip()
            indicator = plan.dimension_map.get(dimension_value.lower())
            if indicator is None or any(
                (cells[i] if i < width else "").strip() not in ("_T", "")
                for i in plan.total_filters
            ):
                self.other_rows += 1
                return
            columns = [(plan.value_index, plan.header[plan.value_index], indicator, None, True)]
        key = (level, code, row_year, dimension_value)
        if key in self.first_line:
            self.problem(
                f"ligne {number} : {_where(level, code)}"
                + (f" en {row_year}" if row_year else "")
                + (f" ({dimension_value})" if dimension_value else "")
                + f" déjà présente ligne {self.first_line[key]} (les valeurs ne sont pas "
                "additionnées)"
            )
            return
        self.first_line[key] = number
        target = self.places[level].get(code) if level != "arm" else ARRONDISSEMENTS[code[:3]]
        if target is None:
            self.unknown.setdefault(code or "(vide)", []).append(number)
            return
        self._values(number, cells, columns, level, target, row_year)

    def _values(self, number, cells, columns, level, target, row_year) -> None:
        width = len(cells)
        if columns is self.plan.columns:
            self.row_years.add(row_year)  # years and indicators are read off the plan at the end
            if level == "commune":  # the common case: read column by column in convert()
                self.wide.append((number, target, row_year, cells))
                return
        else:
            self.years.update(c[3] or row_year for c in columns)
            self.used.update(c[2] for c in columns)
        by_indicator = self.by_indicator
        for index, name, indicator, column_year, count in columns:
            text = cells[index] if index < width else ""
            try:
                value = float(text.replace(",", "."))  # most cells: "1234,5" or "1234.5"
            except ValueError:
                value = self._slow_number(number, name, text)
                if value is _BAD:
                    continue
            if value is None:
                self.masked += 1
            elif not LOW <= value <= HIGH or (count and value < 0):
                self._refuse_value(number, name, text, value)
                continue
            year = column_year or row_year
            if level == "commune":
                self.ordered = False
                rows = by_indicator.get(indicator)
                if rows is None:
                    rows = by_indicator[indicator] = []
                rows.append((indicator, target, year, value))
            elif level == "arm":
                if count:
                    key = (indicator, target, year)
                    known = self.arrondissements.get(key, 0.0)
                    self.arrondissements[key] = (
                        None if known is None or value is None else known + value
                    )
            else:
                self.published_rows.append((indicator, level, target, year, value))

    def convert(self) -> None:
        """The commune rows of a wide file, one column at a time: each cell goes through one
        float() called by map(); only the cells it refuses (masked, spaces, not a number)
        and, if a value is out of bounds, the whole column take the slow path."""
        pending, self.wide = self.wide, []
        if not pending:
            return
        columns = self.plan.columns
        width = len(self.plan.header)
        numbers = [p[0] for p in pending]
        targets = [p[1] for p in pending]
        row_years = [p[2] for p in pending]
        rows = [p[3] if len(p[3]) >= width else p[3] + [""] * (width - len(p[3])) for p in pending]
        indicators = [c[2] for c in columns]
        # One year and one column per indicator: each column's rows are put in commune order
        # (one permutation for all), so no sort of every row is needed before writing.
        order = None
        if len(set(row_years)) == 1 and len(set(indicators)) == len(indicators):
            if not all(map(lt, targets, targets[1:])):
                order = sorted(range(len(targets)), key=targets.__getitem__)
                targets = list(map(targets.__getitem__, order))
        else:
            self.ordered = False
        for index, name, indicator, column_year, count in columns:
            if len(self.problems) >= MAX_ERRORS:
                return
            texts = list(map(itemgetter(index), rows))
            values = list(map(_float_or_text, [t.replace(",", ".") for t in texts]))
            for k in [k for k, v in enumerate(values) if v.__class__ is str]:
                values[k] = self._slow_number(numbers[k], name, texts[k])
            self.masked += values.count(None)
            present = [v for v in values if v.__class__ is float]
            total = sum(present)  # NaN if a cell is "nan"
            low = 0.0 if count else LOW
            if total != total or (present and (min(present) < low or max(present) > HIGH)):
                self._column_bounds(numbers, name, texts, values, count)
            if self.problems:
                continue  # the file is refused: no rows to build
            if order:
                values = list(map(values.__getitem__, order))
            years = repeat(column_year) if column_year else row_years
            rows_of = self.by_indicator.setdefault(indicator, [])
            rows_of.extend(zip(repeat(indicator), targets, years, values))

    def _column_bounds(self, numbers, name, texts, values, count) -> None:
        for k, value in enumerate(values):
            if value.__class__ is float and (not LOW <= value <= HIGH or (count and value < 0)):
                self._refuse_value(numbers[k], name, texts[k], value)

    def _slow_number(self, number: int, name: str, text: str):
        try:
            return parse_number(text)
        except ValueError:
            self.problem(f"ligne {number}, colonne {name} : « {text.strip()} » n'est pas un nombre")
            return _BAD

    def _refuse_value(self, number: int, name: str, text: str, value: float) -> None:
        if not LOW <= value <= HIGH:
            self.problem(
                f"{self.name}, ligne {number}, colonne {name} : valeur hors limites "
                f"({text.strip()})"
            )
        else:
            self.problem(f"ligne {number}, colonne {name} : effectif négatif ({text.strip()})")

    def finish(self, commune_ids: dict[str, int]) -> None:
        """Rows of every indicator in one list (each indicator's rows together, in the order
        of the unique index for a file sorted by commune); arrondissements summed into their
        commune, unless the file has the commune itself."""
        for row_year in self.row_years:
            self.years.update(c[3] or row_year for c in self.plan.columns)
            self.used.update(c[2] for c in self.plan.columns)
        self.commune_rows = list(chain.from_iterable(self.by_indicator.values()))
        present = {(r[0], r[1], r[2]) for r in self.commune_rows} if self.arrondissements else ()
        for (indicator, code, year), value in self.arrondissements.items():
            commune = commune_ids.get(code)
            if commune is None:
                self.unknown.setdefault(code, [])
            elif (indicator, commune, year) not in present:
                self.commune_rows.append((indicator, commune, year, value))
                self.ordered = False


def _where(level: str, code: str) -> str:
    return {"epci": "EPCI", "departement": "département"}.get(level, "commune") + f" {code}"


def _places(geography: Vintage) -> dict[str, dict]:
    return {
        "commune": dict(
            Commune.objects.filter(vintage=geography).values_list("code", "pk").iterator()
        ),
        "epci": {
            s: s for s in Epci.objects.filter(vintage=geography).values_list("siren", flat=True)
        },
        "departement": {
            c: c
            for c in Departement.objects.filter(vintage=geography).values_list("code", flat=True)
        },
        "arm": {},
    }


@contextmanager
def _without_cycle_collector() -> Iterator[None]:
    """The cyclic garbage collector paused while a file's rows are read, checked and written:
    a national file makes millions of lists and tuples that hold no cycle, which the
    collector would otherwise walk again and again as they pile up. Reference counting still
    frees everything; the collector runs again as before afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_file(path: Path, upload: bool, name: str):
    try:
        return read_table(path, upload=upload, name=name)
    except ReadError as error:
        raise IndicatorImportError([f"{name} : {error}"]) from error


def import_indicator_file(
    path: Path,
    *,
    dry_run: bool = False,
    source: str = "",
    vintage_label: str = "",
    fictitious: bool = False,
    geography: Vintage | None = None,
    progress: Callable[[int], None] | None = None,
    upload: bool = False,
    name: str = "",
) -> IndicatorImportReport:
    """Check the whole file, then write its values in one transaction (unless dry_run).

    A long import can run outside a request: it needs only the path and these options."""
    path = Path(path)
    name = name or path.name
    table = _read_file(path, upload, name)
    if not Indicator.objects.exists():
        from .catalogue import ensure_catalogue

        ensure_catalogue()
    geography = geography or Vintage.objects.current()
    if geography is None:
        raise IndicatorImportError(["référentiel des territoires absent : ctg load_territories"])
    if qpv.is_qpv_list(table.header):
        return qpv.import_qpv_list(
            table,
            name=name,
            dry_run=dry_run,
            source=source,
            vintage_label=vintage_label,
            fictitious=fictitious,
            geography=geography,
        )
    with _without_cycle_collector():
        return _import_table(
            table,
            name=name,
            dry_run=dry_run,
            source=source,
            vintage_label=vintage_label,
            fictitious=fictitious,
            geography=geography,
            progress=progress,
        )


def _import_table(
    table, *, name, dry_run, source, vintage_label, fictitious, geography, progress
) -> IndicatorImportReport:
    plan = make_plan(table.header, list(Indicator.objects.all()))
    places = _places(geography)
    reader = _Reader(plan, places, name)
    rows_read = 0
    try:
        for number, cells in table.rows:
            rows_read += 1
            if progress and rows_read % 1000 == 0:
                progress(1000)
            if len(reader.problems) < MAX_ERRORS:
                reader.read(number, cells)
    except ReadError as error:
        raise IndicatorImportError([f"{name} : {error}"]) from error
    reader.convert()
    if progress:
        progress(rows_read % 1000)
    if reader.problems:
        if len(reader.problems) >= MAX_ERRORS:
            reader.problems.append(f"… arrêt après {MAX_ERRORS} erreurs")
        raise IndicatorImportError(reader.problems)
    reader.finish(places["commune"])
    codes = dict(Indicator.objects.values_list("pk", "code"))
    report = IndicatorImportReport(
        file_name=name,
        layout=plan.title,
        encoding=table.encoding,
        delimiter=table.delimiter,
        ignored_columns=plan.ignored,
        dry_run=dry_run,
        rows_read=rows_read,
        values=len(reader.commune_rows),
        published=len(reader.published_rows),
        masked=reader.masked,
        rounded_to=plan.rounded_to,
        placeholders=reader.placeholders,
        arrondissements=len(reader.arrondissements),
        other_rows=reader.other_rows,
        indicators=sorted(codes[i] for i in reader.used),
        years=sorted(reader.years),
        unknown_communes=[UnknownCommune(c, lines) for c, lines in reader.unknown.items()],
    )
    if dry_run or not (reader.commune_rows or reader.published_rows):
        return report
    with transaction.atomic():
        dataset = Dataset.objects.create(
            source=source or plan.source,
            vintage=vintage_label or ", ".join(str(y) for y in report.years),
            file_name=name[:255],
            is_fictitious=fictitious,
            rounded_to=plan.rounded_to,
        )
        write_values(reader.commune_rows, dataset=dataset, ordered=reader.ordered)
        write_published(reader.published_rows, dataset=dataset)
    return report
