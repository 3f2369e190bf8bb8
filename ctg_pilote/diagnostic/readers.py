"""Readers of the outside formats: CSV (UTF-8 or cp1252, ';' ',' or tab) and XLSX.

They only turn a file into a header and numbered rows of strings; the importer decides what
the columns mean. Line numbers are those a spreadsheet shows (the header is line 1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class ReadError(Exception):
    """The file cannot be read at all (message in French)."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells)
    encoding: str = ""
    delimiter: str = ""


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) when it decodes, else Windows-1252 (Excel's French CSV)."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise ReadError("la première ligne ne contient ni « ; », ni « , », ni tabulation")
    return best


def read_csv_text(text: str) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration as error:
        raise ReadError("fichier vide") from error

    def rows():
        for number, cells in enumerate(reader, start=2):
            if any(cell.strip() for cell in cells):
                yield number, cells

    return Table(header=header, rows=rows(), delimiter=delimiter)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a damaged file
        raise ReadError(f"classeur illisible ({error})") from error
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    try:
        header = [_cell_text(v).strip() for v in next(lines)]
    except StopIteration as error:
        raise ReadError("feuille vide") from error

    def rows():
        for number, values in enumerate(lines, start=2):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield number, cells
        workbook.close()

    return Table(header=header, rows=rows(), encoding="xlsx")


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX file (by its extension)."""
    path = Path(path)
    if not path.is_file():
        raise ReadError("fichier introuvable")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    text, encoding = decode(path.read_bytes())
    table = read_csv_text(text)
    table.encoding = encoding
    return table
