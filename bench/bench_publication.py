"""The A4 brochure of the demo CTGs (`ctg brochure`): the issue asks for under 5 s each."""

import tempfile
from pathlib import Path

from common import emit, measure, seconds, setup_django


def main() -> None:
    setup_django()
    from ctg_pilote.conventions.models import Convention
    from ctg_pilote.demo.services import DATA_DIR, demo_document
    from ctg_pilote.exchange.importer import import_document
    from ctg_pilote.reports.brochure import brochure_pdf
    from ctg_pilote.territories.importer import load_extract
    from ctg_pilote.territories.models import Commune

    if not Commune.objects.filter(code="17299").exists():  # run alone: the demo's départements
        load_extract(departements=["17", "49"])

    rows = []
    for folder in ("rochefort-ocean", "cholet-agglomeration"):
        import_document(demo_document(DATA_DIR / folder))
        convention = Convention.objects.get(slug=folder)
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "brochure.pdf"

            def render(convention=convention, target=target):
                target.write_bytes(brochure_pdf(convention))

            samples = measure(render, repeat=5)
        rows.append((f"brochure PDF de {folder}", seconds(samples), "< 5 s"))
    emit(rows)


if __name__ == "__main__":
    main()
