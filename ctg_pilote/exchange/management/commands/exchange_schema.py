from pathlib import Path

from django.core.management.base import BaseCommand

from ctg_pilote.exchange.document import SCHEMA_PATH, render_schema


class Command(BaseCommand):
    help = (
        "Écrit le schéma JSON complet du format d'échange (le cœur et les sections des "
        "applications). Sans option : dans le fichier du dépôt."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", default=str(SCHEMA_PATH), metavar="FICHIER")

    def handle(self, *args, output, **options):
        if output == "-":
            self.stdout.write(render_schema(), ending="")
            return
        Path(output).write_text(render_schema(), encoding="utf-8")
        self.stderr.write(f"Schéma écrit dans {output}.")
