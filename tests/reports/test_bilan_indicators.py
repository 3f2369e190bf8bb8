"""The indicators of a bilan, read back from the files: the value of the bilan's year where one
was measured (entered through the indicator page, years after the fact), and a verdict only
there; « Non mesuré » and no verdict elsewhere, in the PDF, the DOCX and the XLSX alike."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from ctg_pilote.pilotage.bilan import build_bilan
from ctg_pilote.reports.bilan import render_bilan
from tests.plan.factories import ActionFactory, IndicatorFactory, NodeFactory

VERDICTS = ("En bonne voie", "À surveiller", "En retard")


@pytest.fixture
def measured(member_client, convention):
    """Two indicators on one action: « Familles accueillies », whose 2024-2026 values a
    coordinator enters on its page, and « Places créées », with targets but never measured."""
    node = NodeFactory(convention=convention, number="1", sort_key="001", title="Parentalité")
    action = ActionFactory(convention=convention, node=node, number="1.1")
    followed = IndicatorFactory(action=action, ref="F1", name="Familles accueillies")
    never = IndicatorFactory(action=action, ref="P1", name="Places créées")
    client, _ = member_client(convention, "coordinateur")
    for indicator, cells in (
        (
            followed,
            {
                "baseline_value": "40",
                "baseline_year": "2019",
                "target_2024": "50",
                "target_2025": "60",
                "target_2026": "70",
                "value_2024": "45",  # half-way: late
                "value_2025": "59",  # 95 %: on track
                "value_2026": "58",
            },
        ),
        (never, {"target_2024": "5", "target_2025": "10", "target_2026": "15"}),
    ):
        data = {"version": indicator.version, "baseline_value": "", "baseline_year": ""}
        for year in range(convention.start_year, convention.end_year + 1):
            for column in ("target", "value", "comment", "source"):
                data[f"{column}_{year}"] = ""
        data.update(cells)
        url = f"/ctg/{convention.slug}/plan/indicateurs/{indicator.pk}/"
        assert client.post(url, data).status_code == 302
    return convention


def _pdf_lines(convention, year) -> list[str]:
    pdf = render_bilan(build_bilan(convention, year=year), "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return [re.sub(r"\s+", " ", line) for line in text.splitlines()]


def _docx_rows(convention, year) -> dict[str, list[str]]:
    doc = Document(io.BytesIO(render_bilan(build_bilan(convention, year=year), "docx")))
    return {
        row.cells[0].text.split()[0]: [c.text for c in row.cells]
        for table in doc.tables
        for row in table.rows
        if row.cells[0].text.split()[:1] in (["F1"], ["P1"])
    }


def _xlsx_rows(convention, year) -> dict[str, tuple]:
    book = load_workbook(io.BytesIO(render_bilan(build_bilan(convention, year=year), "xlsx")))
    sheet = book["Indicateurs"]
    return {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize(
    ("year", "value", "verdict"), [(2024, "45", "En retard"), (2025, "59", "En bonne voie")]
)
def test_each_year_s_bilan_shows_that_year_s_value_and_verdict(measured, year, value, verdict):
    rows = _docx_rows(measured, year)
    assert rows["F1"][2] == value and rows["F1"][3] == f"{verdict} ({value})"
    assert rows["P1"][2] == "non mesuré" and rows["P1"][3] == "Pas de verdict : jamais mesuré"

    sheet = _xlsx_rows(measured, year)
    assert sheet["F1"][5] == int(value) and sheet["F1"][6] == verdict
    assert sheet["P1"][5] is None and sheet["P1"][6] == "Pas de verdict : non mesuré"

    text = " ".join(_pdf_lines(measured, year))
    # Each row's text, from its reference to the next row's (the cells wrap on several lines).
    followed = text[text.index("F1 ") : text.index("P1 ")]
    never = text[text.index("P1 ") : text.index("valeurs mesurées", text.index("P1 "))]
    assert value in followed and verdict in followed
    assert "non mesuré" in never and not any(v in never for v in VERDICTS)


def test_a_year_with_no_value_gets_no_verdict_in_any_file(measured):
    """2027 has no value for either indicator: the 2026 value does not stand for it (it is
    given as the last value, with its year, and no verdict)."""
    rows = _docx_rows(measured, 2027)
    assert rows["F1"][2:] == ["non mesuré", "Pas de verdict : dernière valeur 58 en 2026"]
    assert rows["P1"][2:] == ["non mesuré", "Pas de verdict : jamais mesuré"]
    sheet = _xlsx_rows(measured, 2027)
    assert [sheet[ref][5:7] for ref in ("F1", "P1")] == [(None, "Pas de verdict : non mesuré")] * 2
    text = "\n".join(_pdf_lines(measured, 2027))
    assert not any(v in text for v in VERDICTS)
    assert text.count("non mesuré") >= 2
