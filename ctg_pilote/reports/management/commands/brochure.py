import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.publication.perms import is_published
from ctg_pilote.reports.brochure import brochure_pdf


class Command(BaseCommand):
    help = _("Produit la brochure A4 (PDF) de la page publique d'une CTG.")
    # A document reads the database and writes one file: the system checks (which import every
    # URL module and template tag library) would double the command's wall time.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("slug", metavar="IDENTIFIANT")
        parser.add_argument(
            "-o", "--output", metavar="FICHIER.pdf", help=_("Par défaut : ctg-IDENTIFIANT.pdf")
        )
        parser.add_argument(
            "--base-url",
            default="",
            metavar="https://…",
            help=_(
                "Adresse du site : la brochure porte alors le code QR de l'annuaire des services."
            ),
        )

    def handle(self, *args, slug, output, base_url, **options):
        convention = Convention.objects.filter(slug=slug).first()
        if convention is None:
            known = ", ".join(Convention.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                _("CTG « %(slug)s » inconnue (CTG présentes : %(known)s).")
                % {"slug": slug, "known": known or _("aucune")}
            )
        if not is_published(convention):
            self.stderr.write(
                _(
                    "Attention : la page publique de cette CTG n'est pas en ligne ; la brochure ne doit pas encore être diffusée."
                )
            )
        if base_url and not base_url.startswith(("https://", "http://")):
            raise CommandError(
                _("--base-url attend l'adresse du site, par exemple https://ctg.exemple.fr.")
            )
        if not base_url:
            self.stderr.write(
                _(
                    "Sans --base-url, la brochure ne porte pas le code QR de l'annuaire des services."
                )
            )
        path = Path(output or f"ctg-{slug}.pdf")
        start = time.perf_counter()
        data = brochure_pdf(convention, base_url=base_url)
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CommandError(
                _("Impossible d'écrire %(path)s : %(error)s") % {"path": path, "error": error}
            ) from error
        self.stdout.write(
            _("Brochure de « %(name)s » écrite dans %(path)s (%(size)s Ko, %(seconds).1f s).")
            % {
                "name": convention.name,
                "path": path,
                "size": len(data) // 1024,
                "seconds": time.perf_counter() - start,
            }
        )
