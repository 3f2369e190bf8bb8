"""The plan workbook as a person opens it: thématiques by name, fitted columns, frozen header,
filters; and thématiques read back by name or by code."""

import pytest

from ctg_pilote.plan import spreadsheet
from ctg_pilote.plan.exchange import PlanSection
from ctg_pilote.plan.models import Action
from tests.plan.test_spreadsheet import _tables, rich  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _column(table, header):
    return [row[table[0].index(header)] for row in table[1:]]


def test_thematiques_are_written_by_their_french_label(rich):  # noqa: F811
    tables = _tables(spreadsheet.build_workbook(rich, PlanSection().export(rich)))
    actions = _column(tables["Actions"], "Thématiques")
    assert "Jeunesse, Parentalité" in actions
    assert not any("parentalite" in (cell or "") for cell in actions)


def test_thematiques_are_read_back_by_label_or_by_code(rich):  # noqa: F811
    tables = _tables(spreadsheet.build_workbook(rich, PlanSection().export(rich)))
    column = tables["Actions"][0].index("Thématiques")
    numbers = _column(tables["Actions"], "Numéro")
    row = tables["Actions"][1 + numbers.index("A1")]
    row[column] = "petite-enfance,  parentalité ,Accès aux   droits"
    spreadsheet.import_tables(rich, tables)
    action = Action.objects.get(convention=rich, number="A1")
    assert sorted(action.thematiques.values_list("code", flat=True)) == [
        "acces-aux-droits",
        "parentalite",
        "petite-enfance",
    ]


def test_an_unknown_thematique_is_named_with_its_row(rich):  # noqa: F811
    tables = _tables(spreadsheet.build_workbook(rich, PlanSection().export(rich)))
    tables["Actions"][1][tables["Actions"][0].index("Thématiques")] = "Jeunesse, Astronomie"
    with pytest.raises(spreadsheet.SheetError) as error:
        spreadsheet.import_tables(rich, tables)
    assert any("Astronomie" in p and "ligne 2" in p for p in error.value.problems)


def test_columns_fit_their_content_header_is_frozen_and_filtered(rich):  # noqa: F811
    wb = spreadsheet.build_workbook(rich, PlanSection().export(rich))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        for column in ws.iter_cols():
            width = ws.column_dimensions[column[0].column_letter].width
            assert 8 <= width <= 62, (ws.title, column[0].value, width)
            header = str(column[0].value)
            if len(header) < 60:
                assert width >= len(header), (ws.title, header, width)
    actions = wb["Actions"]
    widths = {
        c[0].value: actions.column_dimensions[c[0].column_letter].width for c in actions.iter_cols()
    }
    # Not one width for every column: a title is wider than a percentage.
    assert widths["Intitulé"] > widths["Avancement (%)"]
