import io

import pytest
from pypdf import PdfReader

from ctg_pilote.reports.pdf import OfflineFetcher, OfflineResourceError, render_pdf


def test_a_template_becomes_a_pdf_with_the_project_font_and_its_text(tmp_path, settings):
    settings.TEMPLATES[0]["DIRS"] = [tmp_path, *settings.TEMPLATES[0]["DIRS"]]
    (tmp_path / "essai.html").write_text(
        "{% load static %}<html lang='fr'><head>"
        "<link rel='stylesheet' href='{% static \"vendor/atkinson-hyperlegible/atkinson-hyperlegible.css\" %}'>"
        "</head><body style=\"font-family: 'Atkinson Hyperlegible'\">"
        "<h1>Bilan {{ year }}</h1><p>Petite enfance</p></body></html>",
        encoding="utf-8",
    )
    pdf = render_pdf("essai.html", {"year": 2025})
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Bilan 2025" in page.extract_text() and "Petite enfance" in page.extract_text()
    fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert any("Atkinson" in name for name in fonts), fonts  # the vendored font was embedded


def test_resources_outside_the_project_are_refused():
    with pytest.raises(OfflineResourceError, match="hors du projet"):
        OfflineFetcher().fetch("https://example.org/logo.png")
    with pytest.raises(OfflineResourceError, match="hors du projet"):
        OfflineFetcher().fetch("file:///etc/passwd")
