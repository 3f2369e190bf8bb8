"""What a bilan says of its year beyond the plan's tree: the figures of its summary, the
budget by funder and year, the governance of the year (meetings and decisions) and the
comité it was presented to. Read by `pilotage.bilan.build_bilan`."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from ctg_pilote.core.text import sorted_fr
from ctg_pilote.governance.models import DecisionStatus, Meeting, MeetingStatus
from ctg_pilote.governance.queries import decisions_as_of
from ctg_pilote.plan.health import Health
from ctg_pilote.plan.models import ActionStatus, BudgetState

from .models import AdoptedBilan


@dataclass
class FunderBudget:
    """One funder's amounts by year and state (Prévu, Acquis, Versé) over the bilan's years."""

    funder: str
    amounts: dict[tuple[int, str], Decimal] = field(default_factory=dict)

    def amount(self, year: int, state: str) -> Decimal | None:
        return self.amounts.get((year, state))

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class MeetingLine:
    meeting: Meeting
    instance: str
    status_label: str
    decisions: list = field(default_factory=list)  # governance.queries.DecisionState


@dataclass
class YearFigures:
    """The summary of the year: every count is the length of a list the bilan shows."""

    actions: int
    by_status: list[tuple[str, int]]
    done: int
    indicators: int
    measured: int
    on_track: int
    meetings_held: int
    decisions: int
    decisions_done: int
    budget_total: Decimal | None


def budget_by_funder(states, names: dict[str, str], first: int, year: int) -> list[FunderBudget]:
    """The budget lines of the actions as they stood at the end of the year, by funder."""
    funders: dict[str, FunderBudget] = {}
    for state in states:
        for line in state.budget:
            if not first <= line.year <= year:
                continue
            name = names.get(line.funder, line.funder) or ""
            row = funders.setdefault(name, FunderBudget(name))
            key = (line.year, line.state)
            row.amounts[key] = row.amounts.get(key, Decimal(0)) + line.amount
    named = sorted_fr([f for f in funders.values() if f.funder], key=lambda f: f.funder)
    return named + [f for f in funders.values() if not f.funder]


def budget_columns(funders: list[FunderBudget]) -> list[tuple[int, str, str]]:
    """The (year, state, label) columns that hold at least one amount, in year then state order."""
    order = list(BudgetState.values)
    used = {key for f in funders for key in f.amounts}
    return [
        (y, s, f"{BudgetState(s).label} {y}")
        for y, s in sorted(used, key=lambda k: (k[0], order.index(k[1])))
    ]


def governance_of(convention, first: int, year: int) -> list[MeetingLine]:
    """The meetings of the bilan's years with the decisions taken there, each decision's
    follow-up as it stood at the end of the year."""
    end = datetime.date(year, 12, 31)
    decisions = defaultdict(list)
    for state in decisions_as_of(convention, end):
        decisions[state.decision.meeting_id].append(state)
    lines = []
    for meeting in (
        Meeting.objects.filter(
            convention=convention, starts_at__year__gte=first, starts_at__year__lte=year
        )
        .select_related("instance")
        .order_by("starts_at", "pk")
    ):
        lines.append(
            MeetingLine(
                meeting=meeting,
                instance=meeting.instance.name,
                status_label=str(meeting.get_status_display()),
                decisions=decisions.get(meeting.pk, []),
            )
        )
    return lines


def presentation(convention, kind: str, year: int) -> AdoptedBilan | None:
    """The latest adoption of this bilan: the comité it was presented to, if any."""
    return (
        AdoptedBilan.objects.filter(convention=convention, kind=kind, year=year)
        .select_related("meeting")
        .order_by("-adopted_at", "-pk")
        .only("presented_on", "meeting_title", "meeting__title", "adopted_at")
        .first()
    )


def year_figures(sections, governance, funders) -> YearFigures:
    actions = [a for s in sections for a in s.actions]
    statuses = Counter(a.action.status for a in actions)
    indicators = [i for s in sections for i in s.all_indicators]
    decisions = [d for m in governance for d in m.decisions]
    budget = sum((f.total for f in funders), Decimal(0)) if funders else None
    return YearFigures(
        actions=len(actions),
        by_status=[
            (str(label), statuses[value])
            for value, label in ActionStatus.choices
            if statuses.get(value)
        ],
        done=statuses.get(ActionStatus.DONE, 0),
        indicators=len(indicators),
        measured=sum(1 for i in indicators if i.measured),
        on_track=sum(1 for i in indicators if i.measured and i.status == Health.ON_TRACK),
        meetings_held=sum(1 for m in governance if m.meeting.status == MeetingStatus.HELD),
        decisions=len(decisions),
        decisions_done=sum(1 for d in decisions if d.status == DecisionStatus.DONE),
        budget_total=budget,
    )


def generated_on() -> datetime.date:
    return timezone.localdate()
