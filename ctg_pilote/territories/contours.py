"""Read and validate the contours file of a territorial extract (`contours-<year>.json.gz`)
and check that it describes exactly the communes of the COG file. No Django here either."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .extract_files import (
    COMMUNE_CODE,
    CONTOURS_FORMAT,
    ProgressFactory,
    _check_header,
    _check_vintage,
    _File,
    _load_json,
    _read_counts,
    _require_dict,
    _require_keys,
    _require_str,
    no_progress,
)

if TYPE_CHECKING:
    from .reader import TerritoryExtract


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


def _read_row(
    where: _File,
    index: int,
    row: Any,
    geometries: dict[str, dict[str, Any]],
    missing: dict[str, str],
) -> int:
    """Check one [code, geometry] row, add it to `geometries` and return its positions."""
    if not isinstance(row, list) or len(row) != 2:
        raise where.error(f"contours, ligne {index} : [code, géométrie] attendu.")
    code, geometry = row
    if not isinstance(code, str) or not COMMUNE_CODE.fullmatch(code):
        raise where.error(f"contours, ligne {index} : code commune {code!r} invalide.")
    if code in geometries:
        raise where.error(f"contours, ligne {index} : la commune {code} apparaît deux fois.")
    if code in missing:
        raise where.error(
            f"contours, ligne {index} : la commune {code} est aussi déclarée sans contour."
        )
    try:
        positions = _count_positions(geometry)
    except _GeometryError as exc:
        raise where.error(f"contours, ligne {index} (commune {code}) : {exc}.") from None
    geometries[code] = geometry
    return positions


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
            positions += _read_row(where, index, row, geometries, missing)
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
