import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.export import dump_yaml, export_convention


class Command(BaseCommand):
    help = "Exporte une CTG (ou toutes avec --all) dans le format d'échange."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", metavar="IDENTIFIANT")
        parser.add_argument("-o", "--output", metavar="FICHIER_OU_DOSSIER")
        parser.add_argument(
            "--all", action="store_true", help="Toutes les CTG, un fichier chacune."
        )
        parser.add_argument("--json", action="store_true", help="JSON plutôt que YAML.")

    def render(self, convention, as_json):
        doc = export_convention(convention)
        if as_json:
            return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        return dump_yaml(doc)

    def handle(self, *args, slug, output, all, json, **options):
        suffix = "json" if json else "yaml"
        if all:
            if not output:
                raise CommandError("--all demande un dossier de sortie : -o DOSSIER.")
            folder = Path(output)
            folder.mkdir(parents=True, exist_ok=True)
            for convention in Convention.objects.order_by("slug"):
                (folder / f"{convention.slug}.{suffix}").write_text(
                    self.render(convention, json), encoding="utf-8"
                )
                self.stdout.write(f"{convention.slug} → {folder / f'{convention.slug}.{suffix}'}")
            return
        if not slug:
            raise CommandError("Indiquez l'identifiant de la CTG, ou --all.")
        convention = Convention.objects.filter(slug=slug).first()
        if convention is None:
            known = ", ".join(Convention.objects.values_list("slug", flat=True)) or "aucune"
            raise CommandError(f"CTG « {slug} » inconnue (CTG présentes : {known}).")
        text = self.render(convention, json)
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"CTG « {convention.name} » exportée dans {output}.")
        else:
            self.stdout.write(text, ending="")
