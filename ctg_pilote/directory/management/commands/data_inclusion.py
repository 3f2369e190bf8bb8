"""`ctg data_inclusion import <ctg> structures.json services.json` and
`ctg data_inclusion export <ctg> <folder>`: a CTG's offer in the data·inclusion files."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.spreadsheets import FileRefused, check_path
from ctg_pilote.directory.datainclusion import (
    ImportRefused,
    export_records,
    import_records,
    read_json_list,
)


class _File:
    def __init__(self, path: Path):
        self.path = path
        self.size = path.stat().st_size

    def read(self) -> bytes:
        return self.path.read_bytes()


class Command(BaseCommand):
    help = "Importe ou exporte l'offre d'une CTG au format data·inclusion (schéma v1)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "export"])
        parser.add_argument("ctg", help="identifiant (slug) de la CTG")
        parser.add_argument("paths", nargs="+", help="structures.json services.json, ou un dossier")

    def handle(self, *args, action, ctg, paths, **options):
        convention = Convention.objects.filter(slug=ctg).first()
        if convention is None:
            raise CommandError(f"CTG « {ctg} » introuvable.")
        if action == "export":
            folder = Path(paths[0])
            folder.mkdir(parents=True, exist_ok=True)
            structures, services = export_records(convention)
            for name, records in (("structures", structures), ("services", services)):
                text = json.dumps(records, ensure_ascii=False, indent=2)
                (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{len(structures)} structures, {len(services)} services écrits.")
            return
        if len(paths) != 2:
            raise CommandError("Donnez deux fichiers : structures.json puis services.json.")
        try:
            for path in paths:
                check_path(path)
            structures, services = (
                read_json_list(_File(Path(path)), Path(path).name, command=True) for path in paths
            )
            imported = import_records(convention, structures, services)
        except (ImportRefused, FileRefused, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{len(imported.services)} services importés : {len(imported.created)} créés, "
            f"{len(imported.updated)} mis à jour ({imported.organisations} structures)."
        )
