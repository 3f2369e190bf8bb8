"""Weekly reminders, meant for cron: `ctg digest`."""

from django.core.management.base import BaseCommand

from ctg_pilote.pilotage.digest import send_digests


class Command(BaseCommand):
    help = "Envoie le rappel hebdomadaire des actions en retard aux pilotes et à la coordination."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Adresse du site, pour les liens.")

    def handle(self, *args, base_url, **options):
        report = send_digests(base_url=base_url.rstrip("/"))
        for line in report.sent:
            self.stdout.write(f"Envoyé : {line}")
        for line in report.skipped:
            self.stdout.write(f"Désinscrit : {line}")
        for line in report.problems:
            self.stdout.write(f"Problème : {line}")
        self.stdout.write(
            f"{len(report.sent)} rappel(s) envoyé(s), {len(report.problems)} problème(s)."
        )
