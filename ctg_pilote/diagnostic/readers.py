"""Readers of the outside formats: CSV (UTF-8, UTF-16 or cp1252, ';' ',' or tab) and XLSX.

They only turn a file into a header and numbered rows of strings; the importer decides what
the columns mean. Line numbers are those a spreadsheet shows (the header is line 1). Sizes,
shapes, encodings and formulas are checked by core.spreadsheets, like every import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ctg_pilote.core import spreadsheets


class ReadError(Exception):
    """The file cannot be read at all (message in French)."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells)
    encoding: str = ""
    delimiter: str = ""


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


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path, *, name: str = "") -> Table:
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


def read_table(path: Path, *, upload: bool = False, name: str = "") -> Table:
    """Read a CSV or XLSX file (by its extension): an upload (`name` is the user's file name),
    or a file given to a command."""
    path = Path(path)
    name = name or path.name
    if not path.is_file():
        raise ReadError("fichier introuvable")
    try:
        spreadsheets.check_size(path.stat().st_size, name=name, command=not upload)
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return read_xlsx(path, name=name)
        text, encoding = spreadsheets.decode_text(path.read_bytes(), name=name)
    except spreadsheets.FileRefused as error:
        raise ReadError(str(error)) from error
    max_rows = spreadsheets.limit("sheet_rows") if upload else None
    table = read_csv_text(text, name=name, max_rows=max_rows)
    table.encoding = encoding
    return table
