"""Spreadsheets are data, never formulas; files cannot exhaust the server (core.spreadsheets)."""

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from ctg_pilote.core import spreadsheets
from ctg_pilote.core.spreadsheets import FileRefused
from ctg_pilote.core.text import is_whole_number

FORMULA_LIKE = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "+33 5 46 00 00 00",
    "-",
    "- un point\n- un autre",
    "@SUM(A1:A3)",
    "\tTabulation",
    "\rRetour",
    "'=déjà échappé",
    "''=deux fois",
    "'apostrophe",
    "Texte ordinaire",
]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_csv_cell_is_never_a_formula_and_reads_back_as_written(text):
    out = io.StringIO()
    spreadsheets.csv_writer(out, delimiter=";").writerow([text, 12, -3.5])
    field = next(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter=";"))
    assert field[0][:1] not in spreadsheets.FORMULA_STARTS
    assert spreadsheets.restore_text(field[0]) == text
    assert field[1:] == ["12", "-3.5"]  # numbers are left alone


@pytest.mark.parametrize("number", ["-12", "-0,5", "+3.25", "-1 234,5", "-2e3"])
def test_a_plain_number_in_a_csv_keeps_its_sign(number):
    out = io.StringIO()
    spreadsheets.csv_dict_writer(out, ["v"], delimiter=";").writerow({"v": number})
    assert out.getvalue().strip() == number


def test_an_xlsx_text_cell_starting_with_equals_is_a_string_not_a_formula():
    workbook = Workbook()
    workbook.active.append(FORMULA_LIKE)
    data = spreadsheets.workbook_bytes(workbook)
    sheet = load_workbook(io.BytesIO(data)).active  # formulas would come back as data_type "f"
    assert [c.data_type for c in sheet[1]] == ["s"] * len(FORMULA_LIKE)
    assert [c.value for c in sheet[1]] == FORMULA_LIKE
    assert spreadsheets.read_xlsx(data)["Sheet"] == [FORMULA_LIKE]


def test_every_writer_of_the_project_goes_through_the_helper():
    """A new export that writes cells itself would let formulas through: use core.spreadsheets."""
    root = Path(spreadsheets.__file__).parents[1]
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "spreadsheets.py" and path.parent.name == "core":
            continue
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(root.parent)
        if re.search(r"\bcsv\.(writer|DictWriter)\(", text):
            offenders.append(f"{where}: csv.writer/DictWriter (use csv_writer/csv_dict_writer)")
        if re.search(r"\bWorkbook\(\)", text) and "workbook_bytes" not in text:
            offenders.append(f"{where}: a Workbook saved without workbook_bytes")
        if re.search(r"\bWorkbook\(\)", text) and "xlsx_row(" not in text:
            offenders.append(f"{where}: rows appended without xlsx_row")
        reads = "load_workbook" in text or re.search(r"csv\.(reader|DictReader)\(", text)
        if reads and "spreadsheets." not in text:
            offenders.append(f"{where}: reads a spreadsheet without core.spreadsheets")
        if re.search(r"yaml\.(safe_)?load\(", text) and where.as_posix() != (
            "ctg_pilote/exchange/document.py"
        ):
            offenders.append(f"{where}: YAML read without exchange.document.parse")
    assert offenders == []


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b""),
        ("cp1252", b""),
    ],
)
def test_csv_text_is_decoded_from_the_encodings_spreadsheets_save(encoding, prefix):
    text = "Numéro;Intitulé\r\n1.1;Crèche « Les Pitchouns » — été\r\n"
    decoded, _found = spreadsheets.decode_text(prefix + text.encode(encoding))
    assert decoded == text


def test_bytes_that_no_encoding_explains_are_still_read_as_latin_1():
    decoded, found = spreadsheets.decode_text(b"Nom\r\nA\x81B\r\n")  # 0x81: not in cp1252
    assert found == "latin-1" and decoded == "Nom\r\nA\x81B\r\n"


def _patch_sheet(data: bytes, change) -> bytes:
    """The same XLSX with its first sheet's XML passed through `change`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item, content)
    return out.getvalue()


def xfd_bomb() -> bytes:
    """2 KB: one cell at the last column and row (XFD1048576)."""
    workbook = Workbook()
    workbook.active["A1"] = "Titre"
    workbook.active["XFD1048576"] = "x"
    return spreadsheets.workbook_bytes(workbook)


def million_rows_declared() -> bytes:
    """A small workbook whose <dimension> announces a million rows."""
    workbook = Workbook()
    workbook.active.append(["Numéro", "Intitulé"])
    return _patch_sheet(
        spreadsheets.workbook_bytes(workbook),
        lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:Z1000000"', xml),
    )


def test_a_cell_at_xfd1048576_is_refused_naming_the_sheet_and_the_limit():
    data = xfd_bomb()
    assert len(data) < 10_000
    with pytest.raises(FileRefused) as refused:
        spreadsheets.read_xlsx(data, name="plan.xlsx")
    message = str(refused.value)
    assert "plan.xlsx, feuille « Sheet »" in message
    assert "1\u202f048\u202f576 lignes" in message and "au plus 200\u202f000 lignes" in message


def test_a_million_rows_announced_are_refused_before_any_row_is_read():
    with pytest.raises(FileRefused, match="taille annoncée 1\u202f000\u202f000 lignes"):
        spreadsheets.read_xlsx(million_rows_declared(), name="plan.xlsx")


def _lying(data: bytes) -> bytes:
    return _patch_sheet(
        data, lambda xml: re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1"', xml)
    )


def test_a_sheet_that_lies_about_its_size_is_refused_by_its_actual_rows(settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "sheet_rows": 50}
    workbook = Workbook()
    for i in range(60):
        workbook.active.append([i, "ligne"])
    data = _lying(spreadsheets.workbook_bytes(workbook))
    with pytest.raises(FileRefused, match="feuille « Sheet » : 60 lignes ; au plus 50 lignes"):
        spreadsheets.read_xlsx(data, name="plan.xlsx")
    with pytest.raises(FileRefused, match="ligne 1\u202f048\u202f576 ; au plus 50 lignes"):
        spreadsheets.read_xlsx(_lying(xfd_bomb()))
    wide = Workbook()
    wide.active["XFD1"] = "x"
    with pytest.raises(FileRefused, match="colonne XFD à la ligne 1 ; au plus 50 lignes, 2"):
        spreadsheets.read_xlsx(_lying(spreadsheets.workbook_bytes(wide)))


def test_a_million_real_rows_announcing_a1_are_refused_by_counting_them():
    workbook = Workbook()
    workbook.active.append(["Numéro"])
    row = '<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
    rows = "".join(row.format(n=n) for n in range(2, 1_000_001))
    data = _lying(
        _patch_sheet(
            spreadsheets.workbook_bytes(workbook),
            lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"),
        )
    )
    with pytest.raises(FileRefused, match="« Sheet » : 1\u202f000\u202f000 lignes ; au plus"):
        spreadsheets.read_xlsx(data)


def test_a_workbook_over_the_cell_budget_is_refused(settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "sheet_cells": 100}
    workbook = Workbook()
    for i in range(30):
        workbook.active.append([i, i, i, i])
    with pytest.raises(FileRefused, match="plus de 100 cellules remplies"):
        spreadsheets.read_xlsx(spreadsheets.workbook_bytes(workbook))


def test_an_archive_that_unpacks_too_big_is_refused(settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "xlsx_unpacked_bytes": 1024}
    workbook = Workbook()
    workbook.active["A1"] = "x" * 5000
    with pytest.raises(FileRefused, match=r"classeur : le classeur décompressé ferait"):
        spreadsheets.read_xlsx(spreadsheets.workbook_bytes(workbook))


def formula_workbook(cached: str | None) -> bytes:
    """B2 holds the formula =1+1, with `cached` as its computed value (None: never computed)."""
    workbook = Workbook()
    workbook.active.append(["Code", "Valeur"])
    workbook.active.append(["17299", "=1+1"])
    out = io.BytesIO()
    workbook.save(out)  # a real formula, as a spreadsheet application would write it
    if cached is None:
        return out.getvalue()
    return _patch_sheet(out.getvalue(), lambda xml: xml.replace("<v></v>", f"<v>{cached}</v>"))


def test_a_formula_counts_by_its_cached_value_else_it_is_refused_naming_the_cell():
    assert spreadsheets.read_xlsx(formula_workbook("2"))["Sheet"][1] == ["17299", 2]
    with pytest.raises(FileRefused, match="feuille « Sheet », cellule B2 : formule sans valeur"):
        spreadsheets.read_xlsx(formula_workbook(None), name="valeurs.xlsx")


def test_a_file_that_is_not_a_workbook_is_refused_in_french():
    with pytest.raises(FileRefused, match=r"valeurs\.xlsx : ce n'est pas un classeur XLSX lisible"):
        spreadsheets.read_xlsx(b"PK\x03\x04 pas un zip", name="valeurs.xlsx")


def test_strict_whole_numbers_refuse_superscripts_and_other_scripts():
    assert is_whole_number("42")
    for text in ("²", "٣", "4²", "", " 4", "-1"):
        assert not is_whole_number(text)
