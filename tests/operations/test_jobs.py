"""Long work runs as jobs: started from the jobs page or `ctg jobs`, their progress and final
report are shown; a job that fails is tried again, then reported, never lost. On SQLite (the
test database) the queue runs each job at once, in process."""

import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.demo.services import demo_document, demo_folders
from ctg_pilote.operations import jobs
from ctg_pilote.operations.models import Job
from tests.conventions.factories import UserFactory
from tests.utils import page_text

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True))
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A job is queued when its transaction commits: `with committed(): ...` commits it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_digest_runs_as_a_job_and_its_report_is_on_the_page(admin_client, committed):
    url = reverse("operations:jobs")
    with committed():
        response = admin_client.post(url, {"kind": "digest"})
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (1, 1)
    assert "0 rappel(s) envoyé(s), 0 problème(s)." in job.report
    text = page_text(admin_client.get(url))
    assert "Rappel hebdomadaire" in text
    assert "Terminé" in text
    assert "Avancement : 1 sur 1" in text
    assert len(mail.outbox) == 0


def test_only_platform_administrators_see_or_start_jobs(client):
    client.force_login(UserFactory())
    url = reverse("operations:jobs")
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "digest"}).status_code == 403
    assert not Job.objects.exists()


def test_an_unknown_kind_starts_nothing(admin_client):
    admin_client.post(reverse("operations:jobs"), {"kind": "tout-effacer"})
    assert not Job.objects.exists()


def test_a_failing_job_is_tried_again_then_reported(admin_client, committed, monkeypatch):
    calls = []

    def broken(job, progress):
        calls.append(job.pk)
        progress(0, 4)
        raise RuntimeError("le relais SMTP ne répond pas")

    monkeypatch.setitem(jobs.HANDLERS, Job.Kind.DIGEST, broken)
    with committed():
        admin_client.post(reverse("operations:jobs"), {"kind": "digest"})
    job = Job.objects.get()
    assert len(calls) == jobs.MAX_ATTEMPTS
    assert job.status == Job.Status.FAILED
    assert job.attempts == jobs.MAX_ATTEMPTS
    assert "le relais SMTP ne répond pas" in job.error
    text = page_text(admin_client.get(reverse("operations:jobs")))
    assert "Échoué" in text and "le relais SMTP ne répond pas" in text
    assert "Avancement : 0 sur 4" in text


def test_a_job_that_fails_once_succeeds_at_its_second_attempt(admin_client, committed, monkeypatch):
    attempts = []

    def flaky(job, progress):
        attempts.append(1)
        if len(attempts) == 1:
            raise ConnectionError("coupure")
        progress(2, 2)
        return "fait"

    monkeypatch.setitem(jobs.HANDLERS, Job.Kind.DIGEST, flaky)
    with committed():
        admin_client.post(reverse("operations:jobs"), {"kind": "digest"})
    job = Job.objects.get()
    assert (job.status, job.attempts, job.report, job.error) == (Job.Status.DONE, 2, "fait", "")


def test_documents_are_imported_by_a_job_with_a_final_report(tmp_path, committed):
    document = demo_document(demo_folders()[0])
    good = tmp_path / "ctg.json"
    good.write_text(json.dumps(document), "utf-8")
    bad = tmp_path / "vide.json"
    bad.write_text("[]", "utf-8")
    out = io.StringIO()
    with committed():
        call_command("jobs", str(good), str(bad), start="import", stdout=out)
    job = Job.objects.get()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (2, 2)
    assert Convention.objects.filter(slug=document["ctg"]["identifiant"]).exists(), job.report
    assert "1 document(s) importé(s), 1 refusé(s)." in job.report
    assert "vide.json" in job.report
    assert "Travail n° " in out.getvalue()
    listing = io.StringIO()
    call_command("jobs", stdout=listing)
    assert "Import de documents d'échange : Terminé, avancement 2/2" in listing.getvalue()


def test_the_brochures_of_published_ctgs_are_written_by_a_job(admin_client, committed):
    from django.core.files.storage import default_storage

    from tests.publication.factories import PublicationFactory

    published = PublicationFactory(is_published=True).convention
    PublicationFactory(is_published=False)
    with committed():
        admin_client.post(reverse("operations:jobs"), {"kind": "brochures"})
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    assert (job.done, job.total) == (1, 1)
    name = f"travaux/{job.pk}/brochure-{published.slug}.pdf"
    assert name in job.report
    assert default_storage.open(name).read().startswith(b"%PDF")
