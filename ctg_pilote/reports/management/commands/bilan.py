"""Generate a bilan of a CTG as DOCX, PDF or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.conventions.models import Convention
from ctg_pilote.pilotage.bilan import BilanError, build_bilan
from ctg_pilote.pilotage.models import BilanKind
from ctg_pilote.reports.bilan import FORMATS, render_bilan


class Command(BaseCommand):
    help = "Produit le bilan d'une CTG (annuel, intermédiaire ou final) en DOCX, PDF ou XLSX."
    # A document reads the database and writes one file: the system checks (which import every
    # URL module and template tag library) would double the command's wall time.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, default="docx")
        parser.add_argument("--type", choices=BilanKind.values, default=BilanKind.ANNUAL)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, slug, year, format, type, output, **options):
        convention = Convention.objects.filter(slug=slug).first()
        if convention is None:
            raise CommandError(f"Aucune CTG ne porte l'identifiant « {slug} ».")
        try:
            data = render_bilan(build_bilan(convention, year=year, kind=type), format)
        except BilanError as error:
            raise CommandError(str(error)) from error
        Path(output).write_bytes(data)
        self.stdout.write(f"Bilan écrit dans {output} ({len(data)} octets).")
