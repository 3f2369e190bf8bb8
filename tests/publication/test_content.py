"""What the Rochefort Océan demo publishes: page, brochure (PDF and HTML), open data."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from ctg_pilote.plan.models import Action
from ctg_pilote.publication import services
from ctg_pilote.reports.brochure import brochure_pdf

pytestmark = pytest.mark.django_db

ENJEUX = ["Réseaux", "Handicap", "Mobilité", "Culture"]


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), " ".join(text.split())


def test_the_brochure_command_writes_the_enjeux_actions_and_dates(rochefort, tmp_path):
    target = tmp_path / "rochefort.pdf"
    call_command("brochure", "rochefort-ocean", "-o", str(target))
    pages, text = pdf_text(target.read_bytes())
    assert pages > 4
    for enjeu in ENJEUX:
        assert f"Enjeu {ENJEUX.index(enjeu) + 1} : {enjeu}" in text
    actions = list(Action.objects.filter(convention=rochefort, is_priority=True))
    assert len(actions) == 13
    for action in actions:
        assert " ".join(action.title.split())[:40] in text, action.number
    assert "24 juin 2021" in text and "Présentation en Conseil Communautaire" in text
    assert "Caisse d'Allocations Familiales de la Charente-" in text  # signatory, on the cover
    assert "/ " in text  # page numbers "n / total"


def test_the_brochure_of_an_unknown_ctg_says_which_exist(rochefort):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"inconnue.*rochefort-ocean"):
        call_command("brochure", "nulle-part", "-o", "/dev/null")


def test_the_brochure_shows_only_the_published_sections(rochefort):
    services.save_publication(
        convention=rochefort, is_published=True, introduction="", sections=["signataires"]
    )
    _, text = pdf_text(brochure_pdf(rochefort))
    assert "Signataires et période" in text
    assert "Enjeux et actions prioritaires" not in text and "Dates clés" not in text


def test_the_public_page_shows_the_published_content(client, rochefort):
    page = client.get(reverse("public:page", args=["rochefort-ocean"])).content.decode()
    assert "Mise en œuvre d'un réseau Petite Enfance" in page or "Mise en œuvre d&#x27;un" in page
    assert "Donnée fictive" in page  # the demo follow-up is labelled
    assert "Source\u00a0: " in page
    assert "@demo.test" not in page  # no demo account address


def test_the_html_brochure_draws_the_map_as_svg(client, rochefort):
    page = client.get(reverse("public:brochure_html", args=["rochefort-ocean"])).content.decode()
    assert "<svg" in page and "Carte des 25 communes de la CTG" in page


def test_open_data_plan_as_csv_and_json(client, rochefort):
    url = reverse("public:open_data_file", args=["rochefort-ocean", "plan", "csv"])
    text = client.get(url).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 13 and {r["enjeu"] for r in rows} == set(ENJEUX)
    url = reverse("public:open_data_file", args=["rochefort-ocean", "chiffres-cles", "json"])
    document = json.loads(client.get(url).content)
    assert document["licence"]["nom"].startswith("Licence Ouverte")
    assert any(row["valeur"] == 13401 for row in document["donnees"])


def test_open_data_of_an_unpublished_section_is_not_found(client, rochefort):
    services.save_publication(
        convention=rochefort, is_published=True, introduction="", sections=["plan"]
    )
    url = reverse("public:open_data_file", args=["rochefort-ocean", "chiffres-cles", "csv"])
    response = client.get(url)
    assert response.status_code == 404
    url = reverse("public:communes_geojson", args=["rochefort-ocean"])
    assert client.get(url).status_code == 404


def test_the_accessibility_statement_is_linked_from_every_page(client, db):
    page = client.get(reverse("public:accessibility")).content.decode()
    assert "Déclaration d&#x27;accessibilité" in page or "Déclaration d'accessibilité" in page
    assert reverse("public:accessibility") in page


def test_the_brochure_links_the_directory_on_the_offers_page(rochefort, tmp_path):
    """Given the site's address, the page of the offer carries the directory's short address (and
    its QR code, whose alt text tests/reports checks); without it, neither, and the command says
    why."""
    reader = PdfReader(io.BytesIO(brochure_pdf(rochefort, base_url="https://ctg.exemple.fr/")))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    offer = next(i for i, text in enumerate(pages) if "L'offre de services aux familles" in text)
    assert "ctg.exemple.fr/services/" in pages[offer]
    assert "https://" not in pages[offer]  # the short address, as people type it
    target = tmp_path / "sans-adresse.pdf"
    err = io.StringIO()
    call_command("brochure", "rochefort-ocean", "-o", str(target), stderr=err)
    assert "/services/" not in pdf_text(target.read_bytes())[1]
    assert "--base-url" in err.getvalue()
    with pytest.raises(CommandError, match="adresse du site"):
        call_command("brochure", "rochefort-ocean", "--base-url", "ctg.exemple.fr", "-o", "x.pdf")
