"""Long work off the request path: the weekly digest, the brochures of every published CTG,
imports of many exchange documents. See docs/adr/0006-job-queue-in-the-database.md.

`start(kind, ...)` records a `Job` (what people see: progress, final report) and puts
`run_job` in django-tasks' queue. With PostgreSQL the queue is a table of the database
(django-tasks-db): `ctg db_worker` processes on any number of machines take jobs from it, each
job once. On SQLite (a laptop) the queue runs each job at once, in the process that starts it.
A job that raises is tried again, up to MAX_ATTEMPTS times; then it is marked failed with its
error, shown on the jobs page: never lost. A job left « en cours » by a worker that died is put
back in the queue by `ctg jobs --retry ID`.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Job

MAX_ATTEMPTS = 3
logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]


def start(kind: str, *, by=None, params: dict | None = None) -> Job:
    """Record a job and queue it (after the current transaction, so a worker finds its row)."""
    job = Job.objects.create(kind=kind, created_by=by, params=params or {})
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def retry(job: Job) -> None:
    """Queue a job again (failed, or left running by a worker that stopped)."""
    Job.objects.filter(pk=job.pk).update(status=Job.Status.WAITING, error="", attempts=0)
    transaction.on_commit(lambda: run_job.enqueue(job.pk))


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.status == Job.Status.DONE:
        return
    job.status = Job.Status.RUNNING
    job.attempts += 1
    job.save(update_fields=["status", "attempts"])

    def progress(done: int, total: int | None) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    try:
        report = HANDLERS[job.kind](job, progress)
    except Exception as error:
        logger.exception("job %s failed (attempt %s)", job.pk, job.attempts)
        job.error = f"{type(error).__name__} : {error}"
        if job.attempts < MAX_ATTEMPTS:
            job.status = Job.Status.WAITING
            job.save(update_fields=["status", "error"])
            run_job.enqueue(job.pk)
        else:
            job.status = Job.Status.FAILED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
        return
    job.refresh_from_db(fields=["done", "total"])
    job.status = Job.Status.DONE
    job.report = report
    job.error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "report", "error", "finished_at"])


def _digest(job: Job, progress: Progress) -> str:
    from ctg_pilote.pilotage.digest import send_digests

    progress(0, 1)
    report = send_digests(base_url=job.params.get("base_url", ""))
    progress(1, 1)
    lines = [f"Envoyé : {line}" for line in report.sent]
    lines += [f"Désinscrit : {line}" for line in report.skipped]
    lines += [f"Problème : {line}" for line in report.problems]
    lines.append(f"{len(report.sent)} rappel(s) envoyé(s), {len(report.problems)} problème(s).")
    return "\n".join(lines)


def _brochures(job: Job, progress: Progress) -> str:
    from ctg_pilote.conventions.models import Convention

    conventions = list(Convention.objects.filter(publication__is_published=True).order_by("slug"))
    lines = []
    for done, convention in enumerate(conventions):
        progress(done, len(conventions))
        # Through the `brochure` command: only reports lays out PDF documents.
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "brochure.pdf"
            call_command(
                "brochure",
                convention.slug,
                output=str(pdf),
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
            name = default_storage.save(
                f"travaux/{job.pk}/brochure-{convention.slug}.pdf", ContentFile(pdf.read_bytes())
            )
        lines.append(f"{convention.name} : {name}")
    progress(len(conventions), len(conventions))
    lines.append(f"{len(conventions)} brochure(s) écrite(s).")
    return "\n".join(lines)


def _import(job: Job, progress: Progress) -> str:
    from ctg_pilote.exchange.document import read_file
    from ctg_pilote.exchange.importer import import_document
    from ctg_pilote.exchange.problems import ExchangeError

    paths = job.params.get("paths", [])
    lines, failed = [], 0
    for done, path in enumerate(paths):
        progress(done, len(paths))
        try:
            report = import_document(read_file(path), source_name=Path(path).name)
        except ExchangeError as error:
            failed += 1
            lines.append(
                f"{Path(path).name} : {len(error.problems)} problème(s), rien n'est enregistré."
            )
            lines += [f"  {problem}" for problem in error.problems]
            continue
        lines.append(report.summary())
    progress(len(paths), len(paths))
    lines.append(f"{len(paths) - failed} document(s) importé(s), {failed} refusé(s).")
    return "\n".join(lines)


HANDLERS: dict[str, Callable[[Job, Progress], str]] = {
    Job.Kind.DIGEST: _digest,
    Job.Kind.BROCHURES: _brochures,
    Job.Kind.IMPORT: _import,
}
