"""The quality gate: the demo brochures and Rochefort's 2025 bilan in its three formats, each
opened by its reader and checked as a reader looks at it. A few pages of each PDF are written
as PNG into pytest's temporary folder (kept after a failure) so a bad layout leaves a picture.
The checks themselves are shown to fail on layouts broken on purpose."""

from __future__ import annotations

import io

import pytest
from django.template import Context, Template

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.text import french_sort_key
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.pilotage.bilan import build_bilan
from ctg_pilote.reports.bilan import render_bilan
from ctg_pilote.reports.brochure import brochure_pdf
from ctg_pilote.reports.pdf import html_to_pdf

from . import quality

DEMOS = ("rochefort-ocean", "cholet-agglomeration")


@pytest.fixture
def demo(db):
    def load(slug: str) -> Convention:
        import_document(demo_document(DATA_DIR / slug))
        return Convention.objects.get(slug=slug)

    return load


@pytest.mark.parametrize("slug", DEMOS)
def test_a_demo_brochure_has_no_half_empty_page_and_says_what_it_is(demo, slug, tmp_path):
    convention = demo(slug)
    pdf = brochure_pdf(convention)
    pngs = quality.pictures(pdf, tmp_path, slug, last=99)
    # Sections follow one another where they fit: every page but the cover and the last is
    # at least half full.
    assert not quality.underfilled_pages(pdf, minimum=0.5), (quality.underfilled_pages(pdf), pngs)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Convention Territoriale Globale \u2013 {convention.name}"
    assert "Brochure" in reader.metadata.subject
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
    assert reader.trailer["/Root"]["/Lang"] == "fr"


def test_the_partners_of_a_brochure_are_in_french_order(demo):
    text = quality.pdf_text(brochure_pdf(demo("rochefort-ocean")))
    partners = text[text.index("Partenaires") : text.index("Liens avec les autres dispositifs")]
    chunks = partners.removeprefix("Partenaires").split(" · ")
    # A name and its kind; text drawn elsewhere on the page may come between (left out).
    names = [c.split("(")[0].strip() for c in chunks if len(c) < 90 and "(" in c]
    # Accented names among the others, not after Z.
    assert names.index("Échillais") < names.index("Fouras") < names.index("Vergeroux")
    assert names.index("Île-d'Aix") < names.index("La Baroulette")
    assert names == sorted(names, key=french_sort_key)


@pytest.fixture
def rochefort_2025(demo):
    return build_bilan(demo("rochefort-ocean"), year=2025)


def test_the_bilan_pdf_fills_its_pages_and_gives_every_count_and_verdict(rochefort_2025, tmp_path):
    pdf = render_bilan(rochefort_2025, "pdf")
    pngs = quality.pictures(pdf, tmp_path, "bilan")
    assert not quality.underfilled_pages(pdf), (quality.underfilled_pages(pdf), pngs)
    text = quality.pdf_text(pdf)
    for heading in (
        "L'année 2025 en chiffres",
        "Avancement du plan d'action",
        "Budget par financeur",
        "Gouvernance de l'année",
        "Conclusion et perspectives",
        "Sources et avertissements",
    ):
        assert heading in text
    # Each element's count is the number of actions listed under it.
    for section in rochefort_2025.sections:
        if section.actions:
            assert f"Actions : {len(section.actions)} (dont {section.planned}" in text
    assert "Pas de verdict : dernière valeur 2 en 2024" in text  # no verdict without a value


def test_the_bilan_docx_has_no_broken_word_nor_contradicting_count(rochefort_2025):
    docx = render_bilan(rochefort_2025, "docx")
    assert not quality.broken_words(docx)
    assert not quality.docx_count_contradictions(docx)
    assert not quality.docx_verdicts_without_value(docx)
    from docx import Document

    document = Document(io.BytesIO(docx))
    assert document.paragraphs[1].style.name == "Title"
    assert document.styles["Normal"].font.name == "Atkinson Hyperlegible"
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert document.core_properties.language == "fr-FR"
    assert any(p.style.name == "À compléter" for p in document.paragraphs)  # the conclusion
    # The closing block moves whole to a new page rather than leave one line alone there (seen
    # in LibreOffice: the « fictif » warning used to hold the last page by itself).
    texts = [p.text for p in document.paragraphs]
    closing = document.paragraphs[texts.index("Sources et avertissements") :]
    assert len(closing) >= 2
    assert all(p.paragraph_format.keep_together for p in closing)
    assert all(p.paragraph_format.keep_with_next for p in closing[:-1])
    assert sum("ne décrit pas la réalité" in text for text in texts) == 1  # said on the cover


def test_the_bilan_xlsx_is_typed_filtered_and_frozen(rochefort_2025):
    import datetime

    from openpyxl import load_workbook

    xlsx = render_bilan(rochefort_2025, "xlsx")
    assert not quality.xlsx_problems(xlsx)
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames[0] == "Lisez-moi"
    actions = book["Actions"]
    first = list(actions[2])
    assert isinstance(first[6].value, datetime.datetime) and first[6].number_format == "DD/MM/YYYY"
    assert first[4].value == 0.4 and first[4].number_format == "0 %"
    assert actions.column_dimensions["C"].width > 40  # titles are not cut


# ---- the checks fail on layouts broken on purpose ------------------------------------------------


def test_the_overlap_check_reports_wrapped_text_in_a_one_line_row():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from ctg_pilote.core.spreadsheets import print_ready

    book = Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 20
    sheet["A1"] = "Une action au titre bien plus long que sa colonne, sur trois lignes au moins"
    sheet["A1"].alignment = Alignment(wrap_text=True)
    assert quality.overlapping_cells(book) == ["Sheet!A1: text over the next rows"]
    print_ready(sheet)
    assert quality.overlapping_cells(book) == []


def test_the_fill_check_reports_a_page_holding_one_line():
    broken = Template(
        "<html lang='fr'><body><p>Couverture</p>"
        "<h1 style='break-before: page'>Titre seul</h1>"
        "<p style='break-before: page'>{{ text }}</p><p style='break-before: page'>Fin</p>"
        "</body></html>"
    ).render(Context({"text": "Un long paragraphe. " * 400}))
    problems = quality.underfilled_pages(html_to_pdf(broken))
    assert problems and problems[0].startswith("page 2:")


def test_the_word_check_reports_a_column_too_narrow_for_its_header():
    from docx import Document

    from ctg_pilote.reports.bilan_docx import TEMPLATE, table

    doc = Document(str(TEMPLATE))
    table(doc, ["N°", "Avancement"], [["1.1", "40 %"]], [16.0, 1.0])
    out = io.BytesIO()
    doc.save(out)
    assert quality.broken_words(out.getvalue()) == ["table 1, column 2: « Avancement »"]


def test_the_count_and_verdict_checks_report_a_contradiction():
    from docx import Document

    from ctg_pilote.reports.bilan_docx import TEMPLATE, table

    doc = Document(str(TEMPLATE))
    doc.add_paragraph("Actions : 3 (dont 3 sur l'année 2025) ; réalisées : 1.")
    table(doc, ["N°", "Appréciation"], [["1.1", "En retard"], ["1.2", "—"]], [2, 15])
    out = io.BytesIO()
    doc.save(out)
    assert quality.docx_count_contradictions(out.getvalue()) != []
    assert quality.docx_verdicts_without_value(out.getvalue()) == [
        "« En retard » without its value"
    ]


def test_the_map_and_charts_of_a_brochure_have_an_alternative_text(demo):
    from pypdf import PdfReader

    pdf = brochure_pdf(demo("rochefort-ocean"), base_url="https://ctg.exemple.fr")
    reader = PdfReader(io.BytesIO(pdf))
    alts, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            todo.extend(
                node.get("/K", []) if isinstance(node.get("/K"), list) else [node.get("/K")]
            )
        elif isinstance(node, list):
            todo.extend(node)
    assert any(alt.startswith("Carte des 25 communes") for alt in alts), alts
    assert any(alt.startswith("Population par tranche d'âge : 0-5 ans") for alt in alts), alts
    assert "Code QR de l'annuaire des services aux familles" in alts, alts
    assert all(alts), alts  # no figure without its text


def test_control_characters_pasted_in_names_do_not_break_any_bilan_format(convention):
    """A vertical tab pasted from a word processor into the CTG's name and an action's title:
    each file still opens (XML cannot hold it, the file's properties included)."""
    from ctg_pilote.core.text import fold
    from tests.plan.factories import ActionFactory, NodeFactory

    node = NodeFactory(convention=convention, number="1", sort_key="001", title="Axe")
    ActionFactory(convention=convention, node=node, number="1.1", title="Ligne\x0bsuivante\x01")
    convention.name = "CTG\x0b test"
    convention.save(update_fields=["name"])
    content = build_bilan(convention, year=convention.start_year)
    for fmt in ("pdf", "docx", "xlsx"):
        assert render_bilan(content, fmt), fmt
    from docx import Document

    document = Document(io.BytesIO(render_bilan(content, "docx")))
    assert fold(document.core_properties.title).endswith("ctg test")
