"""An indicator through the API: its verdict is an explicit « non_mesure » where no value was
measured (never a default verdict), and every value the API writes enters its history."""

import pytest

from ctg_pilote.plan.models import IndicatorTarget
from tests.plan.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def test_the_verdict_is_non_mesure_without_a_value(client, api, plan):
    unmeasured = IndicatorFactory(action=plan["action"], ref="I2")
    IndicatorTarget.objects.create(indicator=unmeasured, year=2025, value=10)
    caller = api(client, plan["key"])
    body = caller.get(f"{plan['base']}/indicateurs/{unmeasured.pk}/").json()
    assert body["appreciation"] == {
        "statut": "non_mesure",
        "libelle": "Non mesuré",
        "valeur": None,
        "annee": None,
        "cible": None,
        "annee_cible": None,
    }


def test_a_measured_value_gets_a_verdict_against_its_year_s_target(client, api, plan):
    IndicatorTarget.objects.create(indicator=plan["indicator"], year=2024, value=40)
    caller = api(client, plan["key"])
    body = caller.get(f"{plan['base']}/indicateurs/{plan['indicator'].pk}/").json()
    # 12 of 40 from zero: 30 % of the way.
    assert body["appreciation"]["statut"] == "en_retard"
    assert (body["appreciation"]["valeur"], body["appreciation"]["annee"]) == (12.0, 2024)
    assert body["appreciation"]["annee_cible"] == 2024


def test_values_written_through_the_api_enter_the_history_with_their_author(client, api, plan):
    caller = api(client, plan["key"])
    url = f"{plan['base']}/indicateurs/{plan['indicator'].pk}/valeurs/"
    assert caller.post(url, {"annee": 2025, "valeur": 15}).status_code == 201
    assert caller.patch(f"{url}2024/", {"valeur": 13}).status_code == 200
    assert caller.delete(f"{url}2025/").status_code == 204
    history = [
        (c.year, c.old, c.new, c.origin, c.author_id)
        for c in plan["indicator"].value_changes.order_by("id")
    ]
    user = plan["coordinator"].user_id
    assert history == [
        (2025, None, 15, "api", user),
        (2024, 12, 13, "api", user),
        (2025, 15, None, "api", user),
    ]
