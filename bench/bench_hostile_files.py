"""Refusal of booby-trapped files: each is refused in French before it exhausts the server."""

import io
import time
import zipfile

from common import emit, setup_django

MILLION = 1_000_000
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)


def million_rows(dimension: str) -> bytes:
    """A real sheet of a million rows (about 3 MB zipped), announcing `dimension`."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, MILLION + 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def xfd_bomb() -> bytes:
    from openpyxl import Workbook

    from ctg_pilote.core.spreadsheets import workbook_bytes

    workbook = Workbook()
    workbook.active["A1"] = "Numéro"
    workbook.active["XFD1048576"] = "x"
    return workbook_bytes(workbook)


def billion_laughs() -> str:
    lines = ["format: ctg-pilote", "padding: " + "x" * 45_000]
    lines.append('a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]')
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def refusal(label: str, func, *, refused) -> tuple[str, str, str]:
    start = time.perf_counter()
    try:
        func()
    except refused as error:
        elapsed = time.perf_counter() - start
        message = str(error).splitlines()[0][:90]
        return (f"refus d'un fichier piégé : {label} (« {message}… »)", f"{elapsed:.2f} s", "< 2 s")
    return (f"refus d'un fichier piégé : {label}", "ACCEPTÉ", "< 2 s")


def main() -> None:
    setup_django()
    from ctg_pilote.exchange.document import parse
    from ctg_pilote.exchange.problems import ExchangeError
    from ctg_pilote.plan.spreadsheet import SheetError, read_csv, read_workbook

    bomb = xfd_bomb()
    honest = million_rows(f"A1:A{MILLION}")
    lying = million_rows("A1")
    utf16 = ("Numéro;Intitulé\r\n" * 2).encode("utf-16")
    rows = [
        refusal(
            f"XLSX de {len(bomb) // 1024} Ko, une cellule en XFD1048576",
            lambda: read_workbook(bomb, name="bombe.xlsx"),
            refused=SheetError,
        ),
        refusal(
            f"XLSX de {len(honest) / 1e6:.1f} Mo, un million de lignes annoncées",
            lambda: read_workbook(honest, name="million.xlsx"),
            refused=SheetError,
        ),
        refusal(
            f"XLSX de {len(lying) / 1e6:.1f} Mo, un million de lignes, taille annoncée A1",
            lambda: read_workbook(lying, name="million.xlsx"),
            refused=SheetError,
        ),
        refusal(
            f"YAML de {len(billion_laughs()) // 1024} Ko, bombe d'alias (validate_ctg)",
            lambda: parse(billion_laughs(), name="bombe.yaml"),
            refused=ExchangeError,
        ),
        refusal(
            "YAML imbriqué sur 100 000 niveaux",
            lambda: parse("[" * 100_000 + "]" * 100_000, name="profond.yaml"),
            refused=ExchangeError,
        ),
    ]
    start = time.perf_counter()
    read_csv(utf16, name="actions.csv")
    rows.append(("lecture d'un CSV UTF-16 (2 lignes)", f"{time.perf_counter() - start:.3f} s", ""))
    emit(rows)


if __name__ == "__main__":
    main()
