"""Notification e-mails, meant for a scheduler: `ctg send_notifications`."""

from django.core.management.base import BaseCommand

from ctg_pilote.collaboration.notifications import send_pending_notifications


class Command(BaseCommand):
    help = "Envoie par courriel les notifications en attente (un message par personne)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Adresse du site, pour les liens.")

    def handle(self, *args, base_url, **options):
        report = send_pending_notifications(base_url=base_url.rstrip("/"))
        for email in report.failed:
            self.stdout.write(f"Échec (réessayé au prochain envoi) : {email}")
        self.stdout.write(
            f"{len(report.sent)} message(s) envoyé(s), {len(report.failed)} échec(s)."
        )
