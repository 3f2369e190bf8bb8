from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.operations.backup import (
    BackupError,
    check_backup,
    check_dump_readable,
    restore_backup,
    restore_documents,
)


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans la base configurée (DATABASE_URL), qui doit être vide, "
        "applique les migrations puis vérifie chaque CTG contre la sauvegarde."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", metavar="DOSSIER", help="Dossier daté d'une sauvegarde.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Vérifier seulement la sauvegarde (empreintes, copie lisible), sans rien écrire.",
        )
        parser.add_argument(
            "--documents",
            action="store_true",
            help="Reconstruire les CTG depuis leurs seuls documents d'échange "
            "(installation neuve, référentiel des territoires chargé).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Remplacer le contenu d'une base non vide."
        )

    def handle(self, *args, folder, check, documents, force, **options):
        folder = Path(folder)
        try:
            if check:
                manifest = check_backup(folder)
                check_dump_readable(folder)
                self.stdout.write(
                    f"Sauvegarde {folder} intacte : {len(manifest['fichiers'])} fichiers "
                    f"conformes au manifeste, {manifest['ctg']} CTG, copie de la base lisible."
                )
                return
            restore = restore_documents if documents else restore_backup
            report = restore(folder=folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = report.manifest
        self.stdout.write(
            f"Sauvegarde du {manifest['date']} (ctg-pilote {manifest['application']['ctg-pilote']}) "
            f"restaurée dans la base « {self._database()} »."
        )
        if report.ok:
            self.stdout.write(
                f"Vérification réussie : {report.conventions} CTG identiques aux documents "
                "de la sauvegarde."
            )
            return
        for problem in report.problems:
            self.stderr.write(f"  {problem}")
        raise CommandError(
            f"Vérification échouée : {len(report.problems)} écart(s) avec la sauvegarde."
        )

    def _database(self):
        from django.conf import settings

        return settings.DATABASES["default"]["NAME"]
