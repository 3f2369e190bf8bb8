import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from ctg_pilote.reports.pdf import OfflineFetcher, OfflineResourceError, html_to_pdf


def test_a_template_becomes_a_pdf_with_the_project_font_and_its_text():
    template = Template(
        "{% load static %}<html lang='fr'><head>"
        "<link rel='stylesheet' href='{% static \"vendor/atkinson-hyperlegible/atkinson-hyperlegible.css\" %}'>"
        "</head><body style=\"font-family: 'Atkinson Hyperlegible'\">"
        "<h1>Bilan {{ year }}</h1><p>Petite enfance</p></body></html>"
    )
    pdf = html_to_pdf(template.render(Context({"year": 2025})))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert "Bilan 2025" in page.extract_text() and "Petite enfance" in page.extract_text()
    fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    assert any("Atkinson" in name for name in fonts), fonts  # the vendored font was embedded


def test_resources_outside_the_project_are_refused():
    with pytest.raises(OfflineResourceError, match="hors du projet"):
        OfflineFetcher().fetch("https://example.org/logo.png")
    with pytest.raises(OfflineResourceError, match="hors du projet"):
        OfflineFetcher().fetch("file:///etc/passwd")


def test_the_brochure_links_the_directory_where_the_site_serves_it():
    from django.urls import reverse

    from ctg_pilote.reports.brochure import directory_path

    assert directory_path() == reverse("directory:search")
