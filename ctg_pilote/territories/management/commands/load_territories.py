"""Load the official territorial reference data (COG vintage + commune contours)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from tqdm import tqdm

from ctg_pilote.core import revisions
from ctg_pilote.territories.importer import load_extract
from ctg_pilote.territories.reader import (
    DEFAULT_CONTOURS_FILE,
    DEFAULT_TERRITORIES_FILE,
    TerritoryDataError,
)

TABLE_LABELS = {
    "regions": "régions",
    "departements": "départements",
    "epci": "EPCI",
    "communes": "communes",
    "contours": "contours",
}


class Command(BaseCommand):
    help = (
        "Charge le référentiel territorial (régions, départements, EPCI, communes et leurs "
        "contours) d'un millésime du COG. Sans option : l'extrait 2026 livré avec l'application."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DEFAULT_TERRITORIES_FILE),
            help="Extrait du COG (.json.gz). Par défaut : %(default)s",
        )
        parser.add_argument(
            "--contours",
            default=str(DEFAULT_CONTOURS_FILE),
            help="Contours des communes (.json.gz). Par défaut : %(default)s",
        )
        parser.add_argument(
            "--departements",
            default="",
            help="Ne charger que les communes de ces départements, ex. 17,49 "
            "(les régions et départements sont toujours tous chargés).",
        )
        parser.add_argument(
            "--no-contours", action="store_true", help="Ne pas charger les contours."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Lire et vérifier les fichiers, afficher le bilan, ne rien écrire.",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        show_progress = options["verbosity"] > 0

        def progress(desc, total):
            return tqdm(
                total=total,
                desc=desc,
                unit=" lignes",
                file=sys.stderr,
                leave=False,
                disable=not show_progress,
                dynamic_ncols=True,
            )

        departements = None
        if options["departements"].strip():
            departements = options["departements"].split(",")
        try:
            report = load_extract(
                options["file"],
                None if options["no_contours"] else options["contours"],
                departements=departements,
                dry_run=options["dry_run"],
                progress=progress,
            )
        except TerritoryDataError as exc:
            raise CommandError(f"{exc} Rien n'a été modifié en base.") from exc
        except DatabaseError as exc:
            # The whole load is one transaction: a failure while writing leaves nothing behind.
            raise CommandError(
                f"Erreur de la base de données pendant le chargement ({exc}). "
                "Rien n'a été modifié en base."
            ) from exc
        if not options["dry_run"]:
            revisions.bump_all()
        elapsed = time.perf_counter() - started

        out = self.stdout.write
        out(f"Millésime {report.vintage} : {report.citation}")
        if report.departements_filter:
            out(f"Départements retenus : {', '.join(report.departements_filter)}")
        if report.communes_com:
            out(
                f"Dont {report.communes_com} communes des {report.collectivites} collectivités "
                "d'outre-mer (rattachées à leur collectivité, hors décompte des départements)."
            )
        if report.contours is None:
            out("Contours non chargés.")
        else:
            line = f"Contours : {report.contours}"
            if report.missing_contours:
                examples = ", ".join(sorted(report.missing_contours)[:5])
                line += f" ; {len(report.missing_contours)} communes sans contour (ex. {examples})"
            out(line + ".")
        created = ", ".join(
            f"{count} {TABLE_LABELS[table]}" for table, count in report.created.items() if count
        )
        if report.dry_run:
            out(f"Simulation : rien n'a été écrit. Nouveautés : {created or 'aucune'}.")
        else:
            out(f"Nouveautés : {created or 'aucune (déjà chargé, mis à jour)'}.")
        seconds = f"{elapsed:.1f}".replace(".", ",")
        out(self.style.SUCCESS(f"{report.summary} ({seconds} s)"))
