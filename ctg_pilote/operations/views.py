"""The jobs page: what runs off the request path, how far it went, and its final report."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ctg_pilote.conventions.access import user_view

from . import jobs, perms
from .models import Job

STARTABLE = (Job.Kind.DIGEST, Job.Kind.BROCHURES)
SHOWN = 30


@user_view(perms.can_run_jobs)
@require_http_methods(["GET", "POST"])
def job_list(request):
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind not in STARTABLE:
            messages.error(request, _("Ce travail n'existe pas."))
        else:
            params = {"base_url": request.build_absolute_uri("/").rstrip("/")}
            job = jobs.start(kind, by=request.user, params=params)
            messages.success(
                request, _("Travail demandé : %(job)s.") % {"job": job.get_kind_display()}
            )
        return redirect("operations:jobs")
    shown = list(Job.objects.select_related("created_by")[:SHOWN])
    running = any(job.status in (Job.Status.WAITING, Job.Status.RUNNING) for job in shown)
    context = {
        "jobs": shown,
        "running": running,
        "startable": [(kind.value, kind.label) for kind in STARTABLE],
    }
    if request.headers.get("HX-Request"):
        return render(request, "operations/_jobs.html", context)
    return render(request, "operations/jobs.html", context)
