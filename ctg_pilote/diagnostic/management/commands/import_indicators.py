"""ctg import_indicators FILE [--dry-run]: values per commune from an INSEE or CAF file."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ctg_pilote.core import revisions
from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file


class Command(BaseCommand):
    help = "Importe des valeurs d'indicateurs par commune (CSV, XLSX ou ZIP, formats INSEE ou CAF)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV, XLSX ou ZIP téléchargé")
        parser.add_argument("--dry-run", action="store_true", help="vérifier sans enregistrer")
        parser.add_argument(
            "--source", default="", help="source à citer (par défaut selon le format)"
        )
        parser.add_argument(
            "--millesime", default="", help="millésime de la source, ex. « RP 2021 »"
        )
        parser.add_argument(
            "--fictif", action="store_true", help="valeurs inventées (démonstration)"
        )

    def handle(self, *args, **options):
        with tqdm(
            desc="Lignes", unit=" lignes", disable=options["verbosity"] == 0, file=self.stderr
        ) as bar:
            try:
                report = import_indicator_file(
                    options["file"],
                    dry_run=options["dry_run"],
                    source=options["source"],
                    vintage_label=options["millesime"],
                    fictitious=options["fictif"],
                    progress=bar.update,
                )
            except IndicatorImportError as error:
                raise CommandError(
                    "Import refusé, rien n'a été enregistré :\n" + "\n".join(error.problems)
                ) from error
        if not options["dry_run"]:
            revisions.bump_all()
        for line in report.lines():
            self.stdout.write(line)
