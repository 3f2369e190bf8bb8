"""Read and validate a territorial extract (COG file and contours file) into plain dataclasses.

Nothing here touches the database: the reader checks a whole file (gzip, JSON, structure,
every row, references between tables, counts announced in `meta`) before the importer writes
anything. Any problem raises `TerritoryDataError` with a French message naming the file.

This module does not import Django, so `tools/extract_territories.py` can reuse its format
constants and check its own output with it.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_VINTAGE = 2026
DEFAULT_TERRITORIES_FILE = DATA_DIR / f"cog-{DEFAULT_VINTAGE}.json.gz"
DEFAULT_CONTOURS_FILE = DATA_DIR / f"contours-{DEFAULT_VINTAGE}.json.gz"

TERRITORIES_FORMAT = "ctg-pilote/territoires"
CONTOURS_FORMAT = "ctg-pilote/contours"
FORMAT_VERSION = 1

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

REGION_CODE = re.compile(r"\d{2,3}")
DEPARTEMENT_CODE = re.compile(r"\d{2,3}|2[AB]")
COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")
SIREN = re.compile(r"\d{9}")
POSTCODE = re.compile(r"\d{5}")


class TerritoryDataError(Exception):
    """A territorial data file is unreadable, incomplete or inconsistent."""


# --- progress reporting (the command plugs tqdm in; the default does nothing) ---------------


class ProgressBar(Protocol):
    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[str, int], ProgressBar]


class _NullBar:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(desc: str, total: int) -> ProgressBar:
    return _NullBar()


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


@dataclass(frozen=True)
class ContoursMeta:
    vintage: int
    source: str
    package: str
    package_version: str
    licence: str
    simplification: dict[str, Any]
    counts: dict[str, int]
    # Communes of the COG file without a contour, with the reason (code -> reason).
    missing: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ContoursExtract:
    path: Path
    meta: ContoursMeta
    # Commune code -> GeoJSON geometry (Polygon or MultiPolygon, WGS 84).
    geometries: dict[str, dict[str, Any]]


# --- reading ---------------------------------------------------------------------------------


class _File:
    """Builds error messages that name the file and the place of the problem."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, detail: str) -> TerritoryDataError:
        return TerritoryDataError(f"Fichier « {self.path} » : {detail}")


def _load_json(path: Path) -> Any:
    where = _File(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise where.error("fichier introuvable.") from None
    except OSError as exc:
        raise where.error(f"lecture impossible ({exc.strerror or exc}).") from None
    try:
        text = gzip.decompress(raw)
    except EOFError:
        raise where.error(
            "fichier gzip tronqué (la fin du fichier manque) ; téléchargez-le ou régénérez-le."
        ) from None
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise where.error(f"fichier gzip invalide ou corrompu ({exc}).") from None
    try:
        return json.loads(text)
    except UnicodeDecodeError:
        raise where.error("le contenu n'est pas du texte UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise where.error(
            f"JSON invalide ligne {exc.lineno}, colonne {exc.colno} ({exc.msg})."
        ) from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require_dict(where: _File, data: Any, label: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise where.error(f"{label} doit être un objet JSON.")
    return data


def _require_keys(where: _File, data: dict[str, Any], keys: Iterable[str], label: str) -> None:
    missing = [key for key in keys if key not in data]
    if missing:
        raise where.error(f"clé(s) manquante(s) dans {label} : {', '.join(missing)}.")


def _require_str(where: _File, data: dict[str, Any], key: str, label: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"« {key} » de {label} doit être un texte non vide.")
    return value


def _check_header(where: _File, data: Any, expected_format: str) -> dict[str, Any]:
    data = _require_dict(where, data, "le fichier")
    _require_keys(where, data, ["format", "version", "meta"], "le fichier")
    if data["format"] != expected_format:
        raise where.error(
            f"format « {data['format']} » inattendu (attendu : « {expected_format} »)."
        )
    if data["version"] != FORMAT_VERSION:
        raise where.error(
            f"version de format {data['version']!r} non prise en charge "
            f"(attendue : {FORMAT_VERSION})."
        )
    return _require_dict(where, data["meta"], "« meta »")


def _read_counts(where: _File, meta: dict[str, Any], keys: Iterable[str]) -> dict[str, int]:
    counts = _require_dict(where, meta["counts"], "« meta.counts »")
    _require_keys(where, counts, keys, "« meta.counts »")
    for key in keys:
        if not _is_int(counts[key]) or counts[key] < 0:
            raise where.error(f"« meta.counts.{key} » doit être un entier positif.")
    return {key: counts[key] for key in keys}


def _check_vintage(where: _File, meta: dict[str, Any]) -> int:
    vintage = meta["vintage"]
    if not _is_int(vintage) or not 1943 <= vintage <= 2100:
        raise where.error(f"millésime {vintage!r} invalide dans « meta.vintage ».")
    return vintage


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


# --- contours --------------------------------------------------------------------------------


class _GeometryError(Exception):
    pass


def _count_ring(ring: Any) -> int:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _GeometryError("anneau de moins de 4 points")
    for position in ring:
        if type(position) is not list or len(position) != 2:
            raise _GeometryError("position invalide (deux nombres attendus)")
        lon, lat = position
        if type(lon) not in (float, int) or type(lat) not in (float, int):
            raise _GeometryError(f"coordonnées non numériques {position!r}")
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise _GeometryError(f"coordonnées hors limites {position!r}")
    if ring[0] != ring[-1]:
        raise _GeometryError("anneau non fermé")
    return len(ring)


def _count_polygon(polygon: Any) -> int:
    if not isinstance(polygon, list) or not polygon:
        raise _GeometryError("polygone vide")
    return sum(_count_ring(ring) for ring in polygon)


def _count_positions(geometry: Any) -> int:
    """Check a GeoJSON Polygon/MultiPolygon and return its number of positions."""
    if not isinstance(geometry, dict) or set(geometry) != {"type", "coordinates"}:
        raise _GeometryError("géométrie GeoJSON attendue (clés « type » et « coordinates »)")
    kind = geometry["type"]
    coordinates = geometry["coordinates"]
    if kind == "Polygon":
        return _count_polygon(coordinates)
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise _GeometryError("multipolygone vide")
        return sum(_count_polygon(polygon) for polygon in coordinates)
    raise _GeometryError(f"type de géométrie {kind!r} non pris en charge")


def read_contours(path: Path | str, progress: ProgressFactory = no_progress) -> ContoursExtract:
    """Read and fully validate a contours extract (`contours-<year>.json.gz`)."""
    path = Path(path)
    where = _File(path)
    data = _load_json(path)
    meta = _check_header(where, data, CONTOURS_FORMAT)
    keys = [
        "vintage",
        "source",
        "package",
        "package_version",
        "licence",
        "simplification",
        "counts",
        "missing",
    ]
    _require_keys(where, meta, keys, "« meta »")
    vintage = _check_vintage(where, meta)
    texts = {
        key: _require_str(where, meta, key, "« meta »")
        for key in ("source", "package", "package_version", "licence")
    }
    simplification = _require_dict(where, meta["simplification"], "« meta.simplification »")
    counts = _read_counts(where, meta, ["contours", "positions"])
    missing = _require_dict(where, meta["missing"], "« meta.missing »")
    for code, reason in missing.items():
        if not COMMUNE_CODE.fullmatch(code) or not isinstance(reason, str):
            raise where.error(f"« meta.missing » : entrée {code!r} invalide.")
    _require_keys(where, data, ["contours"], "le fichier")
    rows = data["contours"]
    if not isinstance(rows, list):
        raise where.error("« contours » doit être une liste.")
    if len(rows) != counts["contours"]:
        raise where.error(
            f"{len(rows)} contours lus alors que « meta » en annonce {counts['contours']} "
            "(fichier incomplet ou modifié)."
        )
    geometries: dict[str, dict[str, Any]] = {}
    positions = 0
    bar = progress(f"Lecture {path.name}", len(rows))
    try:
        for index, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != 2:
                raise where.error(f"contours, ligne {index} : [code, géométrie] attendu.")
            code, geometry = row
            if not isinstance(code, str) or not COMMUNE_CODE.fullmatch(code):
                raise where.error(f"contours, ligne {index} : code commune {code!r} invalide.")
            if code in geometries:
                raise where.error(
                    f"contours, ligne {index} : la commune {code} apparaît deux fois."
                )
            if code in missing:
                raise where.error(
                    f"contours, ligne {index} : la commune {code} est aussi déclarée sans contour."
                )
            try:
                positions += _count_positions(geometry)
            except _GeometryError as exc:
                raise where.error(f"contours, ligne {index} (commune {code}) : {exc}.") from None
            geometries[code] = geometry
            if index % 5000 == 0:
                bar.update(5000)
        bar.update(len(rows) % 5000)
    finally:
        bar.close()
    if positions != counts["positions"]:
        raise where.error(
            f"{positions} points lus alors que « meta » en annonce {counts['positions']} "
            "(fichier modifié ou corrompu)."
        )
    return ContoursExtract(
        path=path,
        meta=ContoursMeta(
            vintage=vintage,
            simplification=simplification,
            counts=counts,
            missing=dict(missing),
            **texts,
        ),
        geometries=geometries,
    )


def check_contours_match(extract: TerritoryExtract, contours: ContoursExtract) -> None:
    """The contours file must describe exactly the communes of the COG file."""
    where = _File(contours.path)
    if contours.meta.vintage != extract.meta.vintage:
        raise where.error(
            f"millésime {contours.meta.vintage} alors que le fichier des communes "
            f"« {extract.path} » est du millésime {extract.meta.vintage}."
        )
    codes = {row.code for row in extract.communes}
    unknown = sorted((set(contours.geometries) | set(contours.meta.missing)) - codes)
    if unknown:
        raise where.error(
            f"{len(unknown)} commune(s) absente(s) du fichier des communes, "
            f"par exemple {', '.join(unknown[:5])}."
        )
    forgotten = sorted(codes - set(contours.geometries) - set(contours.meta.missing))
    if forgotten:
        raise where.error(
            f"{len(forgotten)} commune(s) ni pourvue(s) d'un contour ni déclarée(s) sans "
            f"contour, par exemple {', '.join(forgotten[:5])}."
        )
