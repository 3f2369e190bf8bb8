"""Seminar prioritisation: issue ballots, take votes, rank the actions, set their priority."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ctg_pilote.plan import services as plan_services
from ctg_pilote.plan.models import Action

from .models import Ballot, BallotPoints, Vote, VoteCandidate


@transaction.atomic
def create_vote(
    *,
    convention,
    title: str,
    points: int,
    actions: list[Action],
    closes_at: datetime.datetime | None = None,
    meeting=None,
    is_fictitious: bool = False,
) -> Vote:
    if points < 1:
        raise ValidationError({"points": _("Chaque participant doit disposer d'au moins 1 point.")})
    if len(actions) < 2:
        raise ValidationError({"actions": _("Choisissez au moins deux actions à départager.")})
    for action in actions:
        if action.convention_id != convention.pk:
            raise ValidationError({"actions": _("Cette action n'appartient pas à cette CTG.")})
    vote = Vote.objects.create(
        convention=convention,
        title=title,
        points=points,
        closes_at=closes_at,
        meeting=meeting,
        is_fictitious=is_fictitious,
    )
    VoteCandidate.objects.bulk_create(
        VoteCandidate(vote=vote, action=action, position=i) for i, action in enumerate(actions)
    )
    return vote


def issue_ballots(*, vote: Vote, count: int, participants: list[str] | None = None) -> list[Ballot]:
    """One ballot (one code, one link) per participant."""
    if vote.is_closed:
        raise ValidationError(_("Le vote est clos : aucun bulletin ne peut plus être distribué."))
    names = list(participants or [])
    count = max(count, len(names))
    if not 1 <= count <= 500:
        raise ValidationError({"count": _("Distribuez entre 1 et 500 bulletins à la fois.")})
    names += [""] * (count - len(names))
    return [Ballot.objects.create(vote=vote, participant=name.strip()) for name in names]


def closed_message(vote: Vote) -> str:
    since = timezone.localtime(vote.closed_since)
    return _(
        "Le vote « %(title)s » est clos depuis le %(date)s : votre bulletin n'a pas été enregistré."
    ) % {"title": vote.title, "date": formats.date_format(since, "DATETIME_FORMAT")}


@transaction.atomic
def submit_ballot(*, ballot: Ballot, points: dict[int, int]) -> Ballot:
    """Record a ballot: `points` maps candidate ids to points. Refused if the vote is closed,
    if this ballot was already cast, or if the total is not the vote's points."""
    ballot = Ballot.objects.select_for_update().select_related("vote").get(pk=ballot.pk)
    vote = ballot.vote
    if vote.is_closed:
        raise ValidationError(closed_message(vote))
    if ballot.submitted_at:
        raise ValidationError(
            _("Ce bulletin a déjà été déposé le %(date)s : chaque participant vote une seule fois.")
            % {
                "date": formats.date_format(
                    timezone.localtime(ballot.submitted_at), "DATETIME_FORMAT"
                )
            }
        )
    candidates = {c.pk: c for c in vote.candidates.all()}
    errors = {}
    for candidate_id, value in points.items():
        if candidate_id not in candidates:
            errors["points"] = _("Une des actions n'est pas soumise à ce vote.")
        elif value < 0:
            errors[f"points_{candidate_id}"] = _("Les points ne peuvent pas être négatifs.")
    total = sum(points.values())
    if not errors and total != vote.points:
        errors["points"] = _(
            "Vous avez réparti %(total)s points sur %(points)s : répartissez-les tous, "
            "ni plus ni moins."
        ) % {"total": total, "points": vote.points}
    if errors:
        raise ValidationError(errors)
    BallotPoints.objects.bulk_create(
        BallotPoints(ballot=ballot, candidate=candidates[cid], points=value)
        for cid, value in points.items()
        if value
    )
    ballot.submitted_at = timezone.now()
    ballot.save(update_fields=["submitted_at"])
    return ballot


def close_vote(*, vote: Vote) -> Vote:
    if not vote.closed_at:
        vote.closed_at = timezone.now()
        vote.save(update_fields=["closed_at"])
    return vote


@dataclass
class RankedAction:
    rank: int
    candidate: VoteCandidate
    total: int
    supporters: int

    @property
    def action(self) -> Action:
        return self.candidate.action


def results(vote: Vote) -> list[RankedAction]:
    """Actions by points received, then by number of supporters; ties share a rank."""
    rows = []
    for candidate in vote.candidates.select_related("action").prefetch_related("points"):
        given = [p.points for p in candidate.points.all()]
        rows.append((sum(given), len([g for g in given if g]), candidate))
    rows.sort(key=lambda r: (-r[0], -r[1], r[2].position))
    ranked, previous, rank = [], None, 0
    for index, (total, supporters, candidate) in enumerate(rows, start=1):
        if (total, supporters) != previous:
            rank = index
        previous = (total, supporters)
        ranked.append(RankedAction(rank, candidate, total, supporters))
    return ranked


@transaction.atomic
def apply_priorities(*, vote: Vote, top: int, by=None) -> int:
    """Give every candidate action its rank; the first `top` become priority actions."""
    if not vote.is_closed:
        raise ValidationError(_("Clôturez le vote avant d'appliquer son résultat au plan."))
    if top < 0:
        raise ValidationError({"top": _("Le nombre d'actions prioritaires ne peut être négatif.")})
    changed = 0
    for row in results(vote):
        is_priority = row.rank <= top
        if (row.action.priority_rank, row.action.is_priority) == (row.rank, is_priority):
            continue
        # The plan's one write route for an action: same version bump and history as an edit.
        plan_services.update_action(
            action=Action.objects.get(pk=row.action.pk),
            by=by,
            expected_version=None,
            values={"priority_rank": row.rank, "is_priority": is_priority},
        )
        changed += 1
    vote.applied_at = timezone.now()
    vote.save(update_fields=["applied_at"])
    return changed
