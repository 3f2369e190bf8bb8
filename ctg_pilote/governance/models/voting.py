"""Seminar prioritisation: each participant spreads N points over candidate actions."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_ballot_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Vote(models.Model):
    not_exchanged = ("id", "convention")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_votes"
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("réunion"),
    )
    title = models.CharField(_("intitulé"), max_length=200)
    points = models.PositiveSmallIntegerField(
        _("points par participant"), default=10, validators=bounds.POINTS
    )
    closes_at = models.DateTimeField(
        _("clôture prévue"), null=True, blank=True, validators=bounds.DATE
    )
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True, validators=bounds.DATE)
    applied_at = models.DateTimeField(
        _("priorités appliquées le"), null=True, blank=True, validators=bounds.DATE
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("vote de priorisation")
        verbose_name_plural = _("votes de priorisation")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return bool(self.closed_at or (self.closes_at and self.closes_at <= timezone.now()))

    @property
    def closed_since(self):
        return self.closed_at or self.closes_at


class VoteCandidate(models.Model):
    not_exchanged = ("id", "vote", "position")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="candidates")
    action = models.ForeignKey(
        "plan.Action", on_delete=models.CASCADE, related_name="governance_vote_candidacies"
    )
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.ORDER)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "action"], name="uniq_vote_candidate")
        ]

    def __str__(self) -> str:
        return str(self.action)


class Ballot(models.Model):
    """One participant's ballot, reached by its code: no account needed, one ballot each."""

    not_exchanged = ("id", "vote")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    code = models.CharField(_("code"), max_length=16, unique=True, default=new_ballot_code)
    participant = models.CharField(_("participant·e"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(
        _("déposé le"), null=True, blank=True, validators=bounds.DATE
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.participant or self.code


class BallotPoints(models.Model):
    not_exchanged = ("id", "ballot")

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="points")
    candidate = models.ForeignKey(VoteCandidate, on_delete=models.CASCADE, related_name="points")
    points = models.PositiveSmallIntegerField(validators=bounds.POINTS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="uniq_ballot_candidate")
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.points}"
