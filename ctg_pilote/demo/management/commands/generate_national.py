"""ctg generate_national --out DIR [--limit N] [--seed S]: the synthetic national dataset."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ctg_pilote.demo.national import SERVICES_TOTAL, generate
from ctg_pilote.territories.models import Epci, Vintage


class Command(BaseCommand):
    help = (
        "Écrit un jeu de données national entièrement fictif pour les mesures de performance : "
        "une CTG par EPCI (40 actions chacune), des valeurs d'indicateurs pour toutes les "
        "communes et 100 000 services de l'annuaire."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, metavar="DOSSIER", help="dossier de sortie")
        parser.add_argument(
            "--limit", type=int, default=None, metavar="N", help="seulement les N premiers EPCI"
        )
        parser.add_argument("--seed", type=int, default=1, help="graine (défaut : 1)")
        parser.add_argument(
            "--services",
            type=int,
            default=SERVICES_TOTAL,
            help=f"services de l'annuaire répartis sur tous les EPCI (défaut : {SERVICES_TOTAL})",
        )

    def handle(self, *args, out, limit, seed, services, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit doit être un nombre entier positif.")
        if services < 0:
            raise CommandError("--services doit être un nombre entier positif ou nul.")
        vintage = Vintage.objects.current()
        if vintage is None:
            raise CommandError(
                "Référentiel des territoires absent : lancez d'abord « ctg load_territories »."
            )
        total = Epci.objects.filter(vintage=vintage).count()
        with tqdm(
            total=min(total, limit or total),
            desc="CTG",
            unit=" CTG",
            disable=options["verbosity"] == 0,
            file=self.stderr,
        ) as bar:
            report = generate(
                out=Path(out), limit=limit, seed=seed, services=services, progress=bar.update
            )
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Dossier : {out}")
