from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.exchange.document import read_file
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError


class Command(BaseCommand):
    help = (
        "Vérifie un document d'échange : schéma, puis codes officiels et cohérence "
        "avec le référentiel chargé. N'enregistre rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER")

    def handle(self, *args, file, **options):
        try:
            report = import_document(read_file(file), dry_run=True)
        except ExchangeError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"{file} : {len(error.problems)} problème(s).") from error
        self.stdout.write(f"{file} : document valide. {report.summary()}")
