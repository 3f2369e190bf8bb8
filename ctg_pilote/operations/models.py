from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core.validators import COUNT


class Job(models.Model):
    """Long work run off the request path (operations/jobs.py): what it is, how far it went,
    and its final report. The queue itself is django-tasks' (ADR 0006); this row is what
    people see, kept after the work is done or has failed."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Rappel hebdomadaire")
        BROCHURES = "brochures", _("Brochures des CTG publiées")
        IMPORT = "import", _("Import de documents d'échange")

    class Status(models.TextChoices):
        WAITING = "waiting", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échoué")

    kind = models.CharField(_("travail"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("étapes"), null=True, blank=True, validators=COUNT)
    done = models.PositiveIntegerField(_("étapes faites"), default=0, validators=COUNT)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    report = models.TextField(_("compte rendu"), blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("fini le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("travail")
        verbose_name_plural = _("travaux")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def percent(self) -> int | None:
        """How far it went, or None while the number of steps is unknown."""
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, round(100 * self.done / self.total))
