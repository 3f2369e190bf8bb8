"""Import indicator values per commune from the files users download.

Two layouts are recognised from the header:
- INSEE "base communale": CODGEO, then columns such as P21_POP0014 or C21_FAMMONO (prefix,
  two-digit year, the indicator's INSEE suffix); FiLoSoFi columns such as TP6021;
- CAF open data: a commune code column, a year column, one column per count.

Everything is read and checked first; then the values are upserted in one transaction, by
batches. A masked cell (empty, "s", "nd", "secret"...) is stored as "non diffusé" (None),
never as zero. Unknown communes are skipped and reported with their line numbers; wrong
columns, unreadable numbers, negative counts and duplicates stop the import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ctg_pilote.core.text import fold
from ctg_pilote.core.validators import field_problem
from ctg_pilote.territories.models import Commune, Vintage

from .models import Dataset, Indicator, IndicatorUnit, IndicatorValue
from .readers import ReadError, Table, read_table

MASKED = frozenset({"", "s", "nd", "n.d.", "n.d", "secret", "nc", "n.c.", "ns", "x", "-"})
CODE_COLUMNS = (
    "codgeo",
    "code_commune",
    "code_insee",
    "numcom",
    "numero_commune",
    "com",
    "codecommune",
    "code_geo",
    "insee",
    "depcom",
)
YEAR_COLUMNS = ("annee", "annee_reference", "date_reference", "dtreff", "year", "millesime")
BATCH_SIZE = 5000
MAX_ERRORS = 50

INSEE_SOURCE = "INSEE, recensement de la population (base communale)"
CAF_SOURCE = "CAF, données allocataires par commune (data.caf.fr)"


def normalise(name: str) -> str:
    """'Numéro commune ' -> 'numero_commune' (column names compared without case or accents)."""
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


class IndicatorImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class UnknownCommune:
    code: str
    lines: list[int]


@dataclass
class IndicatorImportReport:
    file_name: str
    layout: str
    encoding: str
    delimiter: str
    rows_read: int = 0
    values: int = 0
    masked: int = 0
    indicators: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    unknown_communes: list[UnknownCommune] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "seraient chargées" if self.dry_run else "chargées"
        out = [
            f"Fichier {self.file_name} : format {self.layout}"
            + (f", encodage {self.encoding}" if self.encoding else "")
            + (f", séparateur « {self.delimiter} »" if self.delimiter.strip() else ""),
            f"Lignes lues : {self.rows_read}",
            f"Valeurs {verb} : {self.values} dont {self.masked} non diffusées",
            f"Indicateurs : {', '.join(self.indicators) or 'aucun'}",
            f"Années : {', '.join(str(y) for y in self.years) or 'aucune'}",
        ]
        if self.unknown_communes:
            out.append(f"Communes inconnues (ignorées) : {len(self.unknown_communes)}")
            for item in self.unknown_communes[:20]:
                lines = ", ".join(str(n) for n in item.lines[:5])
                out.append(f"  {item.code} (ligne{'s' if len(item.lines) > 1 else ''} {lines})")
            if len(self.unknown_communes) > 20:
                out.append(f"  … et {len(self.unknown_communes) - 20} autres")
        if self.ignored_columns:
            out.append(f"Colonnes ignorées : {', '.join(self.ignored_columns)}")
        if self.dry_run:
            out.append("Essai à blanc : rien n'a été enregistré.")
        return out


@dataclass
class _Column:
    index: int
    name: str
    indicator: Indicator
    year: int | None  # None: read from the year column (CAF layout)


def _insee_patterns(indicators: list[Indicator]) -> list[tuple[re.Pattern, Indicator]]:
    patterns = []
    for indicator in indicators:
        if indicator.insee_suffix:
            suffix = re.escape(indicator.insee_suffix.upper())
            patterns.append((re.compile(rf"^[PC](\d\d)_{suffix}$"), indicator))
            patterns.append((re.compile(rf"^{suffix}(\d\d)$"), indicator))
    return patterns


def _find(names: list[str], candidates: tuple[str, ...]) -> int | None:
    for candidate in candidates:
        if candidate in names:
            return names.index(candidate)
    return None


def _plan(table: Table, indicators: list[Indicator]):
    """Which column holds the commune code, the year, and which indicator each column feeds."""
    names = [normalise(h) for h in table.header]
    code_index = _find(names, CODE_COLUMNS)
    if code_index is None:
        raise IndicatorImportError(
            [
                "ligne 1 : aucune colonne de code commune (attendu : CODGEO, « Code commune », "
                f"NUMCOM…) ; colonnes lues : {', '.join(table.header)}"
            ]
        )
    year_index = _find(names, YEAR_COLUMNS)
    patterns = _insee_patterns(indicators)
    caf_names = {normalise(alias): ind for ind in indicators for alias in ind.caf_columns}
    columns: list[_Column] = []
    ignored: list[str] = []
    for index, header in enumerate(table.header):
        if index in (code_index, year_index):
            continue
        upper = header.strip().upper()
        match = next(((p.match(upper), ind) for p, ind in patterns if p.match(upper)), None)
        if match:
            columns.append(_Column(index, header, match[1], 2000 + int(match[0].group(1))))
        elif normalise(header) in caf_names:
            columns.append(_Column(index, header, caf_names[normalise(header)], None))
        else:
            ignored.append(header)
    if not columns:
        raise IndicatorImportError(
            [
                "ligne 1 : aucune colonne ne correspond à un indicateur connu (ex. P21_POP, "
                f"C21_FAMMONO, allocataires) ; colonnes lues : {', '.join(table.header)}"
            ]
        )
    problems = []
    if any(c.year is None for c in columns) and year_index is None:
        problems.append(
            "ligne 1 : les colonnes "
            + ", ".join(c.name for c in columns if c.year is None)
            + " demandent une colonne d'année (« Année », « annee »…)"
        )
    seen: dict[tuple[int, int | None], str] = {}
    for column in columns:
        key = (column.indicator.pk, column.year)
        if key in seen:
            problems.append(
                f"ligne 1 : les colonnes {seen[key]} et {column.name} donnent toutes deux "
                f"l'indicateur « {column.indicator.code} »"
                + (f" pour {column.year}" if column.year else "")
            )
        seen.setdefault(key, column.name)
    if problems:
        raise IndicatorImportError(problems)
    layout = "CAF" if any(c.year is None for c in columns) else "INSEE"
    return code_index, year_index, columns, ignored, layout


VALUE_FIELD = IndicatorValue._meta.get_field("value")


def parse_number(text: str) -> float | None:
    """'1 234,5' -> 1234.5; a masked cell -> None; anything else raises ValueError."""
    cleaned = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned.lower() in MASKED:
        return None
    return float(cleaned.replace(",", "."))


def _commune_code(text: str) -> str:
    code = text.strip().upper()
    if code.isdigit() and len(code) == 4:  # a spreadsheet dropped the leading zero
        code = "0" + code
    return code


def _year(text: str) -> int | None:
    match = re.search(r"(19|20)\d\d", text or "")
    return int(match.group(0)) if match else None


def import_indicator_file(
    path: Path,
    *,
    dry_run: bool = False,
    source: str = "",
    vintage_label: str = "",
    fictitious: bool = False,
    geography: Vintage | None = None,
    progress: Callable[[int], None] | None = None,
) -> IndicatorImportReport:
    """Check the whole file, then write its values in one transaction (unless dry_run)."""
    path = Path(path)
    try:
        table = read_table(path)
    except ReadError as error:
        raise IndicatorImportError([f"{path.name} : {error}"]) from error
    if not Indicator.objects.exists():
        from .catalogue import ensure_catalogue

        ensure_catalogue()
    indicators = list(Indicator.objects.all())
    code_index, year_index, columns, ignored, layout = _plan(table, indicators)
    geography = geography or Vintage.objects.current()
    if geography is None:
        raise IndicatorImportError(["référentiel des territoires absent : ctg load_territories"])
    commune_ids = dict(
        Commune.objects.filter(vintage=geography).values_list("code", "pk").iterator()
    )
    report = IndicatorImportReport(
        file_name=path.name,
        layout=layout,
        encoding=table.encoding,
        delimiter=table.delimiter,
        ignored_columns=ignored,
        dry_run=dry_run,
    )
    problems: list[str] = []
    unknown: dict[str, list[int]] = {}
    first_line: dict[tuple[str, int | None], int] = {}
    rows: list[tuple[int, int, int, float | None]] = []  # indicator, commune, year, value
    years: set[int] = set()
    used: set[str] = set()
    for number, cells in table.rows:
        report.rows_read += 1
        if progress and report.rows_read % 1000 == 0:
            progress(1000)
        if len(problems) >= MAX_ERRORS:
            continue
        code = _commune_code(cells[code_index] if code_index < len(cells) else "")
        row_year = None
        if year_index is not None:
            row_year = _year(cells[year_index] if year_index < len(cells) else "")
            if row_year is None and any(c.year is None for c in columns):
                problems.append(f"ligne {number} : année illisible « {cells[year_index]} »")
                continue
        key = (code, row_year)
        if key in first_line:
            problems.append(
                f"ligne {number} : commune {code}"
                + (f" en {row_year}" if row_year else "")
                + f" déjà présente ligne {first_line[key]} (les valeurs ne sont pas additionnées)"
            )
            continue
        first_line[key] = number
        commune_id = commune_ids.get(code)
        if commune_id is None:
            unknown.setdefault(code or "(vide)", []).append(number)
            continue
        for column in columns:
            text = cells[column.index] if column.index < len(cells) else ""
            try:
                value = parse_number(text)
            except ValueError:
                problems.append(
                    f"ligne {number}, colonne {column.name} : « {text.strip()} » n'est pas un "
                    "nombre"
                )
                continue
            if problem := field_problem(VALUE_FIELD, value):
                problems.append(f"{path.name}, ligne {number}, colonne {column.name} : {problem}")
                continue
            if value is not None and value < 0 and column.indicator.unit == IndicatorUnit.COUNT:
                problems.append(
                    f"ligne {number}, colonne {column.name} : effectif négatif ({text.strip()})"
                )
                continue
            year = column.year or row_year
            years.add(year)
            used.add(column.indicator.code)
            rows.append((column.indicator.pk, commune_id, year, value))
            if value is None:
                report.masked += 1
    if progress:
        progress(report.rows_read % 1000)
    if problems:
        if len(problems) >= MAX_ERRORS:
            problems.append(f"… arrêt après {MAX_ERRORS} erreurs")
        raise IndicatorImportError(problems)
    report.values = len(rows)
    report.years = sorted(years)
    report.indicators = sorted(used)
    report.unknown_communes = [UnknownCommune(code, lines) for code, lines in unknown.items()]
    if dry_run or not rows:
        return report
    default_source = INSEE_SOURCE if layout == "INSEE" else CAF_SOURCE
    with transaction.atomic():
        dataset = Dataset.objects.create(
            source=source or default_source,
            vintage=vintage_label or ", ".join(str(y) for y in report.years),
            file_name=path.name[:255],
            is_fictitious=fictitious,
        )
        write_values(rows, dataset=dataset)
    return report


def write_values(rows: list[tuple[int, int, int, float | None]], *, dataset: Dataset) -> None:
    """Upsert values by batches: a new value replaces the old one for the same indicator,
    commune and year. Plain inserts when none of these (indicator, year) pairs exist yet."""
    pairs = {(r[0], r[2]) for r in rows}
    existing = any(IndicatorValue.objects.filter(indicator_id=i, year=y).exists() for i, y in pairs)
    for start in range(0, len(rows), BATCH_SIZE):
        batch = [
            IndicatorValue(
                indicator_id=indicator,
                commune_id=commune,
                year=year,
                value=value,
                dataset=dataset,
            )
            for indicator, commune, year, value in rows[start : start + BATCH_SIZE]
        ]
        if existing:
            IndicatorValue.objects.bulk_create(
                batch,
                update_conflicts=True,
                unique_fields=["indicator", "year", "commune"],
                update_fields=["value", "dataset"],
            )
        else:
            IndicatorValue.objects.bulk_create(batch)
