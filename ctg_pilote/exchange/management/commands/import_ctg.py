import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError


class Command(BaseCommand):
    help = (
        "Crée ou met à jour une CTG à partir d'un document d'échange (YAML ou JSON), tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")
        parser.add_argument(
            "--dry-run", action="store_true", help="Vérifier et résumer sans rien enregistrer."
        )

    def handle(self, *args, files, dry_run, **options):
        failed = False
        start = time.perf_counter()
        refused = 0
        # A progress bar on the terminal when several documents are imported; none in logs.
        bar = tqdm(files, desc="CTG", unit=" CTG", file=sys.stderr, disable=len(files) < 2 or None)
        for path in bar:
            try:
                report = import_document(
                    read_file(path), dry_run=dry_run, source_name=Path(path).name
                )
            except ExchangeError as error:
                failed = True
                refused += 1
                self.stderr.write(
                    f"{path} : {len(error.problems)} problème(s), rien n'est enregistré."
                )
                for problem in error.problems:
                    self.stderr.write(f"  {problem}")
                continue
            self.stdout.write(report.summary())
        if len(files) > 1:
            seconds = time.perf_counter() - start
            self.stdout.write(
                f"{len(files) - refused} document(s) importé(s), {refused} refusé(s), "
                f"en {seconds:.1f} s ({len(files) / seconds:.1f} documents/s)."
            )
        if failed:
            raise CommandError("Import interrompu : corrigez les problèmes signalés.")
