"""Pilotage dashboard server time for a CTG of 150 actions (synthetic data, removed after)."""

import datetime
import random

from common import emit, measure, milliseconds, setup_django

N_ACTIONS = 150
SLUG = "bench-pilotage"


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from ctg_pilote.conventions.models import Convention, Organisation
    from ctg_pilote.plan.models import (
        Action,
        BudgetLine,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
        Node,
        Note,
    )
    from ctg_pilote.territories.models import Epci

    Convention.objects.filter(slug=SLUG).delete()
    if not Epci.objects.exists():  # run alone: load one département of the official extract
        from ctg_pilote.territories.importer import load_extract

        load_extract(departements=["17"])
    epci = Epci.objects.order_by("-vintage__year", "siren").first()
    convention = Convention.objects.create(
        slug=SLUG,
        name="CTG de mesure",
        start_year=2023,
        end_year=2027,
        caf_departement=epci.departement,
        territory_kind="epci",
        vintage=epci.vintage,
        epci=epci,
        status="en_cours",
    )
    rng = random.Random(7)
    orgs = [
        Organisation.objects.create(
            convention=convention, ref=f"o{i}", name=f"Org {i}", kind="association"
        )
        for i in range(10)
    ]
    nodes = [
        Node.objects.create(
            convention=convention, number=str(i), sort_key=f"{i:03d}", position=i, title=f"Axe {i}"
        )
        for i in range(1, 7)
    ]
    statuses = ["a_lancer", "en_cours", "realisee", "en_pause", "reportee", "abandonnee"]
    for i in range(N_ACTIONS):
        action = Action.objects.create(
            convention=convention,
            node=nodes[i % 6],
            number=f"{i % 6 + 1}.{i}",
            position=i,
            title=f"Action {i}",
            status=rng.choice(statuses),
            progress=rng.randint(0, 100),
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2024 + i % 4, 6, 30),
            pilot=orgs[i % 10],
        )
        Note.objects.create(action=action, date=datetime.date(2024, 1 + i % 12, 1), text="Suivi")
        for year in (2024, 2025):
            BudgetLine.objects.create(
                action=action,
                year=year,
                amount=1000 + i,
                funder=orgs[i % 3],
                state=rng.choice(["prevu", "acquis", "verse"]),
            )
        indicator = Indicator.objects.create(
            convention=convention, action=action, ref=f"I{i}", name=f"Indicateur {i}"
        )
        IndicatorTarget.objects.create(indicator=indicator, year=2025, value=100)
        IndicatorValue.objects.create(indicator=indicator, year=2025, value=rng.randint(40, 120))
    admin, _ = get_user_model().objects.get_or_create(
        email="bench-pilotage@exemple.test", defaults={"is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    url = f"/ctg/{SLUG}/pilotage/"
    try:
        assert client.get(url, HTTP_HOST="127.0.0.1").status_code == 200
        samples = measure(lambda: client.get(url, HTTP_HOST="127.0.0.1"), 30)
    finally:
        Convention.objects.filter(slug=SLUG).delete()
        admin.delete()
    emit(
        [
            (
                f"tableau de bord du pilotage, CTG de {N_ACTIONS} actions",
                milliseconds(samples),
                "< 200 ms médiane",
            )
        ]
    )


if __name__ == "__main__":
    main()
