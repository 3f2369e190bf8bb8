from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.operations.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde complète dans un dossier daté : copie PostgreSQL (pg_dump), document "
        "d'échange de chaque CTG, fichiers déposés s'ils sont sur disque, manifeste (sha256)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", required=True, metavar="DOSSIER", help="Dossier des sauvegardes."
        )

    def handle(self, *args, output, **options):
        try:
            folder = make_backup(destination=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Sauvegarde écrite dans {folder}")
