"""The content of a bilan (annual, intermédiaire, final) read from the plan, the pilotage's
narratives and evaluations; `reports.bilan` lays it out as DOCX, PDF or XLSX."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ctg_pilote.plan.history import actions_as_of, end_of_year
from ctg_pilote.plan.models import Action, ActionStatus, Indicator, Level, Node

from .bilan_year import (
    FunderBudget,
    MeetingLine,
    YearFigures,
    budget_by_funder,
    generated_on,
    governance_of,
    presentation,
    year_figures,
)
from .models import Bilan, BilanKind, ResultEvaluation
from .selectors import Health, indicator_health


class BilanError(ValueError):
    """A bilan that cannot be made, with a French message."""


@dataclass
class IndicatorLine:
    """An indicator in the bilan of a year: the target and the value of that year. Without a
    value measured that year, `value` is None and `health` says « Non mesuré » (no verdict)."""

    ref: str
    name: str
    unit: str
    target: Decimal | None
    value: Decimal | None
    health: str
    fictitious: bool
    status: str = Health.UNMEASURED
    comment: str = ""
    source: str = ""
    # The trajectory up to the bilan's year: targets and values by year.
    targets: dict[int, Decimal] = field(default_factory=dict)
    values: dict[int, Decimal] = field(default_factory=dict)

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def last_value(self) -> tuple[int, Decimal] | None:
        """The latest value measured before the bilan's year, as (year, value)."""
        if self.measured or not self.values:
            return None
        return max(self.values.items())


@dataclass
class ActionLine:
    """An action in a bilan. `action` carries its status, progress and dates as they stood at
    the end of the bilan's year (rebuilt from its history by `plan.history`; never saved)."""

    action: Action
    in_period: bool
    notes: list = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class ResultLine:
    position: int
    text: str
    judgement: str
    evidence: str
    fictitious: bool


@dataclass
class NodeSection:
    node: Node
    level: str
    actions: list[ActionLine]
    indicators: list[IndicatorLine]
    results: list[ResultLine]
    comments: str = ""
    difficulties: str = ""
    next_steps: str = ""
    # The actions of this element and of every element under it (set by build_bilan).
    tree_actions: list[ActionLine] = field(default_factory=list)

    @property
    def texts(self) -> list[tuple[str, str]]:
        """The coordinator's texts on this element, with their headings."""
        return [
            (_("Commentaires"), self.comments),
            (_("Difficultés"), self.difficulties),
            (_("Suites à donner"), self.next_steps),
        ]

    @property
    def notes(self) -> list:
        return [n for a in self.actions for n in a.notes]

    @property
    def tree_total(self) -> int:
        return len(self.tree_actions)

    @property
    def tree_done(self) -> int:
        return sum(1 for a in self.tree_actions if a.action.status == ActionStatus.DONE)

    @property
    def planned(self) -> int:
        return sum(1 for a in self.actions if a.in_period)

    @property
    def done(self) -> int:
        return sum(1 for a in self.actions if a.action.status == ActionStatus.DONE)

    @property
    def all_indicators(self) -> list[IndicatorLine]:
        """The element's own indicators, then its actions'."""
        return self.indicators + [i for a in self.actions for i in a.indicators]


@dataclass
class BilanContent:
    convention: object
    kind: str
    kind_label: str
    year: int
    first_year: int
    narrative: Bilan | None
    sections: list[NodeSection]
    budget: list[tuple[str, Decimal]]
    fictitious: bool
    funders: list[FunderBudget] = field(default_factory=list)
    governance: list[MeetingLine] = field(default_factory=list)
    figures: YearFigures | None = None
    adoption: object = None  # the latest AdoptedBilan of this bilan, if presented
    generated_on: object = None

    @property
    def title(self) -> str:
        if self.kind == BilanKind.ANNUAL:
            return _("%(kind)s %(year)s") % {"kind": self.kind_label, "year": self.year}
        return _("%(kind)s %(first)s-%(year)s") % {
            "kind": self.kind_label,
            "first": self.first_year,
            "year": self.year,
        }

    @property
    def actions_total(self) -> int:
        return sum(len(s.actions) for s in self.sections)

    @property
    def actions_done(self) -> int:
        return sum(s.done for s in self.sections)


def check_year(convention, year: int) -> None:
    if not convention.start_year <= year <= convention.end_year:
        raise BilanError(
            _(
                "L'année %(year)s est hors de la période de la CTG (%(period)s) : "
                "choisissez une année de %(start)s à %(end)s."
            )
            % {
                "year": year,
                "period": convention.period_label,
                "start": convention.start_year,
                "end": convention.end_year,
            }
        )


def _indicator_line(indicator: Indicator, year: int) -> IndicatorLine:
    """The target and the value of `year`, and the verdict at `year` only on a value of that
    year: a value of another year never stands for it."""
    targets = {t.year: t.value for t in indicator.targets.all()}
    values = {v.year: v for v in indicator.values.all()}
    value = values.get(year)
    health = indicator_health(indicator, year) if value else None
    status = health.status if health else Health.UNMEASURED
    return IndicatorLine(
        ref=indicator.ref,
        name=indicator.name,
        unit=indicator.unit,
        target=targets.get(year),
        value=value.value if value else None,
        health=str(Health.LABELS[status]),
        fictitious=bool(value and value.is_fictitious),
        status=status,
        comment=value.comment if value else "",
        source=value.source if value else "",
        targets={y: v for y, v in sorted(targets.items()) if y <= year},
        values={y: v.value for y, v in sorted(values.items()) if y <= year},
    )


def _count_tree(sections: list[NodeSection]) -> None:
    """Each element counts its own actions and those of every element under it."""
    by_node = {s.node.pk: s for s in sections}
    for section in sections:
        node = section.node
        while node is not None:
            by_node[node.pk].tree_actions.extend(section.actions)
            node = by_node[node.parent_id].node if node.parent_id in by_node else None


def build_bilan(convention, *, year: int, kind: str = BilanKind.ANNUAL) -> BilanContent:
    if kind not in BilanKind.values:
        raise BilanError(_("Type de bilan inconnu : %(kind)s.") % {"kind": kind})
    check_year(convention, year)
    first = year if kind == BilanKind.ANNUAL else convention.start_year
    narrative = (
        Bilan.objects.filter(convention=convention, kind=kind, year=year)
        .prefetch_related("node_texts")
        .first()
    )
    texts = {t.node_id: t for t in narrative.node_texts.all()} if narrative else {}
    levels = {lvl.depth: lvl.name for lvl in Level.objects.filter(convention=convention)}
    indicators = Indicator.objects.filter(convention=convention).prefetch_related(
        "targets", "values"
    )
    by_action, by_node = defaultdict(list), defaultdict(list)
    for indicator in indicators:
        line = _indicator_line(indicator, year)
        (
            by_action[indicator.action_id] if indicator.action_id else by_node[indicator.node_id]
        ).append(line)
    evaluations = {
        (e.node_id, e.position): e for e in ResultEvaluation.objects.filter(convention=convention)
    }
    actions = defaultdict(list)
    states = actions_as_of(convention, end_of_year(year))
    for action in (
        Action.objects.filter(convention=convention, pk__in=states)
        .select_related("pilot")
        .prefetch_related("notes")
        .order_by("position", "id")
    ):
        state = states[action.pk]
        action.status, action.progress = state.status, state.progress
        action.start_date, action.end_date = state.start_date, state.end_date
        starts = action.start_date.year if action.start_date else first
        ends = action.end_date.year if action.end_date else year
        actions[action.node_id].append(
            ActionLine(
                action=action,
                in_period=starts <= year and ends >= first,
                notes=[n for n in action.notes.all() if first <= n.date.year <= year],
                indicators=by_action[action.pk],
            )
        )
    sections = []
    for node in Node.objects.filter(convention=convention).in_tree_order():
        text = texts.get(node.pk)
        results = []
        for position, result in enumerate(node.expected_results or [], start=1):
            evaluation = evaluations.get((node.pk, position))
            results.append(
                ResultLine(
                    position=position,
                    text=result,
                    judgement=evaluation.get_judgement_display() if evaluation else "",
                    evidence=evaluation.evidence if evaluation else "",
                    fictitious=bool(evaluation and evaluation.is_fictitious),
                )
            )
        sections.append(
            NodeSection(
                node=node,
                level=levels.get(node.depth, ""),
                actions=actions[node.pk],
                indicators=by_node[node.pk],
                results=results,
                comments=text.comments if text else "",
                difficulties=text.difficulties if text else "",
                next_steps=text.next_steps if text else "",
            )
        )
    _count_tree(sections)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for state in states.values():
        for line in state.budget:
            if first <= line.year <= year:
                totals[line.state] += line.amount
    budget = sorted(totals.items())
    fictitious = bool(
        (narrative and narrative.is_fictitious)
        or any(a.action.follow_up_fictitious for s in sections for a in s.actions)
    )
    names = dict(convention.organisations.values_list("ref", "name"))
    funders = budget_by_funder(states.values(), names, first, year)
    governance = governance_of(convention, first, year)
    return BilanContent(
        funders=funders,
        governance=governance,
        figures=year_figures(sections, governance, funders),
        adoption=presentation(convention, kind, year),
        generated_on=generated_on(),
        convention=convention,
        kind=kind,
        kind_label=str(BilanKind(kind).label),
        year=year,
        first_year=first,
        narrative=narrative,
        sections=sections,
        budget=budget,
        fictitious=fictitious,
    )
