"""Numbers and dates out of bounds on every route into the plan: the workbook (and its
upload), the exchange document, the pages' forms and the API. Each is refused with a French
message naming its place, and nothing is written."""

import copy
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.exchange import PlanSection
from ctg_pilote.plan.models import Action, IndicatorTarget, IndicatorValue
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory
from tests.plan.factories import IndicatorFactory, IndicatorValueFactory, no_formset_rows
from tests.plan.test_exchange import rich_plan_document
from tests.utils import page_text

pytestmark = pytest.mark.django_db

# What people type or what a spreadsheet cell can hold, and the start of the answer.
NUMBERS = [
    (1e20, "Valeur hors limites (1e+20)"),
    (1e308, "Valeur hors limites (1e+308)"),
    ("1e999", "Valeur hors limites (1e999)"),
    ("12345678901234567890", "Valeur hors limites (12345678901234567890)"),
    ("nan", "nombre fini attendu : « nan »"),
    ("inf", "nombre fini attendu : « inf »"),
    ("-inf", "nombre fini attendu : « -inf »"),
]
DATES = [
    ("01/01/0001", "Date hors limites (01/01/0001)"),
    ("31/12/9999", "Date hors limites (31/12/9999)"),
]
BOUNDS = "saisissez une date entre le 01/01/1990 et le 31/12/2100."


@pytest.fixture
def rich():
    import_document(rich_plan_document())
    return Convention.objects.get(slug="rochefort-ocean")


def _tables(convention):
    workbook = spreadsheet.build_workbook(convention, PlanSection().export(convention))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}


def _problems(convention, tables) -> list[str]:
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(convention, tables)
    return error.value.problems


# ---- workbook --------------------------------------------------------------------------------


def test_workbook_values_out_of_bounds_are_named_and_nothing_is_saved(rich):
    before = PlanSection().export(rich)
    tables = _tables(rich)
    column = tables["Valeurs"][0].index("Valeur")
    for cell, expected in NUMBERS:
        changed = copy.deepcopy(tables)
        changed["Valeurs"][1][column] = cell
        problems = _problems(rich, changed)
        assert any(
            p.startswith(f"Feuille « Valeurs », ligne 2, colonne « Valeur » : {expected}")
            for p in problems
        ), (cell, problems)
    assert PlanSection().export(rich) == before


def test_workbook_dates_and_years_out_of_bounds_are_named(rich):
    before = PlanSection().export(rich)
    tables = _tables(rich)
    start = tables["Actions"][0].index("Début")
    for cell, expected in DATES:
        changed = copy.deepcopy(tables)
        changed["Actions"][1][start] = cell
        assert (
            f"Feuille « Actions », ligne 2, colonne « Début » : {expected} : {BOUNDS}"
            in _problems(rich, changed)
        )
    changed = copy.deepcopy(tables)
    changed["Budget"][1][changed["Budget"][0].index("Année")] = "12345678901234567890"
    changed["Budget"][1][changed["Budget"][0].index("Montant (€)")] = "1e20"
    problems = _problems(rich, changed)
    assert (
        "Feuille « Budget », ligne 2, colonne « Année » : Valeur hors limites "
        "(12345678901234567890) : saisissez un nombre entre 1 900 et 2 100." in problems
    )
    assert (
        "Feuille « Budget », ligne 2, colonne « Montant (€) » : Valeur hors limites (1e20) : "
        "saisissez un nombre entre 0 et 9 999 999 999,99." in problems
    )
    assert PlanSection().export(rich) == before


def test_uploading_a_workbook_with_1e20_shows_where_and_keeps_the_plan(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="coordinateur").user)
    before = PlanSection().export(rich)
    data = client.get(reverse("plan:export_xlsx", args=[rich.slug])).content
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Valeurs"]
    column = [c.value for c in sheet[1]].index("Valeur") + 1
    sheet.cell(row=2, column=column, value=1e20)
    out = io.BytesIO()
    workbook.save(out)
    response = client.post(
        reverse("plan:import", args=[rich.slug]),
        {"file": SimpleUploadedFile("plan.xlsx", out.getvalue())},
    )
    assert response.status_code == 200
    assert "Feuille « Valeurs », ligne 2, colonne « Valeur » : Valeur hors limites (1e+20)" in (
        page_text(response)
    )
    assert PlanSection().export(rich) == before


# ---- exchange document -----------------------------------------------------------------------


def _exchange_problems(document) -> list[str]:
    with pytest.raises(ExchangeError) as error:
        import_document(document, dry_run=True)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize(
    ("iso", "shown"), [("0001-01-01", "01/01/0001"), ("9999-12-31", "31/12/9999")]
)
def test_exchange_dates_out_of_bounds_name_their_path(iso, shown):
    document = rich_plan_document()
    action = document["plan"]["actions"][0]
    action["debut"] = iso
    action["jalons"] = [{"date": iso, "titre": "Jalon"}]
    problems = _exchange_problems(document)
    assert f"plan.actions[0].debut : Date hors limites ({shown}) : {BOUNDS}" in problems
    assert f"plan.actions[0].jalons[0].date : Date hors limites ({shown}) : {BOUNDS}" in problems
    assert not Convention.objects.exists()


@pytest.mark.parametrize("number", [1e20, 1e308, -1e13, 12345678901234567890])
def test_exchange_indicator_numbers_out_of_bounds_name_their_path(number):
    document = rich_plan_document()
    indicator = next(i for i in document["plan"]["indicateurs"] if i.get("valeurs"))
    position = document["plan"]["indicateurs"].index(indicator)
    indicator["valeurs"][0]["valeur"] = number
    problems = _exchange_problems(document)
    path = f"plan.indicateurs[{position}].valeurs[0].valeur"
    assert any(p.startswith(f"{path} : Valeur hors limites") for p in problems), problems
    assert not Convention.objects.exists()


# ---- pages -----------------------------------------------------------------------------------


@pytest.fixture
def coordinator(client, convention):
    client.force_login(MembershipFactory(convention=convention, role="coordinateur").user)
    return client


@pytest.mark.parametrize(
    ("iso", "shown"), [("0001-01-01", "01/01/0001"), ("9999-12-31", "31/12/9999")]
)
def test_action_form_refuses_dates_out_of_bounds(coordinator, convention, plan, iso, shown):
    action = plan["actions"][0]
    payload = {
        "number": action.number,
        "title": "Nouveau titre",
        "node": action.node_id,
        "status": action.status,
        "progress": action.progress,
        "whole_territory": "on",
        "version": action.version,
        "start_date": iso,
        **no_formset_rows(),
    }
    response = coordinator.post(
        reverse("plan:action_edit", args=[convention.slug, action.pk]), payload
    )
    assert response.status_code == 200
    assert f"Date hors limites ({shown}) : {BOUNDS}" in page_text(response)
    action.refresh_from_db()
    assert action.title == "Réseau petite enfance"


@pytest.mark.parametrize("typed", ["1e20", "1e308", "1e999", "12345678901234567890"])
def test_indicator_and_follow_up_forms_refuse_numbers_out_of_bounds(
    coordinator, convention, plan, typed
):
    action = plan["actions"][2]
    indicator = IndicatorFactory(action=action, name="Trajets")
    url = reverse("plan:indicator_edit", args=[convention.slug, indicator.pk])
    year = convention.start_year
    response = coordinator.post(
        url, {"name": "Trajets", "kind": "resultat", "unit": "", f"target_{year}": typed}
    )
    assert response.status_code == 200
    assert "Valeur hors limites" in page_text(response)
    assert not IndicatorTarget.objects.filter(indicator=indicator).exists()

    response = coordinator.post(
        reverse("plan:quick_update", args=[convention.slug, action.pk]),
        {
            "version": action.version,
            "status": "en_cours",
            "progress": 10,
            f"indicator_{indicator.pk}": typed,
        },
    )
    assert response.status_code == 200
    assert "Valeur hors limites" in page_text(response)
    assert not IndicatorValue.objects.filter(indicator=indicator).exists()
    action.refresh_from_db()
    assert action.progress == 0  # unchanged: nothing half-saved


# ---- API -------------------------------------------------------------------------------------


@pytest.fixture
def caller(client, convention, plan):
    headers = {
        "HTTP_AUTHORIZATION": "Bearer "
        + token_for(MembershipFactory(convention=convention, role="coordinateur"))
    }

    def call(method, url, body):
        data = body if isinstance(body, str) else json.dumps(body)
        return getattr(client, method)(url, data, content_type="application/json", **headers)

    return call


def test_api_refuses_numbers_and_dates_out_of_bounds(caller, convention, plan):
    action = plan["actions"][0]
    indicator = IndicatorFactory(action=action)
    IndicatorValueFactory(indicator=indicator, year=2024, value=12)
    base = f"/api/v1/ctg/{convention.slug}/plan"
    values = f"{base}/indicateurs/{indicator.pk}/valeurs/"
    for body in (
        '{"annee": 2025, "valeur": 1e20}',
        '{"annee": 2025, "valeur": 1e308}',
        '{"annee": 2025, "valeur": 1e999}',
        '{"annee": 2025, "valeur": NaN}',
        '{"annee": 2025, "valeur": -Infinity}',
        '{"annee": 12345678901234567890, "valeur": 1}',
    ):
        response = caller("post", values, body)
        assert response.status_code == 400, body
        assert response.json()["code"] in ("invalid", "parse_error"), body
    response = caller("patch", f"{values}2024/", '{"valeur": 1e20}')
    assert response.status_code == 400
    assert "valeur" in response.json()["details"]
    assert [v.value for v in indicator.values.all()] == [12]

    for iso, shown in (("0001-01-01", "01/01/0001"), ("9999-12-31", "31/12/9999")):
        response = caller("patch", f"{base}/actions/{action.pk}/", {"debut": iso})
        assert response.status_code == 400
        assert response.json()["details"]["debut"] == [f"Date hors limites ({shown}) : {BOUNDS}"]
    action.refresh_from_db()
    assert action.start_date is not None and action.start_date.year > 2000
    assert Action.objects.get(pk=action.pk).version == action.version
