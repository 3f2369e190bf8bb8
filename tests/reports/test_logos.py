"""Logos on the documents' covers: the signatories' (kept with the CTG) and the deploying
organisation's (settings.CTG_BRAND["logo_file"]). Generated rectangles, not real logos."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ctg_pilote.pilotage.bilan import build_bilan
from ctg_pilote.reports.bilan import render_bilan
from ctg_pilote.reports.brochure import brochure_pdf

from . import quality
from .test_document_quality import demo  # noqa: F401 (fixture)

COLOURS = [(200, 40, 40), (40, 150, 60), (240, 180, 0)]


def png(colour, size=(300, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def with_logos(demo, settings, tmp_path):  # noqa: F811
    convention = demo("rochefort-ocean")
    signatories = list(convention.organisations.signatories().order_by("pk"))
    assert len(signatories) >= 2
    for org, colour in zip(signatories[:2], COLOURS, strict=False):
        org.logo, org.logo_type = png(colour), "image/png"
        org.save()
    brand = tmp_path / "marque.png"
    brand.write_bytes(png(COLOURS[2], (400, 100)))
    settings.CTG_BRAND = {**settings.CTG_BRAND, "name": "Organisme déployeur", "logo_file": brand}
    return convention, [o.name for o in signatories[:2]]


def _cover_images(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages[0].images)


def test_the_brochure_cover_shows_the_signatories_and_the_deployers_logos(with_logos, tmp_path):
    convention, _names = with_logos
    pdf = brochure_pdf(convention)
    quality.pictures(pdf, tmp_path, "brochure-logos", last=1)
    assert _cover_images(pdf) == 3


def test_the_bilan_pdf_and_docx_covers_show_the_logos(with_logos, tmp_path):
    convention, names = with_logos
    content = build_bilan(convention, year=2025)
    pdf = render_bilan(content, "pdf")
    quality.pictures(pdf, tmp_path, "bilan-logos", last=1)
    assert _cover_images(pdf) == 3
    assert not quality.underfilled_pages(pdf)
    from docx import Document

    docx = render_bilan(content, "docx")
    (tmp_path / "bilan-logos.docx").write_bytes(docx)  # kept by pytest, to open and look at
    document = Document(io.BytesIO(docx))
    shapes = document.inline_shapes
    assert len(shapes) == 3
    described = [s._inline.docPr.get("descr") for s in shapes]
    assert described == ["Organisme déployeur", *sorted(names)]
    assert all(s.width.cm <= 5.01 for s in shapes)


def test_without_logos_the_covers_hold_no_image(demo):  # noqa: F811
    convention = demo("rochefort-ocean")
    assert _cover_images(brochure_pdf(convention)) == 0
    from docx import Document

    docx = render_bilan(build_bilan(convention, year=2025), "docx")
    assert len(Document(io.BytesIO(docx)).inline_shapes) == 0
