"""Every spreadsheet the project hands out shows a formula-like text as text."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ctg_pilote.conventions.models import Convention, ZoneCommune
from ctg_pilote.demo.services import DATA_DIR, demo_document
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.pilotage.models import BilanKind
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile():
    """The Rochefort demo CTG (published) whose action titles and first zone are formulas."""
    import_document(demo_document(DATA_DIR / "rochefort-ocean"))
    convention = Convention.objects.get(slug="rochefort-ocean")
    Action.objects.filter(convention=convention).update(title=HOSTILE)
    zone = convention.zones.order_by("pk").first()
    zone.name = "=1+1"
    zone.save()
    commune = convention.communes.order_by("code").first()
    ZoneCommune.objects.create(convention=convention, zone=zone, commune=commune)
    return convention


def _xlsx_cells(data: bytes):
    workbook = load_workbook(io.BytesIO(data))  # not data_only: formulas would show as "f"
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_inert_xlsx(data: bytes, text: str):
    cells = [c for c in _xlsx_cells(data) if c.value == text]
    assert cells, f"{text} missing from the workbook"
    assert {c.data_type for c in cells} == {"s"}
    assert not [c for c in _xlsx_cells(data) if c.data_type == "f"]


def _assert_inert_csv(text: str, expected: str):
    fields = [f for row in csv.reader(io.StringIO(text), delimiter=";") for f in row]
    assert "'" + expected in fields
    assert not [f for f in fields if f[:1] in ("=", "@")]


def test_xlsx_exports_write_formula_like_text_as_text(client, hostile):
    client.force_login(MembershipFactory(convention=hostile, role="coordinateur").user)
    slug = hostile.slug
    plan = client.get(reverse("plan:export_xlsx", args=[slug])).content
    _assert_inert_xlsx(plan, HOSTILE)
    bilan_url = reverse("pilotage:bilan_export", args=[slug, BilanKind.ANNUAL, 2025, "xlsx"])
    _assert_inert_xlsx(client.get(bilan_url).content, HOSTILE)
    comparison = client.get(reverse("diagnostic:export_xlsx", args=[slug])).content
    _assert_inert_xlsx(comparison, "=1+1")


def test_control_characters_pasted_in_a_title_do_not_break_the_xlsx_exports(client, hostile):
    """XLSX cannot hold a vertical tab (pasted from a word processor): it is dropped."""
    Action.objects.filter(convention=hostile).update(title="Ligne\x0bsuivante\x01")
    hostile.name = "CTG\x0b test"
    hostile.save(update_fields=["name"])
    client.force_login(MembershipFactory(convention=hostile, role="coordinateur").user)
    plan = client.get(reverse("plan:export_xlsx", args=[hostile.slug]))
    assert plan.status_code == 200
    assert "Lignesuivante" in [c.value for c in _xlsx_cells(plan.content)]
    bilan_url = reverse(
        "pilotage:bilan_export", args=[hostile.slug, BilanKind.ANNUAL, 2025, "xlsx"]
    )
    bilan = client.get(bilan_url)
    assert bilan.status_code == 200
    assert "CTG test" in [c.value for c in _xlsx_cells(bilan.content)]


def test_csv_exports_neutralise_formula_like_text(client, hostile, capsys):
    plan_url = reverse("public:open_data_file", args=[hostile.slug, "plan", "csv"])
    _assert_inert_csv(client.get(plan_url).content.decode("utf-8-sig"), HOSTILE)  # anonymous
    client.force_login(MembershipFactory(convention=hostile, role="coordinateur").user)
    actions = client.get(reverse("plan:export_csv", args=[hostile.slug]))
    _assert_inert_csv(actions.content.decode("utf-8-sig"), HOSTILE)
    comparison = client.get(reverse("diagnostic:export_csv", args=[hostile.slug]))
    _assert_inert_csv(comparison.content.decode("utf-8-sig"), "=1+1")
    call_command("portrait", hostile.slug, "--format", "csv")
    header = next(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert "'=1+1" in header and "=1+1" not in header
