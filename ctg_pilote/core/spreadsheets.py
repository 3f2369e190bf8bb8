"""Spreadsheets are data, never formulas; and no file may exhaust the server.

Every XLSX and CSV the project writes goes through `workbook_bytes` or `csv_writer` /
`csv_dict_writer`: a text cell stays text when a spreadsheet opens it, even if it starts with
"=" (OWASP "CSV injection"). Every XLSX and CSV it reads goes through `read_xlsx` and
`decode_text` / `restore_text`: sizes and shapes are checked before anything big is built, a
formula counts by its cached value only, and text written by the writers comes back exactly.
The limits are `settings.CTG_FILE_LIMITS` (see docs/securite.md).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.conf import settings

# openpyxl is imported by the functions that read or write a workbook, not with this module:
# every URLconf and command imports it, and openpyxl (with lxml and Pillow) is slow to load.

# A spreadsheet reads a CSV field starting with one of these as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# A plain number ("-12", "-0,5", "+3.2e4") is not a formula: it stays as it is.
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:[\u202f\xa0 ]\d{3})+|\d+)(?:[.,]\d+)?(?:[eE][-+]?\d+)?")
# openpyxl's cell types (openpyxl.cell.cell.TYPE_FORMULA, TYPE_STRING).
TYPE_FORMULA = "f"
TYPE_STRING = "s"


class FileRefused(ValueError):
    """A file too big, too wide or unreadable; the message is French and names the place."""


def limit(name: str) -> int:
    return settings.CTG_FILE_LIMITS[name]


def count(number: int) -> str:
    """12345 -> '12 345' (French thousands)."""
    return f"{number:,}".replace(",", "\u202f")


def megabytes(size: int) -> str:
    """A file size as people read it: "48 Mo", "4 Ko", "500 octets"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.0f} Mo"
    return f"{size // 1024} Ko" if size >= 1024 else f"{size} octets"


def check_size(size: int, *, name: str, command: bool = False) -> None:
    """Refuse a file over the upload cap (or the cap of files given to a command)."""
    cap = limit("command_file_bytes" if command else "upload_bytes")
    if size > cap:
        raise FileRefused(
            f"{name} : fichier trop lourd ({megabytes(size)}), {megabytes(cap)} au plus."
        )


def check_path(path: str | Path) -> None:
    """Refuse a file given to a command over the command cap, before reading it."""
    path = Path(path)
    if path.is_file():
        check_size(path.stat().st_size, name=path.name, command=True)


# ---- writing -----------------------------------------------------------------------------------


def _needs_escape(text: str) -> bool:
    return text.lstrip(ESCAPE)[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text)


def inert_text(value: Any) -> Any:
    """A CSV field a spreadsheet shows as text: a leading "'" before = + - @ tab CR.

    The apostrophe is also added before text that already starts with "'" followed by one of
    those, so `restore_text` gives back exactly what was written."""
    if isinstance(value, str) and _needs_escape(value):
        return ESCAPE + value
    return value


def restore_text(text: str) -> str:
    """The text `inert_text` escaped (a CSV cell read back)."""
    if text.startswith(ESCAPE) and _needs_escape(text[1:]):
        return text[1:]
    return text


class _InertWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        if isinstance(row, dict):
            return self._writer.writerow({k: inert_text(v) for k, v in row.items()})
        return self._writer.writerow([inert_text(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    def writeheader(self):
        return self._writer.writeheader()


def csv_writer(out: IO[str], **options) -> _InertWriter:
    """`csv.writer` whose text fields are never formulas."""
    return _InertWriter(csv.writer(out, **options))


def csv_dict_writer(out: IO[str], fieldnames, **options) -> _InertWriter:
    """`csv.DictWriter` whose text fields are never formulas."""
    return _InertWriter(csv.DictWriter(out, fieldnames=fieldnames, **options))


def xlsx_row(values) -> list:
    """A row for `worksheet.append`: control characters XLSX cannot hold (a vertical tab
    pasted from a word processor, say) are dropped instead of failing the whole export."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]


def make_inert(workbook) -> None:
    """Turn every formula of a workbook built in memory into a plain text cell.

    openpyxl takes any text starting with "=" for a formula; the project writes none."""
    for sheet in workbook.worksheets:
        # The cells that exist, not the whole rectangle (iter_rows would visit every blank).
        for cell in sheet._cells.values():
            if cell.data_type == TYPE_FORMULA:
                cell.data_type = TYPE_STRING


def print_ready(sheet, *, header_rows: int = 1, fit_width: bool = True) -> None:
    """A sheet that reads on screen and prints: each row as tall as its wrapped cells' lines
    (LibreOffice keeps the default height of a row the file leaves unsized, so wrapped text
    would overlap), and pages in landscape, the header repeated on each; one page wide unless
    `fit_width` is false (a sheet of many columns would print too small to read)."""
    import math

    from openpyxl.utils import get_column_letter

    widths = {}
    for index in range(1, sheet.max_column + 1):
        letter = get_column_letter(index)
        widths[index] = sheet.column_dimensions[letter].width or 8.43
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            # Characters per line: the column width, less a little for the cell's margins.
            per_line = max(1, int(widths.get(cell.column, 8.43) * 1.1) - 2)
            text = str(cell.value)
            lines = max(
                lines, sum(max(1, math.ceil(len(part) / per_line)) for part in text.splitlines())
            )
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 15 * lines
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"


def workbook_bytes(workbook) -> bytes:
    """The XLSX file of a workbook, every cell inert (the one way the project saves one)."""
    make_inert(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---- reading CSV ----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, *, name: str = "fichier") -> tuple[str, str]:
    """(text, encoding) of a CSV as spreadsheets and survey tools save it.

    A BOM decides (UTF-8, UTF-16, UTF-32); else UTF-16 without BOM when every other byte is
    zero; else UTF-8; else Windows-1252 (French Excel); else Latin-1, which reads anything."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as error:
                raise FileRefused(
                    f"{name} : fichier annoncé en {encoding.upper()} mais illisible dans cet "
                    f"encodage (octet {error.start})."
                ) from error
    head = data[:2000]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(encoding), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    return data.decode("latin-1"), "latin-1"


def check_rows(rows: int, *, name: str) -> None:
    if rows > limit("sheet_rows"):
        raise FileRefused(
            f"{name} : plus de {count(limit('sheet_rows'))} lignes ; découpez le fichier."
        )


def read_csv_rows(text: str, *, delimiter: str, name: str) -> list[list[str]]:
    """Rows of a decoded CSV, text written by `csv_writer` restored, within the row limit."""
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        if number >= limit("sheet_rows"):
            check_rows(number + 1, name=name)
        rows.append([restore_text(cell) for cell in row])
    return rows


# ---- reading XLSX ------------------------------------------------------------------------------


@cache
def _parser_class():
    """openpyxl's streaming sheet parser, keeping a formula's cached value and saying when
    there is none (data_only alone reads such a cell as empty)."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    formula_tag = f"{{{SHEET_MAIN_NS}}}f"

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(formula_tag) is not None:
                cell["data_type"] = TYPE_FORMULA
            return cell

    return Parser


def read_xlsx(
    source: bytes | str | Path, *, name: str = "classeur", first_only: bool = False
) -> dict[str, list[list]]:
    """Every sheet (or the first) as rows of values (None for an empty cell), in sheet order.

    Refused with a French message before the work grows: an archive that unpacks beyond
    `xlsx_unpacked_bytes`, a sheet whose declared or actual size passes `sheet_rows`,
    `sheet_columns` or `sheet_cells`, a formula without a cached value."""
    from openpyxl import load_workbook

    handle = io.BytesIO(source) if isinstance(source, bytes) else Path(source)
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise FileRefused(f"{name} : ce n'est pas un classeur XLSX lisible.") from error
    if unpacked > limit("xlsx_unpacked_bytes"):
        raise FileRefused(
            f"{name} : le classeur décompressé ferait {megabytes(unpacked)}, "
            f"{megabytes(limit('xlsx_unpacked_bytes'))} au plus."
        )
    if isinstance(handle, io.BytesIO):
        handle.seek(0)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(f"{name} : ce n'est pas un classeur XLSX lisible.") from error
    try:
        sheets = workbook.worksheets[:1] if first_only else workbook.worksheets
        return {sheet.title: _read_sheet(workbook, sheet, name) for sheet in sheets}
    finally:
        workbook.close()


def _count_tags(sheet) -> tuple[int, int]:
    """At least the number of row and cell tags of a sheet's XML, read by chunks ("<row"
    also counts "<rowBreaks"; "x:row" is looked for when the file uses prefixed tags)."""
    rows = cells = 0
    tail = b""
    row_tags, cell_tags = [b"<row"], [b"<c ", b"<c>"]

    def add(data: bytes) -> None:
        nonlocal rows, cells
        rows += sum(data.count(tag) for tag in row_tags)
        cells += sum(data.count(tag) for tag in cell_tags)

    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            if not tail and b":sheetData" in chunk:
                row_tags, cell_tags = [b"<row", b":row"], [b"<c ", b"<c>", b":c ", b":c>"]
            data = tail + chunk
            cut = data.rfind(b"<")  # a tag cut in two is counted with the next chunk
            data, tail = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            add(data)
    add(tail)
    return rows, cells


def _read_sheet(workbook, sheet, name: str) -> list[list]:
    from openpyxl.utils import get_column_letter

    max_rows, max_columns, max_cells = (
        limit("sheet_rows"),
        limit("sheet_columns"),
        limit("sheet_cells"),
    )
    where = f"{name}, feuille « {sheet.title} »"

    def refuse(what: str):
        raise FileRefused(
            f"{where} : {what} ; au plus {count(max_rows)} lignes, {count(max_columns)} "
            f"colonnes et {count(max_cells)} cellules par feuille."
        )

    # The declared size (<dimension ref="A1:XFD1048576">) refuses most bombs before any row.
    if (sheet.max_row or 0) > max_rows or (sheet.max_column or 0) > max_columns:
        refuse(
            f"taille annoncée {count(sheet.max_row or 0)} lignes sur "
            f"{count(sheet.max_column or 0)} colonnes"
        )
    # A file may lie about its size: count its row and cell tags at C speed before parsing
    # (openpyxl's parser would spend seconds on a million rows), then check again as they come.
    found_rows, found_cells = _count_tags(sheet)
    if found_rows > max_rows:
        refuse(f"{count(found_rows)} lignes")
    if found_cells > max_cells:
        refuse(f"plus de {count(max_cells)} cellules remplies")
    rows: list[list] = []
    cells = 0
    with sheet._get_source() as source:
        parser = _parser_class()(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, row in parser.parse():
            if number > max_rows:
                refuse(f"ligne {count(number)}")
            values = [cell for cell in row if cell["value"] is not None or cell["data_type"] == "f"]
            if not values:
                continue
            width = max(cell["column"] for cell in values)
            if width > max_columns:
                refuse(f"colonne {get_column_letter(min(width, 18278))} à la ligne {number}")
            cells += len(values)
            if cells > max_cells:
                refuse(f"plus de {count(max_cells)} cellules remplies")
            line = [None] * width
            for cell in values:
                if cell["data_type"] == TYPE_FORMULA:
                    raise FileRefused(
                        f"{where}, cellule {get_column_letter(cell['column'])}{number} : formule "
                        "sans valeur calculée ; ouvrez et enregistrez le classeur dans un "
                        "tableur, ou collez les valeurs à la place de la formule."
                    )
                line[cell["column"] - 1] = cell["value"]
            rows.extend([] for _ in range(number - 1 - len(rows)))
            rows.append(line)
    return rows
