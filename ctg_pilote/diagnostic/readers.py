"""Readers of the outside formats: CSV (UTF-8, UTF-16 or cp1252, ';' ',' or tab), XLSX, the
properties of GeoJSON features (the ANCT's list of quartiers prioritaires), and the ZIP
downloads holding one of them.

They only turn a file into a header and numbered rows of strings; the importer decides what
the columns mean. Line numbers are those a spreadsheet shows (the header is line 1). Sizes,
shapes, encodings and formulas are checked by core.spreadsheets, like every import."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ctg_pilote.core import spreadsheets


class ReadError(Exception):
    """The file cannot be read at all (message in French)."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells)
    encoding: str = ""
    delimiter: str = ""
    row_label: str = "ligne"  # what a row number counts: a line, or a GeoJSON object


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise ReadError("la première ligne ne contient ni « ; », ni « , », ni tabulation")
    return best


def read_csv_text(text: str, *, name: str = "fichier", max_rows: int | None = None) -> Table:
    """A CSV as a header and rows; `max_rows` bounds an upload (a command's file streams)."""
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [spreadsheets.restore_text(cell.strip()) for cell in next(reader)]
    except StopIteration as error:
        raise ReadError("fichier vide") from error

    restore, escape = spreadsheets.restore_text, spreadsheets.ESCAPE

    def rows():
        for number, cells in enumerate(reader, start=2):
            if max_rows is not None and number > max_rows:
                try:
                    spreadsheets.check_rows(number, name=name)
                except spreadsheets.FileRefused as error:
                    raise ReadError(str(error)) from error
            if any(cell.strip() for cell in cells):
                # restore_text only where a cell may be escaped (the per-cell call is costly)
                yield number, [restore(c) if c[:1] == escape else c for c in cells]

    return Table(header=header, rows=rows(), delimiter=delimiter)


def read_geojson(data: bytes, *, name: str, max_rows: int | None = None) -> Table:
    """The properties of a GeoJSON collection's features as a table, one row per feature
    (numbered from 1); their geometry is not read."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:  # nesting bomb too
        raise ReadError("ce n'est pas un fichier GeoJSON lisible") from error
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise ReadError("le fichier GeoJSON doit contenir une collection d'objets (features)")
    if max_rows is not None and len(features) > max_rows:
        raise ReadError(f"plus de {max_rows} objets : trop pour un envoi par la page")
    properties = [
        p if isinstance(p, dict) else {}
        for p in (f.get("properties") if isinstance(f, dict) else None for f in features)
    ]
    header = list(dict.fromkeys(key for p in properties for key in p))

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return ",".join(text(v) for v in value)
        return str(value)

    rows = (
        (number, [text(p.get(key)) for key in header])
        for number, p in enumerate(properties, start=1)
    )
    return Table(header=header, rows=rows, encoding="utf-8", row_label="objet")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path | bytes, *, name: str = "") -> Table:
    """The first sheet (formulas by their cached value, see core.spreadsheets.read_xlsx)."""
    try:
        sheets = spreadsheets.read_xlsx(path, name=name or path.name, first_only=True)
    except spreadsheets.FileRefused as error:
        raise ReadError(str(error)) from error
    lines = iter(next(iter(sheets.values()), []))
    try:
        header = [_cell_text(v).strip() for v in next(lines)]
    except StopIteration as error:
        raise ReadError("feuille vide") from error
    width = len(header)

    def rows():
        for number, values in enumerate(lines, start=2):
            cells = [_cell_text(v) for v in values]
            cells += [""] * (width - len(cells))
            if any(c.strip() for c in cells):
                yield number, cells

    return Table(header=header, rows=rows(), encoding="xlsx")


GEOJSON_SUFFIXES = (".geojson", ".json")
DATA_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", *GEOJSON_SUFFIXES)


def _zip_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    """The one data file of a download: a CSV or XLSX, leaving aside the publishers' metadata
    files (INSEE's meta_*.csv, Melodi's *_metadata.csv next to *_data.csv)."""
    found = [
        info
        for info in archive.infolist()
        if not info.is_dir()
        and info.filename.lower().endswith(DATA_SUFFIXES)
        and not info.filename.startswith("__MACOSX/")
        and not PurePosixPath(info.filename).name.startswith(".")
    ]
    if len(found) > 1:
        data = [i for i in found if not _is_metadata(i.filename)]
        found = [i for i in data if i.filename.lower().endswith("_data.csv")] or data
    if len(found) != 1:
        names = ", ".join(PurePosixPath(i.filename).name for i in found) or "aucun"
        raise ReadError(
            f"l'archive doit contenir un seul fichier CSV, XLSX ou GeoJSON de données (trouvé : {names})"
        )
    return found[0]


def _is_metadata(filename: str) -> bool:
    base = PurePosixPath(filename).name.lower()
    return base.startswith("meta") or "metadata" in base or "_meta" in base


def _unzip(path: Path, *, name: str, upload: bool) -> tuple[str, bytes]:
    """The name and bytes of the one data file of a ZIP download, read at most up to the cap
    (a declared size can lie: the read itself is bounded)."""
    cap = spreadsheets.limit("xlsx_unpacked_bytes")
    if upload:
        cap = min(cap, spreadsheets.limit("upload_bytes") * 20)
    try:
        with zipfile.ZipFile(path) as archive:
            member = _zip_member(archive, name)
            if member.file_size > cap:
                raise ReadError(_too_big(member, cap))
            with archive.open(member) as handle:
                data = handle.read(cap + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError) as error:
        raise ReadError("ce n'est pas une archive ZIP lisible") from error
    except NotImplementedError as error:  # a compression method zipfile does not know
        raise ReadError("archive ZIP compressée d'une façon non prise en charge") from error
    if len(data) > cap:
        raise ReadError(_too_big(member, cap))
    return PurePosixPath(member.filename).name, data


def _too_big(member: zipfile.ZipInfo, cap: int) -> str:
    return (
        f"{PurePosixPath(member.filename).name} décompressé dépasse {spreadsheets.megabytes(cap)}"
    )


def read_table(path: Path, *, upload: bool = False, name: str = "") -> Table:
    """Read a CSV or XLSX file (by its extension), or the one data file of a ZIP download: an
    upload (`name` is the user's file name), or a file given to a command."""
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise ReadError("fichier introuvable")
    try:
        spreadsheets.check_size(path.stat().st_size, name=name, command=not upload)
        suffix = path.suffix.lower()
        if suffix == ".zip" or (upload and Path(name).suffix.lower() == ".zip"):
            inner, data = _unzip(path, name=name, upload=upload)
            if inner.lower().endswith((".xlsx", ".xlsm")):
                return read_xlsx(data, name=f"{name} ({inner})")
            if inner.lower().endswith(GEOJSON_SUFFIXES):
                return read_geojson(data, name=name, max_rows=_max_rows(upload))
            raw = data
        elif suffix in (".xlsx", ".xlsm"):
            return read_xlsx(path, name=name)
        elif suffix in GEOJSON_SUFFIXES or (upload and name.lower().endswith(GEOJSON_SUFFIXES)):
            return read_geojson(path.read_bytes(), name=name, max_rows=_max_rows(upload))
        else:
            raw = path.read_bytes()
        text, encoding = spreadsheets.decode_text(raw, name=name)
    except spreadsheets.FileRefused as error:
        raise ReadError(str(error)) from error
    table = read_csv_text(text, name=name, max_rows=_max_rows(upload))
    table.encoding = encoding
    return table


def _max_rows(upload: bool) -> int | None:
    return spreadsheets.limit("sheet_rows") if upload else None
