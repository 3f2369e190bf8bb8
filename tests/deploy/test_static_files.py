"""Static files as production serves them: hashed names written by collectstatic into
STATIC_ROOT, answered by WhiteNoise with far-future cache headers, and found by the PDFs."""

import io
import re

import pytest
from django.core.management import call_command
from django.template import engines
from django.test import Client, override_settings
from pypdf import PdfReader

from ctg_pilote.reports.pdf import html_to_pdf


@pytest.fixture
def collected(tmp_path):
    # Hashed like production; production also compresses (gzip, brotli), which takes a minute.
    manifest = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings(
        STORAGES=manifest,
        STATIC_ROOT=tmp_path,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path


@pytest.mark.django_db
def test_pages_name_hashed_files_served_with_far_future_cache_headers(collected):
    client = Client()
    page = client.get("/compte/connexion/").content.decode()
    stylesheet = re.search(r'href="(/static/css/theme\.[0-9a-f]{12}\.css)"', page).group(1)
    response = client.get(stylesheet)
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert client.get("/static/css/inexistant.css").status_code == 404


def test_pdfs_find_the_hashed_stylesheets_and_fonts(collected):
    html = (
        engines["django"]
        .from_string(
            "{% load static %}<link rel='stylesheet' "
            "href=\"{% static 'vendor/atkinson-hyperlegible/atkinson-hyperlegible.css' %}\">"
            "<p style=\"font-family: 'Atkinson Hyperlegible'\">Bonjour</p>"
        )
        .render({})
    )
    assert re.search(r"atkinson-hyperlegible\.[0-9a-f]{12}\.css", html)
    pdf = PdfReader(io.BytesIO(html_to_pdf(html)))
    fonts = pdf.pages[0]["/Resources"]["/Font"].values()
    assert any("Atkinson" in font.get_object()["/BaseFont"] for font in fonts)
