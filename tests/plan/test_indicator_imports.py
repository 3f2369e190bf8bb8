"""Indicators written by a workbook or an exchange document: updated in place, so their
history stays, and every figure the file changes enters that history with the file's name."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.plan.models import Indicator
from tests.conventions.factories import MembershipFactory
from tests.plan.test_exchange import rich_plan_document
from tests.utils import page_text


def _read(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


pytestmark = pytest.mark.django_db


@pytest.fixture
def rich():
    import_document(rich_plan_document())
    return Convention.objects.get(slug="rochefort-ocean")


def test_a_workbook_s_values_enter_the_history_naming_the_file(client, rich):
    indicator = Indicator.objects.get(convention=rich, ref="I1")
    assert not indicator.value_changes.exists()  # a document restores, it does not enter
    membership = MembershipFactory(convention=rich, role="coordinateur")
    client.force_login(membership.user)
    book = load_workbook(
        io.BytesIO(client.get(reverse("plan:export_xlsx", args=[rich.slug])).content)
    )
    sheet = book["Valeurs"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Indicateur")].value == "I1")
    row[header.index("Valeur")].value = 21
    sheet.append(["I1", 2025, 24, "", "", ""][: len(header)])
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("plan:import", args=[rich.slug]),
        {"file": SimpleUploadedFile("suivi-novembre.xlsx", out.getvalue())},
    )
    assert response.status_code == 302, page_text(response)
    assert Indicator.objects.get(convention=rich, ref="I1").pk == indicator.pk  # in place
    page = _read(client.get(reverse("plan:indicator", args=[rich.slug, indicator.pk])))
    assert "Valeur mesurée 2024 : 18 → 21" in page
    assert "Valeur mesurée 2025 : non renseigné → 24" in page
    assert "(classeur « suivi-novembre.xlsx »)" in page


def test_a_document_changing_a_saved_indicator_leaves_its_history(rich):
    indicator = Indicator.objects.get(convention=rich, ref="I1")
    document = rich_plan_document()
    document["plan"]["indicateurs"][0]["valeurs"][0]["valeur"] = 19
    document["plan"]["indicateurs"][0]["cibles"] = [{"annee": 2024, "valeur": 20}]
    import_document(document)
    history = {
        (c.figure, c.year, c.old, c.new, c.origin)
        for c in Indicator.objects.get(pk=indicator.pk).value_changes.all()
    }
    assert history == {
        ("valeur", 2024, 18, 19, "echange"),
        ("cible", 2025, 25.5, None, "echange"),
    }


def test_an_indicator_s_history_survives_an_export_and_a_restore(client, rich):
    """A CTG exported then imported elsewhere (a backup restored, another platform) keeps
    who entered each figure, when and how: the indicator page still says it."""
    indicator = Indicator.objects.get(convention=rich, ref="I1")
    membership = MembershipFactory(convention=rich, role="coordinateur")
    client.force_login(membership.user)
    page_url = reverse("plan:indicator", args=[rich.slug, indicator.pk])
    form = {"version": indicator.version, "baseline_value": "", "baseline_year": ""}
    for year in range(rich.start_year, rich.end_year + 1):
        for column in ("target", "value", "comment", "source"):
            form[f"{column}_{year}"] = ""
    for target in indicator.targets.all():
        form[f"target_{target.year}"] = str(target.value)
    if indicator.baseline_value is not None:
        form["baseline_value"] = str(indicator.baseline_value)
        form["baseline_year"] = str(indicator.baseline_year)
    form["value_2024"] = "0"  # a figure of 0 is a figure, not a blank
    form["value_2025"] = "21"
    response = client.post(page_url, form)
    assert response.status_code == 302, page_text(response)
    before = _read(client.get(page_url)).split("Historique des valeurs")[1]
    assert "Valeur mesurée 2024 : 18 → 0" in before

    document = export_convention(rich)
    Convention.objects.filter(pk=rich.pk).delete()
    import_document(document)
    restored = Convention.objects.get(slug=rich.slug)
    copy = Indicator.objects.get(convention=restored, ref="I1")
    page = reverse("plan:indicator", args=[restored.slug, copy.pk])
    after = _read(client.get(page)).split("Historique des valeurs")[1]
    assert after == before
    assert export_convention(restored)["plan"] == document["plan"]
