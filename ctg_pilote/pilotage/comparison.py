"""A draft bilan against the adopted one: what moved (status, progress, indicator values),
what was added (actions, indicators) and what was abandoned (actions now « abandonnée » or
gone from the plan), grouped by element of the plan. Both sides are `adoption.bilan_data`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ctg_pilote.plan.models import ActionStatus

ARROW = " → "


@dataclass
class Gap:
    """One line of the comparison: what it is about and how it changed."""

    subject: str
    detail: str


@dataclass
class NodeGaps:
    number: str
    title: str
    level: str
    moved: list[Gap] = field(default_factory=list)
    added: list[Gap] = field(default_factory=list)
    abandoned: list[Gap] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.level} {self.number}. {self.title}".strip()

    def __bool__(self) -> bool:
        return bool(self.moved or self.added or self.abandoned)


def _action_name(action: dict) -> str:
    return f"{action['number']}. {action['title']}"


def _progress(value) -> str:
    return _("non renseigné") if value is None else f"{value} %"


def _measure(value, unknown: str) -> str:
    return unknown if value is None else value.replace(".", ",")


def _action_moves(before: dict, after: dict) -> list[str]:
    moves = []
    if before["status"] != after["status"]:
        moves.append(_("statut : %s") % (before["status_label"] + ARROW + after["status_label"]))
    if before["progress"] != after["progress"]:
        moves.append(
            _("avancement : %s")
            % (_progress(before["progress"]) + ARROW + _progress(after["progress"]))
        )
    return moves


def _indicator_moves(before: dict, after: dict, years: tuple[int, int]) -> list[str]:
    """A bilan gives each indicator's value and target of its year: across two years, the
    figures say which year they are of."""
    moves = []
    for key, label, unknown in (
        ("value", _("résultat"), _("non mesuré")),
        ("target", _("cible"), _("non renseignée")),
    ):
        if before[key] != after[key]:
            old, new = _measure(before[key], unknown), _measure(after[key], unknown)
            if years[0] != years[1]:
                old, new = f"{old} ({years[0]})", f"{new} ({years[1]})"
            moves.append(f"{label} : {old}{ARROW}{new}")
    return moves


def _indexed(nodes: list[dict], kind: str) -> tuple[dict, dict]:
    by_id, by_ref = {}, {}
    for node in nodes:
        for item in node[kind]:
            if kind == "actions":
                by_id[item["id"]] = item
                if item["reference"]:
                    by_ref.setdefault(item["reference"], item)
            else:
                by_ref.setdefault(item["ref"], item)
    return by_id, by_ref


def _compare_actions(gaps: NodeGaps, node: dict, by_id: dict, by_ref: dict, seen: set) -> None:
    for action in node["actions"]:
        earlier = by_id.get(action["id"]) or by_ref.get(action["reference"] or None)
        name = _action_name(action)
        if earlier is None:
            gaps.added.append(Gap(name, _("nouvelle action (%s)") % action["status_label"]))
            continue
        seen.add(earlier["id"])
        moves = _action_moves(earlier, action)
        if not moves:
            continue
        if (
            action["status"] == ActionStatus.ABANDONED
            and earlier["status"] != ActionStatus.ABANDONED
        ):
            gaps.abandoned.append(Gap(name, " ; ".join(moves)))
        else:
            gaps.moved.append(Gap(name, " ; ".join(moves)))


def _compare_indicators(
    gaps: NodeGaps, node: dict, by_ref: dict, seen: set, years: tuple[int, int]
) -> None:
    for indicator in node["indicators"]:
        name = f"{indicator['ref']} {indicator['name']}"
        earlier = by_ref.get(indicator["ref"])
        if earlier is None:
            gaps.added.append(Gap(name, _("nouvel indicateur")))
            continue
        seen.add(indicator["ref"])
        moves = _indicator_moves(earlier, indicator, years)
        if moves:
            gaps.moved.append(Gap(name, " ; ".join(moves)))


def _gaps_for(node: dict) -> NodeGaps:
    return NodeGaps(number=node["number"], title=node["title"], level=node["level"])


def compare_bilans(adopted: dict, draft: dict) -> list[NodeGaps]:
    """The elements of the plan whose bilan differs, in the draft's order, then the elements
    the adopted bilan had and the plan no longer has. Empty when nothing changed."""
    actions_by_id, actions_by_ref = _indexed(adopted["nodes"], "actions")
    _unused, indicators_by_ref = _indexed(adopted["nodes"], "indicators")
    seen_actions, seen_indicators = set(), set()
    result = []
    for node in draft["nodes"]:
        gaps = _gaps_for(node)
        _compare_actions(gaps, node, actions_by_id, actions_by_ref, seen_actions)
        _compare_indicators(
            gaps, node, indicators_by_ref, seen_indicators, (adopted["year"], draft["year"])
        )
        result.append(gaps)
    by_number = {(g.number, g.title): g for g in result}
    for node in adopted["nodes"]:
        gone_actions = [a for a in node["actions"] if a["id"] not in seen_actions]
        gone_indicators = [i for i in node["indicators"] if i["ref"] not in seen_indicators]
        if not (gone_actions or gone_indicators):
            continue
        gaps = by_number.get((node["number"], node["title"]))
        if gaps is None:
            gaps = _gaps_for(node)
            result.append(gaps)
        for action in gone_actions:
            gaps.abandoned.append(Gap(_action_name(action), _("retirée du plan")))
        for indicator in gone_indicators:
            gaps.abandoned.append(
                Gap(f"{indicator['ref']} {indicator['name']}", _("indicateur retiré"))
            )
    return [g for g in result if g]
