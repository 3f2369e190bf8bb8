"""`ctg jobs`: list the platform's jobs, start one, or queue again one that failed or whose
worker stopped. The queue is served by `ctg db_worker` with PostgreSQL (ADR 0006)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ctg_pilote.operations import jobs
from ctg_pilote.operations.models import Job


class Command(BaseCommand):
    help = "Liste les travaux, en lance un (--start) ou relance un travail (--retry)."

    def add_arguments(self, parser):
        parser.add_argument("--start", choices=[kind.value for kind in Job.Kind])
        parser.add_argument("--retry", type=int, metavar="NUMÉRO")
        parser.add_argument("files", nargs="*", metavar="FICHIER", help="pour --start import")
        parser.add_argument("--base-url", default="", help="adresse du site, pour les liens")

    def handle(self, *args, start, retry, files, base_url, **options):
        if start:
            if start == Job.Kind.IMPORT and not files:
                raise CommandError("Indiquez les documents d'échange à importer.")
            params = {"paths": [str(f) for f in files]} if start == Job.Kind.IMPORT else {}
            if base_url:
                params["base_url"] = base_url.rstrip("/")
            with transaction.atomic():
                job = jobs.start(start, params=params)
            self.stdout.write(f"Travail n° {job.pk} demandé : {job.get_kind_display()}.")
        if retry:
            job = Job.objects.filter(pk=retry).first()
            if job is None:
                raise CommandError(f"Aucun travail n° {retry}.")
            with transaction.atomic():
                jobs.retry(job)
            self.stdout.write(f"Travail n° {job.pk} relancé.")
        for job in Job.objects.all()[:20]:
            job.refresh_from_db()
            steps = f"{job.done}/{job.total}" if job.total is not None else "non renseigné"
            self.stdout.write(
                f"n° {job.pk} {job.get_kind_display()} : {job.get_status_display()}, "
                f"avancement {steps}" + (f", erreur : {job.error}" if job.error else "")
            )
