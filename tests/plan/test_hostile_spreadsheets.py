"""Hostile spreadsheets through the plan's pages: formulas stay text, bombs are refused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from openpyxl import load_workbook

from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory
from tests.core.test_spreadsheets import million_rows_declared, xfd_bomb
from tests.plan.test_spreadsheet import rich  # noqa: F401 (fixture)
from tests.utils import page_text

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://x","y")'
TITLES = {"A1": HOSTILE, "A2": "+33 5 46 00 00 00"}
DESCRIPTIONS = {"A1": "- un point\n- un autre", "A2": "@SUM(A1:A9)"}


@pytest.fixture
def hostile(rich):  # noqa: F811
    for number, title in TITLES.items():
        Action.objects.filter(convention=rich, number=number).update(
            title=title, description=DESCRIPTIONS[number]
        )
    return TITLES


def _import(client, convention, name, data):
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    return client.post(
        reverse("plan:import", args=[convention.slug]), {"file": SimpleUploadedFile(name, data)}
    )


def test_the_plan_workbook_writes_formula_like_titles_as_text(client, rich, hostile):  # noqa: F811
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    data = client.get(reverse("plan:export_xlsx", args=[rich.slug])).content
    sheet = load_workbook(io.BytesIO(data))["Actions"]
    cells = {row[0].value: row[3] for row in sheet.iter_rows(min_row=2)}
    for number, title in hostile.items():
        assert cells[number].data_type == "s"  # a formula would be "f"
        assert cells[number].value == title


def test_actions_csv_neutralises_formula_like_titles(client, rich, hostile):  # noqa: F811
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    text = client.get(reverse("plan:export_csv", args=[rich.slug])).content.decode("utf-8-sig")
    rows = {r["Numéro"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert rows["A1"]["Intitulé"] == "'" + HOSTILE
    for number in hostile:
        assert rows[number]["Intitulé"][:1] not in "=+-@"
        assert rows[number]["Description"][:1] not in "=+-@"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_formula_like_titles_survive_export_then_import(client, rich, hostile, fmt):  # noqa: F811
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    url = "plan:export_xlsx" if fmt == "xlsx" else "plan:export_csv"
    data = client.get(reverse(url, args=[rich.slug])).content
    Action.objects.filter(convention=rich).update(title="effacé", description="")
    response = _import(client, rich, f"plan.{fmt}", data)
    assert response.status_code == 302, page_text(response)
    imported = {a.number: a for a in Action.objects.filter(convention=rich)}
    for number, title in hostile.items():
        assert imported[number].title == title
        assert imported[number].description == DESCRIPTIONS[number]


@pytest.mark.parametrize(
    ("name", "bomb", "message"),
    [
        ("bombe.xlsx", xfd_bomb, "taille annoncée 1\u202f048\u202f576 lignes sur 16\u202f384"),
        ("million.xlsx", million_rows_declared, "taille annoncée 1\u202f000\u202f000 lignes"),
    ],
)
def test_a_workbook_bomb_is_refused_with_the_sheet_and_the_limit(client, rich, name, bomb, message):  # noqa: F811
    before = list(Action.objects.filter(convention=rich).values_list("number", "title"))
    response = _import(client, rich, name, bomb())
    text = page_text(response)
    assert response.status_code == 200
    assert f"{name}, feuille « Sheet » : {message}" in text
    assert "au plus 200\u202f000 lignes, 2\u202f000 colonnes" in text
    assert list(Action.objects.filter(convention=rich).values_list("number", "title")) == before


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252", "utf-8"])
def test_the_actions_csv_imports_in_the_encodings_spreadsheets_save(client, rich, encoding):  # noqa: F811
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    text = client.get(reverse("plan:export_csv", args=[rich.slug])).content.decode("utf-8-sig")
    text = text.replace("\u202f", " ")  # cp1252 has no narrow no-break space
    titles = dict(Action.objects.filter(convention=rich).values_list("number", "title"))
    Action.objects.filter(convention=rich).update(title="effacé")
    response = _import(client, rich, "actions.csv", text.encode(encoding))
    assert response.status_code == 302, page_text(response)
    assert dict(Action.objects.filter(convention=rich).values_list("number", "title")) == titles


def test_an_upload_over_the_cap_is_refused_before_it_is_read(client, rich, settings):  # noqa: F811
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "upload_bytes": 1024}
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 512  # through the capped handler, as in production
    response = _import(client, rich, "gros.csv", b"x" * 4096)
    assert "gros.csv : fichier trop lourd (4 Ko), 1 Ko au plus." in page_text(response)


def test_a_database_still_locked_after_the_wait_says_try_again(client, rich, monkeypatch):  # noqa: F811
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(spreadsheet, "import_tables", locked)
    client.raise_request_exception = False
    response = _import(client, rich, "plan.csv", "Numéro;Intitulé\n".encode())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "La base est occupée" in page_text(response)
    assert "réessayez" in page_text(response)
