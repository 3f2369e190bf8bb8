"""Read and validate a territorial extract (COG file and contours file) into plain dataclasses.

Nothing here touches the database: the reader checks a whole file (gzip, JSON, structure,
every row, references between tables, counts announced in `meta`) before the importer writes
anything. Any problem raises `TerritoryDataError` with a French message naming the file.

This module does not import Django, so `tools/extract_territories.py` can reuse its format
constants and check its own output with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The contours file and what both files share live in their own modules; their public names
# are importable from here too, as the reader of a whole extract.
from .contours import ContoursExtract, ContoursMeta, check_contours_match, read_contours
from .extract_files import (
    COMMUNE_CODE,
    CONTOURS_FORMAT,
    DATA_DIR,
    DEFAULT_CONTOURS_FILE,
    DEFAULT_TERRITORIES_FILE,
    DEFAULT_VINTAGE,
    DEPARTEMENT_CODE,
    FORMAT_VERSION,
    POSTCODE,
    REGION_CODE,
    SIREN,
    TERRITORIES_FORMAT,
    ProgressBar,
    ProgressFactory,
    TerritoryDataError,
    _check_header,
    _check_vintage,
    _File,
    _is_int,
    _load_json,
    _read_counts,
    _require_keys,
    _require_str,
    no_progress,
)

__all__ = [
    "COLUMNS",
    "COMMUNE_CODE",
    "CONTOURS_FORMAT",
    "DATA_DIR",
    "DEFAULT_CONTOURS_FILE",
    "DEFAULT_TERRITORIES_FILE",
    "DEFAULT_VINTAGE",
    "DEPARTEMENT_CODE",
    "EPCI_KINDS",
    "FORMAT_VERSION",
    "POSTCODE",
    "REGION_CODE",
    "SIREN",
    "TABLES",
    "TABLE_LABELS",
    "TERRITORIES_FORMAT",
    "ZONES",
    "CommuneRow",
    "ContoursExtract",
    "ContoursMeta",
    "DepartementRow",
    "EpciRow",
    "ExtractMeta",
    "ProgressBar",
    "ProgressFactory",
    "RegionRow",
    "TerritoryDataError",
    "TerritoryExtract",
    "check_contours_match",
    "no_progress",
    "read_contours",
    "read_territories",
]

# Column order of the compact rows; recorded in the file's meta and checked on reading.
COLUMNS = {
    "regions": ["code", "nom", "zone"],
    "departements": ["code", "nom", "region", "zone"],
    "epci": ["siren", "nom", "nature", "financement", "population", "departement"],
    "communes": ["code", "nom", "departement", "siren", "codes_postaux", "population", "epci"],
}
TABLES = tuple(COLUMNS)
TABLE_LABELS = {
    "regions": "régions",
    "departements": "départements",
    "epci": "EPCI",
    "communes": "communes",
}

# Kept in step with models.Zone and models.EpciKind (a test checks it).
ZONES = ("metro", "drom", "com")
EPCI_KINDS = ("CC", "CA", "CU", "METRO", "MET69")


# --- the dataclasses returned ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    zone: str


@dataclass(frozen=True, slots=True)
class DepartementRow:
    code: str
    name: str
    region: str
    zone: str


@dataclass(frozen=True, slots=True)
class EpciRow:
    siren: str
    name: str
    kind: str
    financing: str
    population: int | None
    departement: str


@dataclass(frozen=True, slots=True)
class CommuneRow:
    code: str
    name: str
    departement: str
    siren: str
    postcodes: tuple[str, ...]
    population: int | None
    epci: str | None


@dataclass(frozen=True)
class ExtractMeta:
    vintage: int
    source: str
    package: str
    package_version: str
    licence: str
    contours_source: str
    counts: dict[str, int]
    population_total: int


@dataclass(frozen=True)
class TerritoryExtract:
    path: Path
    meta: ExtractMeta
    regions: list[RegionRow]
    departements: list[DepartementRow]
    epcis: list[EpciRow]
    communes: list[CommuneRow]


class _RowError(Exception):
    pass


def _text(max_length: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise _RowError("doit être un texte non vide")
        if len(value) > max_length:
            raise _RowError(f"dépasse {max_length} caractères")
        return value

    return check


def _pattern(regex: re.Pattern[str], *, optional: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise _RowError(f"valeur {value!r} invalide")
        return value

    return check


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise _RowError(f"valeur {value!r} invalide (attendu : {', '.join(choices)})")
        return value

    return check


def _population(value: Any) -> int | None:
    if value is None:
        return None
    if not _is_int(value) or value < 0 or value > 100_000_000:
        raise _RowError(f"doit être un entier positif ou nul (reçu {value!r})")
    return value


def _siren_or_blank(value: Any) -> str:
    if value == "":
        return ""
    return _pattern(SIREN)(value)


def _financing(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 10:
        raise _RowError(f"valeur {value!r} invalide")
    return value


def _postcodes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _RowError("doit être une liste")
    for item in value:
        if not isinstance(item, str) or not POSTCODE.fullmatch(item):
            raise _RowError(f"code postal {item!r} invalide")
    return tuple(value)


CHECKS: dict[str, list[Callable[[Any], Any]]] = {
    "regions": [_pattern(REGION_CODE), _text(100), _choice(ZONES)],
    "departements": [_pattern(DEPARTEMENT_CODE), _text(100), _pattern(REGION_CODE), _choice(ZONES)],
    "epci": [
        _pattern(SIREN),
        _text(200),
        _choice(EPCI_KINDS),
        _financing,
        _population,
        _pattern(DEPARTEMENT_CODE),
    ],
    "communes": [
        _pattern(COMMUNE_CODE),
        _text(100),
        _pattern(DEPARTEMENT_CODE),
        _siren_or_blank,
        _postcodes,
        _population,
        _pattern(SIREN, optional=True),
    ],
}
ROW_CLASSES = {
    "regions": RegionRow,
    "departements": DepartementRow,
    "epci": EpciRow,
    "communes": CommuneRow,
}


def _read_rows(
    where: _File, data: dict[str, Any], table: str, expected: int, progress: ProgressBar
) -> list[Any]:
    rows = data[table]
    label = TABLE_LABELS[table]
    if not isinstance(rows, list):
        raise where.error(f"« {table} » doit être une liste.")
    if len(rows) != expected:
        raise where.error(
            f"{len(rows)} {label} lues alors que « meta » en annonce {expected} "
            "(fichier incomplet ou modifié)."
        )
    checks = CHECKS[table]
    columns = COLUMNS[table]
    width = len(columns)
    row_class = ROW_CLASSES[table]
    result = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != width:
            raise where.error(
                f"{label}, ligne {index} : {width} valeurs attendues ({', '.join(columns)})."
            )
        values = []
        for column, check, value in zip(columns, checks, row, strict=True):
            try:
                values.append(check(value))
            except _RowError as exc:
                raise where.error(f"{label}, ligne {index}, « {column} » : {exc}.") from None
        key = values[0]
        if key in seen:
            raise where.error(f"{label}, ligne {index} : le code {key} apparaît deux fois.")
        seen.add(key)
        result.append(row_class(*values))
        if index % 5000 == 0:
            progress.update(5000)
    progress.update(len(rows) % 5000)
    return result


def _check_references(where: _File, extract: TerritoryExtract) -> None:
    regions = {row.code for row in extract.regions}
    departements = {row.code: row for row in extract.departements}
    epcis = {row.siren for row in extract.epcis}
    for index, row in enumerate(extract.departements, start=1):
        if row.region not in regions:
            raise where.error(
                f"départements, ligne {index} : région {row.region} absente du fichier."
            )
    for index, row in enumerate(extract.epcis, start=1):
        if row.departement not in departements:
            raise where.error(
                f"EPCI, ligne {index} : département {row.departement} absent du fichier."
            )
    with_members: set[str] = set()
    for index, row in enumerate(extract.communes, start=1):
        if row.departement not in departements:
            raise where.error(
                f"communes, ligne {index} : département {row.departement} absent du fichier."
            )
        if row.epci is not None:
            if row.epci not in epcis:
                raise where.error(f"communes, ligne {index} : EPCI {row.epci} absent du fichier.")
            with_members.add(row.epci)
    empty = epcis - with_members
    if empty:
        raise where.error(f"EPCI sans commune membre : {', '.join(sorted(empty)[:5])}.")


def read_territories(path: Path | str, progress: ProgressFactory = no_progress) -> TerritoryExtract:
    """Read and fully validate a COG extract (`cog-<year>.json.gz`)."""
    path = Path(path)
    where = _File(path)
    data = _load_json(path)
    meta = _check_header(where, data, TERRITORIES_FORMAT)
    keys = [
        "vintage",
        "source",
        "package",
        "package_version",
        "licence",
        "contours_source",
        "columns",
        "counts",
        "population_total",
    ]
    _require_keys(where, meta, keys, "« meta »")
    vintage = _check_vintage(where, meta)
    texts = {
        key: _require_str(where, meta, key, "« meta »")
        for key in ("source", "package", "package_version", "licence", "contours_source")
    }
    if meta["columns"] != COLUMNS:
        raise where.error("« meta.columns » ne correspond pas aux colonnes attendues.")
    counts = _read_counts(where, meta, TABLES)
    population_total = meta["population_total"]
    if not _is_int(population_total):
        raise where.error("« meta.population_total » doit être un entier.")
    _require_keys(where, data, TABLES, "le fichier")

    bar = progress(f"Lecture {path.name}", sum(counts.values()))
    try:
        tables = {table: _read_rows(where, data, table, counts[table], bar) for table in TABLES}
    finally:
        bar.close()
    extract = TerritoryExtract(
        path=path,
        meta=ExtractMeta(
            vintage=vintage,
            counts=counts,
            population_total=population_total,
            **texts,
        ),
        regions=tables["regions"],
        departements=tables["departements"],
        epcis=tables["epci"],
        communes=tables["communes"],
    )
    _check_references(where, extract)
    total = sum(row.population or 0 for row in extract.communes)
    if total != population_total:
        raise where.error(
            f"la population totale des communes ({total}) ne correspond pas à celle annoncée "
            f"dans « meta » ({population_total}) : fichier modifié ou corrompu."
        )
    return extract
