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
    """One field of an action changed by someone: the action's history."""

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

    not_exchanged = ("id", "action")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} : {self.old} → {self.new}"


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
