"""The indicator page: one table for every year of the CTG, entered and corrected through the
page, with its history, its chart data and its verdict only where a value was measured."""

from __future__ import annotations

import html
import json
import re

import pytest

from ctg_pilote.plan.models import IndicatorTarget
from tests.conventions.factories import OrganisationFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, IndicatorValueFactory


def _url(indicator) -> str:
    return f"/ctg/{indicator.convention.slug}/plan/indicateurs/{indicator.pk}/"


def _table(indicator, **cells) -> dict:
    """The form as the page sends it: every cell, empty unless given."""
    data = {"version": indicator.version, "baseline_value": "", "baseline_year": ""}
    for year in range(indicator.convention.start_year, indicator.convention.end_year + 1):
        for column in ("target", "value", "comment", "source"):
            data[f"{column}_{year}"] = ""
    data.update({k: str(v) for k, v in cells.items()})
    return data


def _text(response) -> str:
    return _text_of(response.content.decode())


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture
def indicator(convention):
    return IndicatorFactory(
        action=ActionFactory(convention=convention), name="Familles accueillies", unit="familles"
    )


def test_three_past_years_entered_through_the_page_are_kept_with_their_history(
    member_client, indicator
):
    client, membership = member_client(indicator.convention, "coordinateur")
    response = client.post(
        _url(indicator),
        _table(
            indicator,
            baseline_value="40",
            baseline_year="2019",
            target_2024="50",
            target_2025="60",
            value_2024="45",
            value_2025="52,5",
            comment_2025="Enquête de rentrée",
            value_2026="58",
            source_2026="Bilan CAF",
        ),
    )
    assert response.status_code == 302
    page = _text(client.get(_url(indicator)))
    name = membership.user.get_full_name() or membership.user.email
    assert "Valeur mesurée 2025 : non renseigné → 52,5" in page
    assert f"par {name} (page de l'indicateur)" in page
    assert "Valeur de départ 2019 : non renseigné → 40" in page
    assert "Cible 2024 : non renseigné → 50" in page
    # The chart reads the same figures, null where nothing is known (never 0).
    chart = json.loads(
        re.search(
            r'<script id="indicator-chart-data" type="application/json">(.*?)</script>',
            client.get(_url(indicator)).content.decode(),
        ).group(1)
    )
    assert chart["years"][0] == "2019"
    assert chart["measured"][chart["years"].index("2025")] == 52.5
    assert chart["measured"][chart["years"].index("2027")] is None
    assert chart["trajectory"][0] == 40.0

    # A correction, then a value cleared: each enters the history.
    indicator.refresh_from_db()
    response = client.post(
        _url(indicator),
        _table(
            indicator,
            baseline_value="40",
            baseline_year="2019",
            target_2024="50",
            target_2025="60",
            value_2024="47",
            value_2025="52,5",
            comment_2025="Enquête de rentrée",
        ),
    )
    assert response.status_code == 302
    page = _text(client.get(_url(indicator)))
    assert "Valeur mesurée 2024 : 45 → 47" in page
    assert "Valeur mesurée 2026 : 58 → non renseigné" in page
    assert sorted(indicator.values.values_list("year", flat=True)) == [2024, 2025]


def test_the_verdict_appears_only_for_the_years_measured(member_client, indicator):
    IndicatorTarget.objects.create(indicator=indicator, year=2024, value=100)
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value=100)
    IndicatorValueFactory(indicator=indicator, year=2024, value=30)
    client, _ = member_client(indicator.convention, "lecteur")
    rows = re.findall(
        r"<tr>\s*<th scope=\"row\">(\d{4})</th>(.*?)</tr>",
        client.get(_url(indicator)).content.decode(),
        re.S,
    )
    verdicts = {year: _text_of(cells) for year, cells in rows}
    assert "En retard" in verdicts["2024"]
    assert "non mesuré" in verdicts["2025"] and "En retard" not in verdicts["2025"]


def test_an_unmeasured_indicator_says_so(member_client, indicator):
    IndicatorTarget.objects.create(indicator=indicator, year=2025, value=10)
    client, _ = member_client(indicator.convention, "lecteur")
    page = _text(client.get(_url(indicator)))
    assert "Non mesuré : aucune valeur n'a été mesurée." in page
    assert "En retard" not in page and "En bonne voie" not in page


def test_a_bad_cell_is_named_by_its_year_and_column_and_nothing_is_saved(member_client, indicator):
    client, _ = member_client(indicator.convention, "coordinateur")
    response = client.post(
        _url(indicator),
        _table(indicator, value_2024="12", value_2025="1e20", comment_2026="sans valeur"),
    )
    page = _text(response)
    assert response.status_code == 200
    assert "Valeur mesurée 2025 :" in page
    assert "donnez la valeur mesurée en 2026" in page
    assert not indicator.values.exists()  # nothing half-saved: 2024 waits with the others


def test_two_people_editing_the_table_never_lose_an_edit(member_client, indicator):
    client, _ = member_client(indicator.convention, "coordinateur")
    opened = indicator.version
    first = _table(indicator, value_2024="12")
    second = _table(indicator, value_2025="20")
    assert client.post(_url(indicator), first).status_code == 302
    second["version"] = opened  # the second person opened the page before the first saved
    response = client.post(_url(indicator), second)
    page = _text(response)
    assert response.status_code == 200
    assert "Quelqu'un a enregistré cette fiche entre-temps" in page
    assert "Valeur enregistrée entre-temps : « 12 »" in page
    assert list(indicator.values.values_list("year", "value")) == [(2024, 12)]


def test_a_partner_records_values_but_not_targets(member_client, convention):
    pilot = OrganisationFactory(convention=convention)
    indicator = IndicatorFactory(action=ActionFactory(convention=convention, pilot=pilot))
    IndicatorTarget.objects.create(indicator=indicator, year=2024, value=5)
    partner = OrganisationFactory(convention=convention)
    indicator.action.partner_roles.create(organisation=partner)
    client, _ = member_client(convention, "partenaire", organisation=partner)
    response = client.post(_url(indicator), _table(indicator, target_2024="99", value_2024="3"))
    assert response.status_code == 302
    assert list(indicator.targets.values_list("value", flat=True)) == [5]
    assert list(indicator.values.values_list("value", flat=True)) == [3]


def test_readers_and_outsiders_cannot_post(member_client, indicator, client):
    reader, _ = member_client(indicator.convention, "lecteur")
    assert reader.post(_url(indicator), _table(indicator, value_2024="3")).status_code == 403
    assert not indicator.values.exists()
