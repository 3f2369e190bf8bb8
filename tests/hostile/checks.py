"""What a response carrying the hostile CTG must never do, by format. Each check raises
AssertionError with what a user would have met."""

from __future__ import annotations

import csv
import io
import json
import re

from .payloads import FORMULA_STARTS, RAW_MARKERS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMBER = re.compile(r"^[-+]?\d+([.,]\d+)?([eE][-+]?\d+)?$")


def kind_of(response) -> str:
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "text/html":
        return "html"
    if content_type in ("application/json", "application/geo+json") or content_type.endswith(
        "+json"
    ):
        return "json"
    if content_type == "text/csv":
        return "csv"
    if content_type == XLSX:
        return "xlsx"
    if content_type == DOCX:
        return "docx"
    if content_type == "application/pdf":
        return "pdf"
    if content_type == "text/calendar":
        return "ics"
    if content_type in ("application/yaml", "application/x-yaml", "text/yaml"):
        return "yaml"
    if content_type.startswith("text/") or content_type.endswith(("xml", "javascript")):
        return "text"
    return content_type or "empty"


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def no_raw_markup(text: str) -> None:
    for marker in RAW_MARKERS:
        at = text.find(marker)
        assert at < 0, f"balise active non échappée : …{text[max(0, at - 80) : at + 60]!r}…"


def check_html(data: bytes) -> None:
    no_raw_markup(data.decode("utf-8", errors="replace"))


def check_json(data: bytes) -> None:
    json.loads(data.decode("utf-8"))


def formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) and not NUMBER.match(value.strip())


def check_csv(data: bytes) -> None:
    text = data.decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    for line, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        for cell in row:
            assert not formula_like(cell), f"ligne {line} : cellule lue comme formule {cell!r}"


def check_xlsx(data: bytes) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (
                    f"{sheet.title}!{cell.coordinate} est une formule : {cell.value!r}"
                )


def check_docx(data: bytes) -> None:
    from docx import Document

    document = Document(io.BytesIO(data))
    assert document.paragraphs or document.tables


def check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(data)).pages) > 0


def check_ics(data: bytes) -> None:
    from icalendar import Calendar

    Calendar.from_ical(data)


def check_yaml(data: bytes) -> None:
    import yaml

    yaml.safe_load(data)


def check_text(data: bytes) -> None:
    no_raw_markup(data.decode("utf-8", errors="replace"))


CHECKS = {
    "html": check_html,
    "json": check_json,
    "csv": check_csv,
    "xlsx": check_xlsx,
    "docx": check_docx,
    "pdf": check_pdf,
    "ics": check_ics,
    "yaml": check_yaml,
    "text": check_text,
}
