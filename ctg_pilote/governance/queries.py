"""Reads shared by the governance pages, the API and the bilans."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from ctg_pilote.conventions.models import Organisation
from ctg_pilote.plan.models import Action, PartnerRole

from .models import Decision, DecisionChange, DecisionStatus, InstanceMember


def partner_organisations(convention):
    """The CTG's organisations with everything the partners' directory shows about them."""
    return (
        Organisation.objects.filter(convention=convention)
        .select_related("commune", "partner_profile")
        .prefetch_related(
            "partner_profile__thematiques",
            "partner_profile__communes",
            "contacts",
            Prefetch("instance_seats", queryset=InstanceMember.objects.select_related("instance")),
            Prefetch("piloted_actions", queryset=Action.objects.order_by("number")),
            Prefetch("partner_roles", queryset=PartnerRole.objects.select_related("action")),
        )
    )


@dataclass(frozen=True)
class DecisionState:
    """A decision's follow-up as it stood at the end of a day."""

    decision: Decision
    status: str
    due_on: datetime.date | None
    done_on: datetime.date | None

    @property
    def status_label(self) -> str:
        return str(DecisionStatus(self.status).label)


def decisions_as_of(convention, day: datetime.date) -> list[DecisionState]:
    """The CTG's decisions taken by the end of `day`, each as its history says it stood then
    (changes that took effect by that day, a late entry counting from `en vigueur le`); a
    decision without history then is as it was recorded: open, with its current due date."""
    end = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
    decisions = Decision.objects.filter(convention=convention, meeting__starts_at__lte=end)
    changes: dict[int, DecisionChange] = {}
    for change in (
        DecisionChange.objects.filter(decision__in=decisions).effective_by(day).order_by("at", "id")
    ):
        changes[change.decision_id] = change
    states = []
    for decision in decisions.select_related("meeting").order_by("meeting__starts_at", "position"):
        change = changes.get(decision.pk)
        if change is None:
            states.append(DecisionState(decision, DecisionStatus.OPEN, decision.due_on, None))
        else:
            states.append(DecisionState(decision, change.status, change.due_on, change.done_on))
    return states
