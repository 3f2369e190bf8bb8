"""The follow-up of actions: notes, the history of changes, snapshots of the plan."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldspec import Exposed, Exposure

from .actions import Action


class Note(models.Model):
    """A dated follow-up note on an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"), validators=bounds.DATE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("auteur"), max_length=150, blank=True)
    text = models.TextField(_("note"))
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.author_name}"


# How a follow-up note is named outside: `actions[].notes[]` and the Notes sheet (after its
# "Action" column). The API writes a note its own way (today's date, the author's name).
NOTE_FIELDS = Exposure(
    Note,
    [
        Exposed("date", "date", "Date", always=True),
        Exposed("author_name", "auteur", "Auteur"),
        Exposed("text", "texte", "Texte", always=True),
        Exposed("is_fictitious", "fictif", "Fictif"),
    ],
    internal=("action", "author"),
)


class Change(models.Model):
    """One field of an action changed by someone: the action's history.

    `at` is when the change was entered, `effective_on` when it took effect (a status set
    late: "réalisée le 15/06/2025", entered in 2026); `plan.history` rebuilds the plan at any
    date from `old_value`/`new_value`, the machine values (status code, progress, ISO date,
    list of budget lines). The creation of an action is one change of field CREATION whose
    `new_value` holds its first tracked values. An imported creation may carry no
    `effective_on`: the source does not say since when the action exists."""

    CREATION = "creation"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=0,
        help_text="The action's version this change produced.",
        validators=bounds.INTERNAL,
    )
    field = models.CharField(max_length=60)
    label = models.CharField(max_length=100)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    effective_on = models.DateField(
        _("date d'effet"),
        null=True,
        blank=True,
        validators=bounds.DATE,
        help_text="The date the change took effect (None: the date of `at`, or for an "
        "imported creation, unknown).",
    )
    origin = models.CharField(_("origine"), max_length=200, blank=True)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)

    not_exchanged = ("id", "action")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} : {self.old} → {self.new}"

    @property
    def effective(self):
        """The date the change took effect: its own, else the day it was entered."""
        return self.effective_on or timezone.localdate(self.at)

    @property
    def is_late(self) -> bool:
        """Entered on another day than the one it took effect."""
        return self.effective_on is not None and self.effective_on != timezone.localdate(self.at)


class Snapshot(models.Model):
    """The whole plan frozen at a date (e.g. before a COPIL), to compare with today."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_snapshots"
    )
    label = models.CharField(_("libellé"), max_length=200)
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)

    not_exchanged = ("id", "convention", "taken_by")

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return self.label
