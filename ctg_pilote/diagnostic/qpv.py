"""The list of quartiers prioritaires de la politique de la ville (QPV) as the ANCT publishes it.

The list comes as GeoJSON (often in a ZIP) whose features carry `code_qp` ("QN..." for the
2024 generation, "QP..." for 2015), `lib_qp`, `insee_com` (one or several communes: a quartier
may straddle communes), `siren_epci` and `insee_dep`; the CSV export of the same list has
these columns. Its geometry is not read. What the importer keeps is how many quartiers lie (at
least in part) on each commune, and, as published values, how many lie in each EPCI and
département, each quartier counted once there: a quartier on two communes of one EPCI counts
twice in a sum of its communes, never in its EPCI's value.

The generation (the year) is read from the codes themselves, never assumed."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db import transaction

from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .import_report import IndicatorImportError, IndicatorImportReport, UnknownCommune
from .layouts import normalise
from .models import Dataset, Indicator
from .readers import Table
from .writes import write_published, write_values

CODE = "qpv"
SOURCE = "ANCT, liste des quartiers prioritaires de la politique de la ville"
LAYOUT = "ANCT, quartiers prioritaires de la politique de la ville (liste des QPV)"
GENERATIONS = {"QN": 2024, "QP": 2015}
CODE_QP = re.compile(r"^(QN|QP)[0-9A-Z]{4,}$")
MAX_ERRORS = 50


def is_qpv_list(header: list[str]) -> bool:
    names = {normalise(h) for h in header}
    return {"code_qp", "insee_com"} <= names


def _communes_of(text: str) -> list[str]:
    """'17299' or '17299,17306' or '17299 - 17306' (the list's own ways of naming several)."""
    return [c for c in re.split(r"[\s,;/|-]+", text.strip().upper()) if c]


class _Counts:
    def __init__(self, geography: Vintage, name: str, row_label: str) -> None:
        self.name = name
        self.row_label = row_label
        places = Commune.objects.filter(vintage=geography).values_list(
            "code", "pk", "departement__code", "epci__siren"
        )
        self.communes = {code: pk for code, pk, _dep, _epci in places}
        self.places = list(places)
        self.epcis = set(Epci.objects.filter(vintage=geography).values_list("siren", flat=True))
        self.departements = set(
            Departement.objects.filter(vintage=geography).values_list("code", flat=True)
        )
        self.by_commune: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.by_area: dict[tuple[str, str, int], set[str]] = defaultdict(set)
        self.unknown: dict[str, list[int]] = {}
        self.problems: list[str] = []
        self.years: set[int] = set()
        self.rows = 0

    def read(self, number: int, row: dict[str, str]) -> None:
        self.rows += 1
        code = row.get("code_qp", "").strip().upper()
        if not CODE_QP.match(code):
            self.problems.append(
                f"{self.name}, {self.row_label} {number}, colonne code_qp : « {code[:40]} » n'est pas un "
                "code de quartier prioritaire (QN ou QP suivi de chiffres et de lettres)"
            )
            return
        year = GENERATIONS[code[:2]]
        self.years.add(year)
        communes = _communes_of(row.get("insee_com", ""))
        if not communes:
            self.problems.append(
                f"{self.name}, {self.row_label} {number}, colonne insee_com : commune du quartier {code} "
                "absente"
            )
            return
        for commune in communes:
            if commune in self.communes:
                self.by_commune[(self.communes[commune], year)].add(code)
            else:
                self.unknown.setdefault(commune, []).append(number)
        for level, column, known in (
            ("epci", "siren_epci", self.epcis),
            ("departement", "insee_dep", self.departements),
        ):
            for area in _communes_of(row.get(column, "")):
                if area in known:
                    self.by_area[(level, area, year)].add(code)


def _values(indicator: int, counts: _Counts) -> tuple[list, list]:
    """The counts, and a 0 for every commune, EPCI and département the list covers wholly
    without a quartier: the list is complete for each département it names (a national list,
    or a département's extract). Elsewhere nothing is said, so nothing is written."""
    covered = {area for level, area, _year in counts.by_area if level == "departement"}
    partly = defaultdict(set)  # EPCI -> départements of its communes
    for _code, _pk, dep, epci in counts.places:
        if epci:
            partly[epci].add(dep)
    commune_rows, published = [], []
    for year in sorted(counts.years):
        for _code, pk, dep, _epci in counts.places:
            if dep in covered or (pk, year) in counts.by_commune:
                codes = counts.by_commune.get((pk, year), ())
                commune_rows.append((indicator, pk, year, float(len(codes))))
        areas = [("departement", dep) for dep in sorted(covered)] + [
            ("epci", epci) for epci, deps in sorted(partly.items()) if deps <= covered
        ]
        seen = {(level, area) for level, area, y in counts.by_area if y == year}
        for level, area in sorted(seen | set(areas)):
            codes = counts.by_area.get((level, area, year), ())
            published.append((indicator, level, area, year, float(len(codes))))
    return commune_rows, published


def _rows(table: Table):
    names = [normalise(h) for h in table.header]
    for number, cells in table.rows:
        yield number, dict(zip(names, cells, strict=False))


def import_qpv_list(
    table: Table,
    *,
    name: str,
    dry_run: bool,
    source: str,
    vintage_label: str,
    fictitious: bool,
    geography: Vintage,
) -> IndicatorImportReport:
    """Check the whole list, then write its counts in one transaction (unless dry_run)."""
    indicator = Indicator.objects.filter(code=CODE).first()
    if indicator is None:
        raise IndicatorImportError(
            [f"{name} : l'indicateur « {CODE} » manque au catalogue (ctg migrate)"]
        )
    counts = _Counts(geography, name, table.row_label)
    for number, row in _rows(table):
        if len(counts.problems) < MAX_ERRORS:
            counts.read(number, row)
    if counts.problems:
        raise IndicatorImportError(counts.problems)
    if not counts.years:
        raise IndicatorImportError([f"{name} : aucun quartier prioritaire dans la liste"])
    commune_rows, published = _values(indicator.pk, counts)
    report = IndicatorImportReport(
        file_name=name,
        layout=LAYOUT,
        encoding=table.encoding,
        delimiter=table.delimiter,
        dry_run=dry_run,
        rows_read=counts.rows,
        values=len(commune_rows),
        published=len(published),
        indicators=[CODE],
        years=sorted(counts.years),
        unknown_communes=[UnknownCommune(c, lines) for c, lines in counts.unknown.items()],
    )
    if dry_run:
        return report
    with transaction.atomic():
        dataset = Dataset.objects.create(
            source=source or SOURCE,
            vintage=vintage_label or ", ".join(f"QPV {y}" for y in report.years),
            file_name=name[:255],
            is_fictitious=fictitious,
        )
        write_values(commune_rows, dataset=dataset)
        write_published(published, dataset=dataset)
    return report
