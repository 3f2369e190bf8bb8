import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.exchange import PlanSection
from ctg_pilote.plan.models import Action
from tests.conventions.factories import MembershipFactory
from tests.plan.test_exchange import rich_plan_document
from tests.utils import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def rich():
    import_document(rich_plan_document())
    return Convention.objects.get(slug="rochefort-ocean")


def _empty_twin(convention):
    """The same CTG (organisations, zones, communes) without its plan, under another slug."""
    document = rich_plan_document()
    del document["plan"]
    document["ctg"]["identifiant"] = "jumelle"
    document["membres"] = []
    import_document(document)
    return Convention.objects.get(slug="jumelle")


def _without_history(section):
    for item in section.get("actions", []) + section.get("indicateurs", []):
        item.pop("historique", None)
    section.pop("instantanes", None)
    return section


def test_xlsx_export_then_import_into_an_empty_ctg_gives_the_same_plan(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="coordinateur").user)
    response = client.get(reverse("plan:export_xlsx", args=[rich.slug]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = response.content
    assert load_workbook(io.BytesIO(workbook)).sheetnames == [
        "Arborescence",
        "Actions",
        "Indicateurs",
        "Valeurs",
        "Budget",
        "Notes",
    ]
    twin = _empty_twin(rich)
    client.force_login(MembershipFactory(convention=twin, role="coordinateur").user)
    response = client.post(
        reverse("plan:import", args=[twin.slug]),
        {"file": SimpleUploadedFile("plan.xlsx", workbook)},
    )
    assert response.status_code == 302, page_text(response)
    original = _without_history(PlanSection().export(rich))
    assert _without_history(PlanSection().export(twin)) == original
    # And the twin's workbook is the same workbook, sheet by sheet.
    again = client.get(reverse("plan:export_xlsx", args=[twin.slug])).content

    def cells(data):
        wb = load_workbook(io.BytesIO(data))
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}

    assert cells(again) == cells(workbook)


def test_xlsx_import_updates_by_number_and_keeps_history(rich):
    section = PlanSection().export(rich)
    tables = _tables(spreadsheet.build_workbook(rich, section))
    row = tables["Actions"][1]
    row[tables["Actions"][0].index("Intitulé")] = "Intitulé revu"
    spreadsheet.import_tables(rich, tables)
    action = Action.objects.get(convention=rich, number="A1")
    assert action.title == "Intitulé revu"
    assert action.changes.count() == 1


def _tables(wb):
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_workbook_errors_name_sheet_row_and_column_and_nothing_is_saved(rich):
    tables = _tables(spreadsheet.build_workbook(rich, PlanSection().export(rich)))
    headers = tables["Actions"][0]
    tables["Actions"][1][headers.index("Avancement (%)")] = 150
    tables["Actions"][1][headers.index("Début")] = "31/02/2024"
    tables["Budget"][2][tables["Budget"][0].index("Montant (€)")] = "-12,5"
    tables["Indicateurs"][0][0] = "Ref"
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(rich, tables)
    problems = error.value.problems
    assert (
        "Feuille « Actions », ligne 2, colonne « Avancement (%) » : Valeur hors limites (150) : saisissez un nombre entre 0 et 100."
        in problems
    )
    assert (
        "Feuille « Actions », ligne 2, colonne « Début » : date illisible : « 31/02/2024 » (attendu JJ/MM/AAAA)"
        in problems
    )
    assert (
        "Feuille « Budget », ligne 3, colonne « Montant (€) » : Valeur hors limites (-12,5) : "
        "saisissez un nombre entre 0 et 9 999 999 999,99." in problems
    )
    assert (
        "Feuille « Indicateurs », ligne 1, colonne « Référence » : colonne manquante (ou renommée)"
        in problems
    )
    assert Action.objects.get(number="A1").progress == 45


def test_a_row_the_exchange_schema_refuses_is_named_and_the_ctg_is_unchanged(rich):
    """The workbook goes through the same schema as an exchange document: a row that would
    make the CTG's own export unimportable is refused, cell by cell."""
    before = PlanSection().export(rich)
    tables = _tables(spreadsheet.build_workbook(rich, before))
    headers = tables["Actions"][0]
    row = tables["Actions"][1]
    row[headers.index("Tranches d'âge")] = "bébés"
    row[headers.index("Dispositifs liés")] = "inconnu"
    row[headers.index("Publics")] = "p" * 400
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(rich, tables)
    assert error.value.problems == [
        "Feuille « Actions », ligne 2, colonne « Tranches d'âge » : valeur « bébés » inconnue ; "
        "possibles : 0-3 (0-3 ans), 3-11 (3-11 ans), 12-17 (12-17 ans), 18-25 (18-25 ans), "
        "adultes (Adultes), seniors (Seniors)",
        "Feuille « Actions », ligne 2, colonne « Publics » : trop long (400 caractères, 300 au "
        "plus)",
        "Feuille « Actions », ligne 2, colonne « Dispositifs liés » : valeur « inconnu » "
        "inconnue ; possibles : cls (Contrat local de santé), contrat_de_ville (Contrat de "
        "ville), pedt (Projet éducatif de territoire (PEdT)), projet_de_territoire (Projet de "
        "territoire), scot (SCoT), pcaet (PCAET), sdsf (Schéma départemental des services aux "
        "familles), leader (Programme LEADER)",
    ]
    assert PlanSection().export(rich) == before


def test_unknown_organisation_in_the_workbook_is_named(rich):
    tables = _tables(spreadsheet.build_workbook(rich, PlanSection().export(rich)))
    headers = tables["Actions"][0]
    tables["Actions"][2][headers.index("Pilote")] = "mairie-fantome"
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(rich, tables)
    assert error.value.problems == [
        "Feuille « Actions », ligne 3, colonne « Pilote » (action A2) : "
        "organisation « mairie-fantome » inconnue dans ce document"
    ]
    assert Action.objects.get(number="A2").pilot is None


def test_csv_export_opens_in_french_excel(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    content = client.get(reverse("plan:export_csv", args=[rich.slug])).content
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Numéro;Référence;Élément du plan;Intitulé;")
    assert ";15/01/2024;30/06/2026;" in text


def test_french_csv_in_cp1252_with_commas_is_imported(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="coordinateur").user)
    header = ",".join(spreadsheet.ACTIONS[1])
    values = dict.fromkeys(spreadsheet.ACTIONS[1], "")
    values.update(
        {
            "Numéro": "B7",
            "Élément du plan": "2",
            "Intitulé": "Fête de quartier",
            "Tout le territoire": "oui",
            "Début": "01/09/2025",
            "Fin": "30/09/2025",
            "Statut": "En cours",
            "Avancement (%)": "20",
            "Prioritaire": "non",
        }
    )
    line = ",".join(f'"{values[h]}"' for h in spreadsheet.ACTIONS[1])
    data = (header + "\r\n" + line + "\r\n").encode("cp1252")
    response = client.post(
        reverse("plan:import", args=[rich.slug]), {"file": SimpleUploadedFile("actions.csv", data)}
    )
    assert response.status_code == 302, page_text(response)
    action = Action.objects.get(convention=rich, number="B7")
    assert (action.title, action.status, action.progress) == ("Fête de quartier", "en_cours", 20)
    assert action.start_date.isoformat() == "2025-09-01"
    # Create or update by number: the actions the file does not list, and the indicators,
    # are still there.
    assert set(Action.objects.filter(convention=rich).values_list("number", flat=True)) == {
        "A1",
        "A2",
        "B7",
    }
    assert rich.plan_indicators.count() == 2


def test_blank_template_has_the_headers_only(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="lecteur").user)
    wb = load_workbook(
        io.BytesIO(client.get(reverse("plan:template_xlsx", args=[rich.slug])).content)
    )
    assert [c.value for c in wb["Actions"][1]][:4] == [
        "Numéro",
        "Référence",
        "Élément du plan",
        "Intitulé",
    ]
    assert wb["Actions"].max_row == 1
    assert "Cible 2027" in [c.value for c in wb["Indicateurs"][1]]


def test_a_file_that_is_not_a_workbook_is_refused(client, rich):
    client.force_login(MembershipFactory(convention=rich, role="coordinateur").user)
    response = client.post(
        reverse("plan:import", args=[rich.slug]),
        {"file": SimpleUploadedFile("plan.xlsx", b"pas un classeur")},
    )
    assert "plan.xlsx : ce n'est pas un classeur XLSX lisible." in page_text(response)
