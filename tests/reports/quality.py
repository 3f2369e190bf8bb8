"""The quality gate of generated documents: each is opened by its reader (pypdf, python-docx,
openpyxl) and checked as a reader would look at it. Each check returns the problems it found,
in French-free plain words for the test's message; an empty list means the document passes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

MM = 72 / 25.4
# Text in these bands is the running footer or header, not the page's content.
FOOTER_BAND = 16 * MM
HEADER_BAND = 12 * MM
VERDICTS = ("En bonne voie", "À surveiller", "En retard")


def text_bottoms(pdf: bytes) -> list[tuple[float, float] | None]:
    """Per page: (height of the page, lowest baseline of its content text measured from the
    top), or None for a page without content text. Footers and headers are left out."""
    from pypdf import PdfReader

    result = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        lowest: list[float] = []

        def visit(text, cm, tm, font_dict, font_size, lowest=lowest, height=height):
            if not text.strip():
                return
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if FOOTER_BAND < y < height - HEADER_BAND:
                lowest.append(height - y)

        page.extract_text(visitor_text=visit)
        result.append((height, max(lowest)) if lowest else None)
    return result


def underfilled_pages(pdf: bytes, *, skip_first: bool = True, minimum: float = 0.25) -> list:
    """Pages (numbered from 1) whose content stops above `minimum` of the page, the cover and
    the last page apart (the end of the document may be short)."""
    pages = text_bottoms(pdf)
    problems = []
    for number, found in enumerate(pages, start=1):
        if number == len(pages) or (skip_first and number == 1):
            continue
        if found is None:
            problems.append(f"page {number}: no content")
            continue
        height, bottom = found
        filled = (bottom - HEADER_BAND) / (height - HEADER_BAND - FOOTER_BAND)
        if filled < minimum:
            problems.append(f"page {number}: {filled:.0%} filled")
    return problems


def pdf_text(pdf: bytes) -> str:
    """The text of every page, its lines joined: a cell's text wraps on several lines."""
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def pictures(pdf: bytes, folder: Path, name: str, *, first: int = 1, last: int = 4) -> list[Path]:
    """A few pages as PNG in `folder` (kept by pytest), so a failing layout leaves a picture.
    Nothing when pdftoppm is missing."""
    if not shutil.which("pdftoppm"):
        return []
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", str(first), "-l", str(last), source, folder / name],
        check=True,
        timeout=120,
    )
    return sorted(folder.glob(f"{name}-*.png"))


# ---- DOCX ---------------------------------------------------------------------------------------

# A generous average width of a character of a sans-serif at 1 pt (bold, capitals and the
# fallback fonts of LibreOffice included), and a table cell's left and right margins.
CHAR_EM = 0.62
CELL_MARGINS_PT = 8.0


def broken_words(docx: bytes, *, font_pt: float = 9.0) -> list[str]:
    """Words of a table cell wider than their column: Word and LibreOffice would break them
    inside (« Développe-r », « Avancem-ent »)."""
    from docx import Document

    problems = []
    for t, table in enumerate(Document(io.BytesIO(docx)).tables, start=1):
        widths = [col.width for col in table.columns]
        if any(w is None for w in widths):
            problems.append(f"table {t}: a column has no width")
            continue
        for row in table.rows:
            for column, cell in enumerate(row.cells):
                room = widths[column].pt - CELL_MARGINS_PT
                for word in cell.text.split():
                    if len(word) * CHAR_EM * font_pt > room:
                        problems.append(f"table {t}, column {column + 1}: « {word} »")
    return problems


def docx_count_contradictions(docx: bytes) -> list[str]:
    """A paragraph « Actions : N (…) » followed by a table of other than N actions."""
    from docx import Document

    document = Document(io.BytesIO(docx))
    body = document.element.body
    tables = {t._tbl: t for t in document.tables}
    problems, expected = [], None
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            text = "".join(node.text or "" for node in child.iter() if node.tag.endswith("}t"))
            match = re.match(r"Actions : (\d+) \(", text)
            if match:
                expected = (int(match.group(1)), text)
        elif child.tag.endswith("}tbl") and expected is not None:
            rows = len(tables[child].rows) - 1
            if rows != expected[0]:
                problems.append(f"« {expected[1]} » then {rows} rows")
            expected = None
    return problems


def docx_verdicts_without_value(docx: bytes) -> list[str]:
    from docx import Document

    problems = []
    for table in Document(io.BytesIO(docx)).tables:
        for row in table.rows[1:]:
            for cell in row.cells:
                text = cell.text
                if any(text.startswith(v) for v in VERDICTS) and not re.search(r"\(\d", text):
                    problems.append(f"« {text} » without its value")
    return problems


# ---- XLSX ---------------------------------------------------------------------------------------


def overlapping_cells(book) -> list[str]:
    """Wrapped text that cannot fit on one line of its column, in a row left one line high:
    LibreOffice then draws it over the next rows."""
    problems = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or not cell.alignment.wrap_text:
                    continue
                width = sheet.column_dimensions[cell.column_letter].width or 8.43
                height = sheet.row_dimensions[cell.row].height or 15
                if len(str(cell.value)) > width * 1.5 and height < 30:
                    problems.append(f"{sheet.title}!{cell.coordinate}: text over the next rows")
    return problems


def xlsx_problems(xlsx: bytes) -> list[str]:
    """Every table sheet has a frozen header, a filter, widths set; a verdict has its value;
    the count of actions of each element is the number of its rows in « Actions »."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    problems = []
    for sheet in book.worksheets[1:]:
        if sheet.freeze_panes != "A2":
            problems.append(f"{sheet.title}: header not frozen")
        if sheet.max_row > 1 and not sheet.auto_filter.ref:
            problems.append(f"{sheet.title}: no filter")
        if not sheet.column_dimensions["A"].width:
            problems.append(f"{sheet.title}: no column width")
        if not (sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage):
            problems.append(f"{sheet.title}: does not print one page wide")
    problems += overlapping_cells(book)
    for row in book["Indicateurs"].iter_rows(min_row=2, values_only=True):
        if row[6] in VERDICTS and row[5] is None:
            problems.append(f"Indicateurs: {row[1]} has a verdict and no value")
    listed: dict[str, int] = {}
    for row in book["Actions"].iter_rows(min_row=2, values_only=True):
        listed[row[0]] = listed.get(row[0], 0) + 1
    for row in book["Éléments du plan"].iter_rows(min_row=2, values_only=True):
        if row[3] != listed.get(row[1], 0):
            problems.append(
                f"Éléments du plan: {row[1]} counts {row[3]}, lists {listed.get(row[1], 0)}"
            )
    return problems
