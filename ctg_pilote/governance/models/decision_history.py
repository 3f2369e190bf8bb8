"""The follow-up history of decisions: who changed a decision's suivi, due date or completion
date, when, and by which route (page, API, exchange import naming its file)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core import validators as bounds

from .meetings import Decision, DecisionStatus


class ChangeOrigin(models.TextChoices):
    PAGE = "page", _("page")
    API = "api", _("API")
    IMPORT = "import", _("import")


class DecisionChangeQuerySet(models.QuerySet):
    def effective_by(self, day: datetime.date) -> DecisionChangeQuerySet:
        """Changes in effect at the end of `day`: those that took effect that day or before."""
        return self.filter(
            Q(effective_on__lte=day) | Q(effective_on__isnull=True, at__date__lte=day)
        )


class DecisionChange(models.Model):
    """A decision's follow-up as it stood after one change (the first one records it).

    `effective_on` is the day the change took effect when it differs from the day it was
    entered (a decision « faite le 15/06/2025 » marked in 2026)."""

    not_exchanged = ("id", "decision")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(_("enregistré le"), default=timezone.now, validators=bounds.DATE)
    effective_on = models.DateField(
        _("en vigueur le"), null=True, blank=True, validators=bounds.DATE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    origin = models.CharField(_("origine"), max_length=10, choices=ChangeOrigin.choices)
    source = models.CharField(_("fichier"), max_length=200, blank=True)
    status = models.CharField(_("suivi"), max_length=12, choices=DecisionStatus.choices)
    due_on = models.DateField(_("échéance"), null=True, blank=True, validators=bounds.DATE)
    done_on = models.DateField(_("faite le"), null=True, blank=True, validators=bounds.DATE)

    objects = DecisionChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("changement de suivi")
        verbose_name_plural = _("changements de suivi")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.decision} — {self.get_status_display()}"

    @property
    def origin_label(self) -> str:
        if self.origin == ChangeOrigin.IMPORT and self.source:
            return _("import du fichier « %(file)s »") % {"file": self.source}
        return self.get_origin_display()
