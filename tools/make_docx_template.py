#!/usr/bin/env python3
"""Build the Word template of the bilans, `ctg_pilote/reports/docx/bilan-modele.docx`.

A real styled template a coordinator can amend in Word or LibreOffice: A4 with 2 cm margins,
the theme's font (Atkinson Hyperlegible, falling back to Arial then any sans-serif when it is
not installed), Title, Subtitle, Heading 1-3, a table style « Tableau CTG » (blue header row
repeated on every page, light row lines), a « Chiffre clé » paragraph style and a footer with
the page number. `reports/bilan_docx.py` fills a copy of it.

Usage (from the repository root): uv run python tools/make_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "ctg_pilote/reports/docx/bilan-modele.docx"
FONT = "Atkinson Hyperlegible"
FALLBACK = "Arial"
BLUE = RGBColor(0x1F, 0x4E, 0x8C)
INK = RGBColor(0x1B, 0x1B, 0x1B)


def _fonts(style, size: float, *, bold=False, colour=INK) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = colour
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _spacing(style, before: float, after: float, line: float | None = None) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line:
        fmt.line_spacing = line


def _font_table_fallback(document) -> None:
    """Declare the theme's font in the font table with Arial as its alternative name and the
    sans-serif family, so Word and LibreOffice substitute a sans-serif when it is missing."""
    part = next(
        (p for p in document.part.package.iter_parts() if p.partname.endswith("fontTable.xml")),
        None,
    )
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    for node in root.findall(qn("w:font")):
        if node.get(qn("w:name")) == FONT:
            root.remove(node)
    font = etree.SubElement(root, qn("w:font"))
    font.set(qn("w:name"), FONT)
    for tag, value in (("w:altName", FALLBACK), ("w:family", "swiss"), ("w:pitch", "variable")):
        child = etree.SubElement(font, qn(tag))
        child.set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _border(parent, edge: str, size: int, colour: str) -> None:
    node = OxmlElement(f"w:{edge}")
    node.set(qn("w:val"), "single")
    node.set(qn("w:sz"), str(size))
    node.set(qn("w:space"), "0")
    node.set(qn("w:color"), colour)
    parent.append(node)


def _table_style(document) -> None:
    style = document.styles.add_style("Tableau CTG", WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    _fonts(style, 9)
    element = style.element
    tbl_pr = element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    _border(borders, "top", 4, "1F4E8C")
    _border(borders, "bottom", 4, "B5B5B5")
    _border(borders, "insideH", 4, "B5B5B5")
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", 40), ("left", 80), ("bottom", 40), ("right", 80)):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:w"), str(width))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.append(margins)
    # The header row: bold white on the theme's blue.
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    r_pr = OxmlElement("w:rPr")
    r_pr.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "FFFFFF")
    r_pr.append(colour)
    first.append(r_pr)
    tc_pr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "1F4E8C")
    tc_pr.append(shading)
    first.append(tc_pr)
    element.append(first)


def _footer(section) -> None:
    paragraph = section.footer.paragraphs[0]
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)
    paragraph.alignment = 2  # right


def build() -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.footer_distance = Cm(1)
    styles = document.styles
    _fonts(styles["Normal"], 10)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    styles["Normal"].element.get_or_add_rPr().append(lang)
    _spacing(styles["Normal"], 0, 4, 1.15)
    _fonts(styles["Title"], 26, bold=True, colour=BLUE)
    _spacing(styles["Title"], 0, 8)
    title_pr = styles["Title"].element.get_or_add_pPr()
    for border in title_pr.findall(qn("w:pBdr")):
        title_pr.remove(border)
    _fonts(styles["Subtitle"], 14, colour=BLUE)
    _spacing(styles["Subtitle"], 0, 6)
    for level, size, before in ((1, 16, 18), (2, 13, 12), (3, 11, 8)):
        style = styles[f"Heading {level}"]
        _fonts(style, size, bold=True, colour=BLUE if level < 3 else INK)
        _spacing(style, before, 4)
        style.paragraph_format.keep_with_next = True
    for name in ("List Bullet", "Quote", "Caption"):
        _fonts(styles[name], 10 if name != "Caption" else 8, colour=INK)
    styles["Quote"].font.italic = True
    figure = styles.add_style("Chiffre clé", WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = styles["Normal"]
    _fonts(figure, 10)
    _spacing(figure, 0, 2)
    placeholder = styles.add_style("À compléter", WD_STYLE_TYPE.PARAGRAPH)
    placeholder.base_style = styles["Normal"]
    _fonts(placeholder, 10, colour=RGBColor(0x8A, 0x4B, 0x00))
    placeholder.font.italic = True
    _table_style(document)
    _font_table_fallback(document)
    _footer(section)
    core = document.core_properties
    core.title, core.author, core.language = "Bilan de CTG", "ctg-pilote", "fr-FR"
    for paragraph in list(document.paragraphs):
        paragraph._element.getparent().remove(paragraph._element)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    document.save(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
