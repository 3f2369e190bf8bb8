"""Plan d'action page: server time for a CTG of 150 actions and 600 indicator values."""

import datetime
import random

from common import ctg, emit, milliseconds, setup_django

ACTIONS = 150
INDICATORS_PER_ACTION = 2
YEARS = 2  # 150 actions x 2 indicators x 2 years = 600 values


def main() -> None:
    setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ctg_pilote.accounts.models import User
    from ctg_pilote.conventions.models import Convention, Membership, Organisation, Role
    from ctg_pilote.plan import services
    from ctg_pilote.plan.models import (
        Action,
        ActionStatus,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
        Level,
    )
    from ctg_pilote.territories.models import Epci, Vintage

    if Vintage.objects.current() is None:
        ctg("load_territories")
    vintage = Vintage.objects.current()
    epci = Epci.objects.get(vintage=vintage, siren="200071678")
    Convention.objects.filter(slug="bench-plan").delete()
    convention = Convention.objects.create(
        slug="bench-plan",
        name="CTG de mesure du plan",
        start_year=2024,
        end_year=2028,
        caf_departement=epci.departement,
        territory_kind="epci",
        vintage=vintage,
        epci=epci,
    )
    convention.communes.set(epci.communes.all())
    organisations = [
        Organisation.objects.create(
            convention=convention, ref=f"org-{i}", name=f"Org {i}", kind="association"
        )
        for i in range(20)
    ]
    Level.objects.bulk_create(
        Level(convention=convention, depth=d, name=n)
        for d, n in ((1, "Axe"), (2, "Objectif stratégique"), (3, "Objectif opérationnel"))
    )
    leaves = []
    for a in range(6):
        axis = services.add_node(convention=convention, parent=None, title=f"Axe {a + 1}")
        for o in range(3):
            objective = services.add_node(convention=convention, parent=axis, title=f"Objectif {o}")
            for p in range(2):
                leaves.append(
                    services.add_node(
                        convention=convention, parent=objective, title=f"Opérationnel {p}"
                    )
                )
    rng = random.Random(3)
    statuses = list(ActionStatus.values)
    actions = Action.objects.bulk_create(
        Action(
            convention=convention,
            node=leaves[i % len(leaves)],
            number=f"A{i + 1}",
            position=i,
            title=f"Action de mesure numéro {i + 1} avec un intitulé de longueur réaliste",
            pilot=organisations[i % len(organisations)],
            status=rng.choice(statuses),
            progress=rng.randint(0, 100),
            is_priority=i % 3 == 0,
            start_date=datetime.date(2024, 1 + i % 12, 1),
            end_date=datetime.date(2026 + i % 3, 12, 31),
        )
        for i in range(ACTIONS)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            convention=convention,
            action=action,
            ref=f"I{action.number}-{k}",
            name=f"Indicateur {k}",
        )
        for action in actions
        for k in range(INDICATORS_PER_ACTION)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=2024 + y, value=rng.randint(1, 100))
        for i in indicators
        for y in range(YEARS)
    )
    values = IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, year=2024 + y, value=rng.randint(1, 100))
        for i in indicators
        for y in range(YEARS)
    )
    user, _ = User.objects.get_or_create(email="bench-plan@exemple.test")
    Membership.objects.get_or_create(
        convention=convention, user=user, defaults={"role": Role.COORDINATEUR}
    )

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    url = f"/ctg/{convention.slug}/plan/"

    def timed(path, repeat=40):
        import time

        for _ in range(5):
            assert client.get(path).status_code == 200
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - start)
            assert response.status_code == 200
        return samples

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = [
        (
            f"page du plan, {ACTIONS} actions, {len(values)} valeurs d'indicateurs "
            f"({len(queries)} requêtes SQL)",
            milliseconds(timed(url)),
            "< 150 ms médiane",
        ),
        (
            "page du plan filtrée (statut + recherche)",
            milliseconds(timed(url + "?status=en_cours&q=mesure")),
            "",
        ),
        (
            "calendrier (Gantt) des 150 actions",
            milliseconds(timed(f"/ctg/{convention.slug}/plan/calendrier/")),
            "",
        ),
        (
            "export XLSX du plan",
            milliseconds(timed(f"/ctg/{convention.slug}/plan/export.xlsx", 10)),
            "",
        ),
    ]
    convention.delete()
    emit(rows)


if __name__ == "__main__":
    main()
