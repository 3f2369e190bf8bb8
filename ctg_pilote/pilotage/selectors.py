"""Reads of the pilotage: the dashboard's figures, late actions, indicator health, budget.
(The verdict on one indicator is the plan's: `plan.health`, re-exported here.)

Every function runs a fixed number of queries whatever the number of actions: the dashboard
groups in the database or loads each table once.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from ctg_pilote.governance.models import Decision, Meeting
from ctg_pilote.plan.health import HEALTH_RULE as HEALTH_RULE
from ctg_pilote.plan.health import Health, IndicatorHealth, indicator_health
from ctg_pilote.plan.history import actions_as_of
from ctg_pilote.plan.models import (
    Action,
    ActionStatus,
    BudgetLine,
    BudgetState,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Node,
)


def filtered_actions(convention, *, node=None, status="", late="", funder=None, year=None):
    """The list behind a dashboard figure."""
    today = timezone.localdate()
    qs = Action.objects.filter(convention=convention).with_follow_up()
    if node is not None:
        qs = qs.filter(node__in=Node.objects.filter(convention=convention).branch_of(node))
    if status == "ouvertes":
        qs = qs.open()
    elif status:
        qs = qs.with_status(status)
    if late == "echeance":
        qs = qs.late(today)
    elif late == "sans_suivi":
        qs = qs.stale(today)
    if funder is not None or year is not None:
        lines = BudgetLine.objects.filter(action__convention=convention)
        if funder == 0:
            lines = lines.filter(funder__isnull=True)
        elif funder is not None:
            lines = lines.filter(funder_id=funder)
        if year is not None:
            lines = lines.filter(year=year)
        qs = qs.filter(pk__in=lines.values("action_id"))
    return qs.select_related("node", "pilot").order_by("node__sort_key", "position", "id")


# What the dashboard shows of an indicator, and what its verdict reads.
INDICATOR_SHOWN = (
    "ref",
    "name",
    "unit",
    "baseline_value",
    "action",
    "action__number",
    "node",
    "node__number",
)


def indicators_health(convention, year: int | None = None) -> list[IndicatorHealth]:
    """Every indicator's verdict, on the values measured up to `year` when given."""
    indicators = (
        Indicator.objects.filter(convention=convention)
        .select_related("action", "node")
        .only(*INDICATOR_SHOWN)
        .order_by("ref")
    )
    # Two plain reads of the figures instead of prefetch_related: no related manager nor model
    # instance per indicator and figure (rows with the attributes indicator_health reads).
    targets, values = defaultdict(list), defaultdict(list)
    for target in IndicatorTarget.objects.filter(indicator__convention=convention).values_list(
        "indicator_id", "year", "value", named=True
    ):
        targets[target.indicator_id].append(target)
    for value in IndicatorValue.objects.filter(indicator__convention=convention).values_list(
        "indicator_id", "year", "value", "is_fictitious", named=True
    ):
        values[value.indicator_id].append(value)
    return [
        indicator_health(i, year, values=values[i.pk], targets=targets[i.pk]) for i in indicators
    ]


@dataclass
class NodeRow:
    node: Node
    total: int = 0
    done: int = 0
    by_status: Counter = field(default_factory=Counter)

    @property
    def done_rate(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


@dataclass
class Dashboard:
    total: int
    done: int
    by_status: list[tuple[str, str, int]]
    nodes: list[NodeRow]
    late_count: int
    stale_count: int
    late: list[Action]  # the first ten
    indicators: list[IndicatorHealth]
    health_counts: list[tuple[str, str, int]]
    budget: list[dict]
    budget_years: list[int]
    budget_totals: dict[str, Decimal]
    meetings: list[Meeting]
    decisions: list[Decision]
    open_decisions: int
    fictitious: bool
    # The day the figures are rebuilt at from the history (None: as the plan stands today).
    as_of: datetime.date | None = None

    @property
    def done_rate(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


def budget_table(convention) -> tuple[list[dict], list[int], dict[str, Decimal]]:
    """Rows per financeur and year with planned / acquired / paid sums."""
    rows = (
        BudgetLine.objects.filter(action__convention=convention)
        .values("funder_id", "funder__name", "year", "state")
        .annotate(total=Sum("amount"))
        .order_by("funder__name", "year")
    )
    table: dict[tuple, dict] = {}
    totals = {s: Decimal(0) for s in BudgetState.values}
    years = set()
    for row in rows:
        key = (row["funder__name"] or "", row["funder_id"], row["year"])
        entry = table.setdefault(
            key,
            {
                "funder_id": row["funder_id"],
                "funder": row["funder__name"],
                "year": row["year"],
                **{s: Decimal(0) for s in BudgetState.values},
            },
        )
        entry[row["state"]] += row["total"]
        totals[row["state"]] += row["total"]
        years.add(row["year"])
    return [table[k] for k in sorted(table, key=lambda k: (k[0], k[2]))], sorted(years), totals


def as_of_years(convention, today: datetime.date | None = None) -> list[int]:
    """The years whose end the dashboard can be rebuilt at: the CTG's, already ended."""
    today = today or timezone.localdate()
    return list(range(convention.start_year, min(convention.end_year, today.year - 1) + 1))


def _status_counts(convention, as_of: datetime.date | None) -> list[tuple[int, str, int]]:
    """(node, status, number of actions), today or at the end of `as_of` (from the history)."""
    if as_of is None:
        actions = Action.objects.filter(convention=convention)
        return list(actions.values_list("node_id", "status").annotate(c=Count("id")))
    counts = Counter((s.node_id, s.status) for s in actions_as_of(convention, as_of).values())
    return [(node_id, status, n) for (node_id, status), n in counts.items()]


# What the list of late actions shows of each: its name (number and title), link and end.
LATE_SHOWN = ("number", "title", "end_date")


def dashboard(
    convention, *, today: datetime.date | None = None, as_of: datetime.date | None = None
) -> Dashboard:
    """The dashboard of today, or with the actions as they stood at the end of `as_of`
    (rebuilt from their history; the late and stale lists are then left empty)."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(convention=convention)
    by_node_status = _status_counts(convention, as_of)
    status_counts = Counter()
    for _node_id, status, n in by_node_status:
        status_counts[status] += n
    total = sum(status_counts.values())
    nodes = list(Node.objects.filter(convention=convention).in_tree_order())
    parents = {n.pk: n.parent_id for n in nodes}
    rows = {n.pk: NodeRow(n) for n in nodes}
    for node_id, status, n in by_node_status:
        while node_id is not None:
            row = rows[node_id]
            row.total += n
            row.by_status[status] += n
            if status == ActionStatus.DONE:
                row.done += n
            node_id = parents.get(node_id)
    # The late actions as the list shows them; the stale ones only counted.
    late = [] if as_of else list(actions.late(today).only(*LATE_SHOWN).order_by("end_date", "id"))
    stale_count = 0 if as_of else actions.stale(today).count()
    health = indicators_health(convention, as_of.year if as_of else None)
    health_counter = Counter(h.status for h in health)
    budget, budget_years, budget_totals = budget_table(convention)
    meetings = list(
        Meeting.objects.filter(convention=convention)
        .upcoming()
        .select_related("instance")
        .order_by("starts_at")[:5]
    )
    open_decisions = Decision.objects.filter(convention=convention).open()
    return Dashboard(
        total=total,
        done=status_counts.get(ActionStatus.DONE, 0),
        by_status=[(s, label, status_counts.get(s, 0)) for s, label in ActionStatus.choices],
        nodes=[rows[n.pk] for n in nodes],
        late_count=len(late),
        stale_count=stale_count,
        late=late[:10],
        indicators=health,
        health_counts=[(s, Health.LABELS[s], health_counter.get(s, 0)) for s in Health.ORDER],
        budget=budget,
        budget_years=budget_years,
        budget_totals=budget_totals,
        meetings=meetings,
        decisions=list(open_decisions.for_list()[:8]),
        open_decisions=open_decisions.count(),
        fictitious=actions.filter(follow_up_fictitious=True).exists(),
        as_of=as_of,
    )
