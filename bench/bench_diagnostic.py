"""Diagnostic at national scale: import a national INSEE-layout file (every commune x 30
indicators, about a million values), re-import it (upserts), then aggregate every indicator
for every EPCI."""

import random
import tempfile
import time
from pathlib import Path

from common import ctg, emit, setup_django

YEAR = 21  # columns P21_..., C21_...


def write_national_file(path: Path, codes: list[str], suffixes: list[str]) -> int:
    """An INSEE "base communale" layout: CODGEO;LIBGEO;P21_POP;...; ';' and decimal commas,
    cp1252, a few masked cells ("s") as the INSEE publishes them."""
    rng = random.Random(4)
    header = ["CODGEO", "LIBGEO"] + [
        f"TP60{YEAR}" if s == "TP60" else f"{'P' if s.startswith('POP') else 'C'}{YEAR}_{s}"
        for s in suffixes
    ]
    lines = [";".join(header)]
    for code in codes:
        cells = [code, f"Commune {code}"]
        for suffix in suffixes:
            if rng.random() < 0.01:
                cells.append("s")
            elif suffix == "TP60":
                cells.append(f"{rng.uniform(5, 30):.1f}".replace(".", ","))
            else:
                cells.append(f"{rng.randint(0, 5000)},{rng.randint(0, 99):02d}")
        lines.append(";".join(cells))
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    return len(codes) * len(suffixes)


COLUMNS = ["indicator_id", "commune_id", "year", "value", "dataset_id"]


def raw_insert_seconds(model, year: int) -> tuple[float, list[tuple]]:
    """The same rows as the import, read back, deleted, and inserted again into the table as
    the application needs it (its indexes, constraints and foreign keys) by the fastest plain
    route found: on PostgreSQL COPY, the foreign keys checked once at the end (one trigger per
    row is 20 times slower); on SQLite executemany of INSERTs of 200 rows each (one row per
    statement is slower: its per-statement costs; a temporary table then one
    INSERT ... SELECT, slower too)."""
    from django.db import connection, transaction

    from ctg_pilote.diagnostic.writes import _write

    # in the order the importer writes them (that of the unique index)
    rows = list(
        model.objects.filter(year=year)
        .order_by("indicator_id", "year", "commune_id")
        .values_list(*COLUMNS)
    )
    model.objects.filter(year=year).delete()
    with connection.cursor() as cursor:
        # the same starting point as the first import: no free pages, no pending log
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute(f"VACUUM {model._meta.db_table}")
    start = time.perf_counter()
    with transaction.atomic():
        _write(rows, model=model, columns=COLUMNS, conflict=[], update=[], fresh=True)
    return time.perf_counter() - start, rows


def bare_insert_seconds(rows: list[tuple]) -> float:
    """The same rows into a bare table of the same columns (no index, no constraint, no key):
    the floor a database reaches on this machine, not a table the application could use."""
    from django.db import connection, transaction

    names = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_bare_values (indicator_id bigint, commune_id bigint, "
            "year smallint, value double precision, dataset_id bigint)"
        )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bench_bare_values ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO bench_bare_values ({names}) VALUES (%s, %s, %s, %s, %s)", rows
            )
    seconds = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare_values")
    return seconds


def main() -> None:
    setup_django()
    from ctg_pilote.diagnostic.aggregation import by_epci
    from ctg_pilote.diagnostic.importer import import_indicator_file
    from ctg_pilote.diagnostic.models import Indicator, IndicatorValue
    from ctg_pilote.territories.models import Commune, Epci, Vintage

    if Vintage.objects.current() is None:
        ctg("load_territories")
    vintage = Vintage.objects.current()
    codes = list(Commune.objects.filter(vintage=vintage).values_list("code", flat=True))
    suffixes = list(
        Indicator.objects.exclude(insee_suffix="").values_list("insee_suffix", flat=True)
    )[:30]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "base-communale-nationale.csv"
        values = write_national_file(path, codes, suffixes)
        IndicatorValue.objects.filter(year=2000 + YEAR).delete()
        start = time.perf_counter()
        import_indicator_file(path)
        first = time.perf_counter() - start
        start = time.perf_counter()
        import_indicator_file(path)
        again = time.perf_counter() - start
    raw, rows = raw_insert_seconds(IndicatorValue, 2000 + YEAR)
    bare = bare_insert_seconds(rows)
    indicators = list(Indicator.objects.with_parts())
    epcis = Epci.objects.filter(vintage=vintage).count()
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        result = by_epci(indicators, vintage, 2000 + YEAR)
        samples.append(time.perf_counter() - start)
    assert len(result) == epcis
    aggregation = min(samples)
    emit(
        [
            (
                f"import_indicators, fichier national ({len(codes)} communes x {len(suffixes)} "
                f"indicateurs = {values} valeurs), base vide",
                f"{first:.1f} s, {values / first:,.0f} valeurs/s".replace(",", " "),
                ">= 250 000 valeurs/s",
            ),
            (
                "import_indicators, même fichier réimporté (mises à jour)",
                f"{again:.1f} s, {values / again:,.0f} valeurs/s".replace(",", " "),
                ">= 250 000 valeurs/s",
            ),
            (
                "insertion brute des mêmes lignes dans la table telle que l'application la lit "
                "(index, contraintes, clés étrangères ; COPY, clés vérifiées une fois à la fin, "
                "sur PostgreSQL ; INSERT de 200 lignes chacun sur SQLite), même machine",
                f"{raw:.1f} s, {values / raw:,.0f} lignes/s".replace(",", " "),
                "",
            ),
            ("rapport import / insertion brute", f"{first / raw:.1f} fois", "< 3 fois"),
            (
                "pour comparaison : les mêmes lignes dans une table nue (sans index ni "
                "contrainte, inutilisable par l'application)",
                f"{bare:.1f} s, {values / bare:,.0f} lignes/s ; import {first / bare:.1f} fois "
                "plus lent".replace(",", " "),
                "",
            ),
            (
                f"agrégation de {len(indicators)} indicateurs pour les {epcis} EPCI",
                f"{aggregation:.2f} s",
                "< 1 s",
            ),
        ]
    )


if __name__ == "__main__":
    main()
