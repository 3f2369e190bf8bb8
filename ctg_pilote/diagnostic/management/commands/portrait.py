"""ctg portrait SLUG --format csv: the comparison table of a CTG's diagnostic."""

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.spreadsheets import csv_writer
from ctg_pilote.diagnostic.exports import comparison_rows


class Command(BaseCommand):
    help = (
        "Tableau de comparaison d'une CTG : une ligne par indicateur, une colonne par zone "
        "d'étude, le territoire, le département et la France."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant de la CTG")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args, **options):
        convention = Convention.objects.filter(slug=options["slug"]).first()
        if convention is None:
            raise CommandError(f"CTG « {options['slug']} » inconnue.")
        writer = csv_writer(self.stdout, lineterminator="\n")
        for row in comparison_rows(convention):
            writer.writerow(row)
