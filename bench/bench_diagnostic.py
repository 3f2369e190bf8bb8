"""Diagnostic at national scale: import a national INSEE-layout file (every commune x 30
indicators, about a million values), re-import it (upserts), then aggregate every indicator
for every EPCI."""

import random
import tempfile
import time
from pathlib import Path

from common import ctg, emit, seconds, setup_django

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


def main() -> None:
    setup_django()
    from ctg_pilote.diagnostic.aggregation import by_epci
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
        first = [ctg("import_indicators", str(path))]
        again = [ctg("import_indicators", str(path))]
    indicators = list(Indicator.objects.with_parts())
    epcis = Epci.objects.filter(vintage=vintage).count()
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        result = by_epci(indicators, vintage, 2000 + YEAR)
        samples.append(time.perf_counter() - start)
    assert len(result) == epcis
    emit(
        [
            (
                f"import_indicators, fichier national ({len(codes)} communes x {len(suffixes)} "
                f"indicateurs = {values} valeurs), base vide",
                seconds(first),
                "< 60 s",
            ),
            ("import_indicators, même fichier réimporté (mises à jour)", seconds(again), "< 60 s"),
            (
                f"agrégation de {len(indicators)} indicateurs pour les {epcis} EPCI",
                seconds(samples),
                "",
            ),
        ]
    )


if __name__ == "__main__":
    main()
