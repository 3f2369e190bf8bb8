"""Computed pages (page cache off) for a CTG of 150 actions: pilotage dashboard, plan page and
the API's action list, timed in process through Django's test client, with their queries.

Each page is given as its wall-clock median and the median of its CPU time (time.process_time),
which other work on the machine sways less. CTG_BENCH_PROFILE=1 prints to stderr the functions
where each page spends its time (cProfile).
"""

import cProfile
import datetime
import io
import os
import pstats
import random
import statistics
import sys
import time

from common import emit, measure, setup_django

N_ACTIONS = 150
SLUG = "bench-computed"
AIM = "< 10 ms médiane, requêtes fixes"


def build(convention_model, epci):
    from ctg_pilote.conventions.models import Organisation
    from ctg_pilote.plan.models import (
        Action,
        BudgetLine,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
        Node,
        Note,
    )

    convention = convention_model.objects.create(
        slug=SLUG,
        name="CTG de mesure (fictif)",
        start_year=2023,
        end_year=2027,
        caf_departement=epci.departement,
        territory_kind="epci",
        vintage=epci.vintage,
        epci=epci,
        status="en_cours",
    )
    convention.communes.set(epci.communes.all())
    rng = random.Random(11)
    orgs = Organisation.objects.bulk_create(
        Organisation(convention=convention, ref=f"o{i}", name=f"Org {i}", kind="association")
        for i in range(10)
    )
    nodes = Node.objects.bulk_create(
        Node(
            convention=convention, number=str(i), sort_key=f"{i:03d}", position=i, title=f"Axe {i}"
        )
        for i in range(1, 7)
    )
    statuses = ["a_lancer", "en_cours", "realisee", "en_pause", "reportee", "abandonnee"]
    actions = Action.objects.bulk_create(
        Action(
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
        for i in range(N_ACTIONS)
    )
    Note.objects.bulk_create(
        Note(action=a, date=datetime.date(2024, 1 + i % 12, 1), text="Suivi")
        for i, a in enumerate(actions)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(
            action=a,
            year=year,
            amount=1000 + i,
            funder=orgs[i % 3],
            state=rng.choice(["prevu", "acquis", "verse"]),
        )
        for i, a in enumerate(actions)
        for year in (2024, 2025)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(convention=convention, action=a, ref=f"I{i}", name=f"Indicateur {i}")
        for i, a in enumerate(actions)
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=2025, value=100) for i in indicators
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(indicator=i, year=2025, value=rng.randint(40, 120)) for i in indicators
    )
    return convention


def profile(name, func) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        func()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(30)
    print(f"--- {name} ---\n{out.getvalue()}", file=sys.stderr)


def main() -> None:
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings

    from ctg_pilote.conventions.models import Convention, Membership
    from ctg_pilote.territories.models import Epci

    Convention.objects.filter(slug=SLUG).delete()
    if not Epci.objects.exists():  # run alone: load one département of the official extract
        from ctg_pilote.territories.importer import load_extract

        load_extract(departements=["17"])
    epci = Epci.objects.order_by("-vintage__year", "siren").first()
    convention = build(Convention, epci)
    user, _ = get_user_model().objects.get_or_create(email="bench-computed@exemple.test")
    Membership.objects.create(convention=convention, user=user, role="coordinateur")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    pages = [
        ("tableau de bord du pilotage", f"/ctg/{SLUG}/pilotage/"),
        ("page du plan d'action", f"/ctg/{SLUG}/plan/"),
        ("API, liste des actions", f"/api/v1/ctg/{SLUG}/plan/actions/"),
    ]
    rows = []
    try:
        with override_settings(CTG_PAGE_CACHE=False):
            for name, url in pages:

                def get(url=url):
                    response = client.get(url)
                    assert response.status_code == 200, (url, response.status_code)

                get()
                queries = []
                with connection.execute_wrapper(
                    lambda execute, sql, *args, seen=queries: (
                        seen.append(sql) or execute(sql, *args)
                    )
                ):
                    get()
                samples = measure(get, 30)
                # CPU time of this process: less swayed than the wall clock by other work on
                # the machine (the queries' time in SQLite is counted in both).
                cpu = []
                for _ in range(30):
                    start = time.process_time()
                    get()
                    cpu.append(time.process_time() - start)
                if os.environ.get("CTG_BENCH_PROFILE"):
                    profile(name, get)
                samples.sort()
                rows.append(
                    (
                        f"{name} calculée sans cache, CTG de {N_ACTIONS} actions",
                        f"{samples[len(samples) // 2] * 1000:.1f} ms médiane "
                        f"(CPU {statistics.median(cpu) * 1000:.1f} ms), {len(queries)} requêtes",
                        AIM,
                    )
                )
    finally:
        Convention.objects.filter(slug=SLUG).delete()
        user.delete()
    emit(rows)


if __name__ == "__main__":
    main()
