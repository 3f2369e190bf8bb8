"""The documents of the demo CTGs: the A4 brochure and the 2025 bilan of Rochefort in its three
formats, rendered in the process (after a first document, which loads WeasyPrint and the fonts),
and the `ctg brochure` / `ctg bilan` commands' wall time, start-up included."""

import tempfile
from pathlib import Path

from common import ctg, emit, measure, seconds, setup_django

IN_PROCESS = "< 1 s"
COMMAND = "< 3 s"
SITE = "https://ctg.exemple.fr"  # the brochure then carries the directory's QR code, as on the site


def main() -> None:
    setup_django()
    from ctg_pilote.conventions.models import Convention
    from ctg_pilote.demo.services import DATA_DIR, demo_document
    from ctg_pilote.exchange.importer import import_document
    from ctg_pilote.pilotage.bilan import build_bilan
    from ctg_pilote.reports.bilan import render_bilan
    from ctg_pilote.reports.brochure import brochure_pdf
    from ctg_pilote.territories.importer import load_extract
    from ctg_pilote.territories.models import Commune

    if not Commune.objects.filter(code="17299").exists():  # run alone: the demo's départements
        load_extract(departements=["17", "49"])

    rows = []
    conventions = []
    for folder in ("rochefort-ocean", "cholet-agglomeration"):
        import_document(demo_document(DATA_DIR / folder))
        conventions.append(Convention.objects.get(slug=folder))
    rochefort = conventions[0]
    first = measure(lambda: brochure_pdf(rochefort, base_url=SITE), repeat=1)
    rows.append(
        ("premier document du processus (brochure de rochefort-ocean)", seconds(first), "—")
    )
    for convention in conventions:
        samples = measure(
            lambda convention=convention: brochure_pdf(convention, base_url=SITE), repeat=5
        )
        rows.append(
            (f"brochure PDF de {convention.slug}, dans le processus", seconds(samples), IN_PROCESS)
        )
    for fmt in ("pdf", "docx", "xlsx"):
        samples = measure(
            lambda fmt=fmt: render_bilan(build_bilan(rochefort, year=2025), fmt), repeat=5
        )
        rows.append(
            (
                f"bilan 2025 de rochefort-ocean en {fmt.upper()}, dans le processus",
                seconds(samples),
                IN_PROCESS,
            )
        )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        samples = [
            ctg("brochure", "rochefort-ocean", "--base-url", SITE, "-o", str(out / "b.pdf"))
            for _ in range(3)
        ]
        rows.append(
            (
                "commande `ctg brochure rochefort-ocean` (démarrage compris)",
                seconds(samples),
                COMMAND,
            )
        )
        for fmt in ("pdf", "docx"):
            samples = [
                ctg(
                    "bilan",
                    "rochefort-ocean",
                    "--year",
                    "2025",
                    "--format",
                    fmt,
                    "-o",
                    str(out / f"b.{fmt}"),
                )
                for _ in range(3)
            ]
            rows.append(
                (
                    f"commande `ctg bilan --format {fmt}` (démarrage compris)",
                    seconds(samples),
                    COMMAND,
                )
            )
    emit(rows)


if __name__ == "__main__":
    main()
