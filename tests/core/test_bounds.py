"""Numbers stored before the bounds existed: the migration that adds the database checks
first clears them (core.repair), after which the pages, exports and API answer again and the
values can be entered anew."""

import importlib
import json
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from ctg_pilote.diagnostic.catalogue import ensure_catalogue
from ctg_pilote.diagnostic.models import Dataset, KeyFigure
from ctg_pilote.diagnostic.models import Indicator as DiagnosticIndicator
from ctg_pilote.diagnostic.models import IndicatorValue as DiagnosticValue
from ctg_pilote.exchange.document import parse
from ctg_pilote.plan.models import IndicatorValue
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory
from tests.plan.factories import ActionFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

MIGRATIONS = [
    "ctg_pilote.plan.migrations.0005_number_and_date_bounds",
    "ctg_pilote.diagnostic.migrations.0007_number_and_date_bounds",
]


def _store_without_checks(statements):
    """Write as an older version did, past the CHECK constraints this version added."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:  # no ALTER TABLE while deferred foreign key checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql, constraint, params in statements:
            if connection.vendor == "postgresql":  # rolled back with the test's transaction
                table = sql.split()[1]
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            cursor.execute(sql, params)
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def _run_repair_steps(capsys) -> str:
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    for name in MIGRATIONS:
        for operation in importlib.import_module(name).Migration.operations:
            if getattr(operation, "code", None) and operation.elidable:
                operation.code(apps, editor)
    return capsys.readouterr().out


def test_out_of_bounds_rows_are_cleared_then_pages_exports_and_api_work(client, convention, capsys):
    ensure_catalogue()
    coordinator = MembershipFactory(convention=convention, role="coordinateur")
    action = ActionFactory(convention=convention)
    indicator = IndicatorFactory(action=action)
    measured = IndicatorValueFactory(indicator=indicator, year=2024, value=12)
    figure = KeyFigure.objects.create(
        convention=convention, code="familles", label="Familles", value=10, source="CAF"
    )
    commune = convention.communes.first()
    dataset = Dataset.objects.create(source="INSEE", vintage="RP 2021")
    population = DiagnosticValue.objects.create(
        indicator=DiagnosticIndicator.objects.get(code="population"),
        commune=commune,
        year=2021,
        value=1000,
        dataset=dataset,
    )
    statements = [
        (
            "UPDATE diagnostic_indicatorvalue SET value = %s WHERE id = %s",
            "diagnostic_indicator_value_bounds",
            [float("inf"), population.pk],
        )
    ]
    if connection.vendor == "sqlite":  # PostgreSQL's numeric(14, 2) never held them
        statements += [
            (
                "UPDATE plan_indicatorvalue SET value = %s WHERE id = %s",
                "plan_indicator_value_bounds",
                [1e20, measured.pk],
            ),
            (
                "UPDATE diagnostic_keyfigure SET value = %s WHERE id = %s",
                "diagnostic_key_figure_bounds",
                [1e308, figure.pk],
            ),
        ]
    _store_without_checks(statements)
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM diagnostic_indicatorvalue WHERE id = %s", [population.pk])
        assert cursor.fetchone()[0] == float("inf")

    report = _run_repair_steps(capsys)

    assert "diagnostic_indicatorvalue.value : 1 valeur(s) hors limites vidée(s)." in report
    population.refresh_from_db()
    assert population.value is None  # « non diffusé », never a made-up number
    if connection.vendor == "sqlite":
        assert "plan_indicatorvalue.value : 1 valeur(s) hors limites supprimée(s)." in report
        assert "diagnostic_keyfigure.value : 1 valeur(s) hors limites supprimée(s)." in report
        assert not IndicatorValue.objects.filter(pk=measured.pk).exists()
        assert not KeyFigure.objects.filter(pk=figure.pk).exists()

    client.force_login(coordinator.user)
    slug = convention.slug
    for url in (
        reverse("plan:action", args=[slug, action.pk]),
        reverse("pilotage:dashboard", args=[slug]),
        reverse("pilotage:bilans", args=[slug]),
        reverse("diagnostic:portrait", args=[slug]),
        reverse("diagnostic:export_csv", args=[slug]),
        reverse("plan:export_xlsx", args=[slug]),
    ):
        assert client.get(url).status_code == 200, url
    call_command("export_ctg", slug)  # the backup's format too
    exported = parse(capsys.readouterr().out)
    assert exported["ctg"]["identifiant"] == slug
    if connection.vendor == "sqlite":
        assert "chiffres_cles" not in exported.get("diagnostic", {})

    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(coordinator)}"}
    values = f"/api/v1/ctg/{slug}/plan/indicateurs/{indicator.pk}/valeurs/"
    assert client.get(values, **headers).status_code == 200
    response = client.post(
        values,
        json.dumps({"annee": 2025, "valeur": 13.5}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.json()
    assert 13.5 in [v.value for v in indicator.values.all()]
