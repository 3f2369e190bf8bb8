"""The plan as it stood at any date, rebuilt from the actions' history (`Change`).

Every change that matters to a bilan (status, progress, start and end dates, budget lines, and
the creation of the action) keeps its machine values (`old_value`, `new_value`) and the date it
took effect (`effective_on`, else the day it was entered). The state of a field at the end of
a day D is:

- the `new_value` of the latest change effective on or before D;
- else the `old_value` of the earliest change effective after D (nothing changed it since);
- else the action's current value.

An action whose creation took effect after D did not exist at D. An imported creation without
an effective date (the source does not say since when the action exists) does not limit the
past. Changes recorded before raw values were kept (`old_value` and `new_value` both None) are
left out: for what they changed, the current value stands in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BUDGET_LINE_FIELDS, Action, ActionStatus, BudgetState, Change

# The fields whose past is rebuilt: the model field of the action and the `Change.field` its
# changes carry (the budget lines' changes are named after their label, see ROW_LABELS).
SCALAR_FIELDS = ("status", "progress", "start_date", "end_date")
BUDGET = "budget"
REBUILT = (*SCALAR_FIELDS, BUDGET)
DATE_FIELDS = ("start_date", "end_date")


@dataclass(frozen=True)
class BudgetAmount:
    """What a bilan reads of a budget line: its year, amount and state."""

    year: int
    amount: Decimal
    state: str
    funder: str = ""  # the funder's ref, "" when the line names none


@dataclass
class ActionState:
    """An action's tracked values at a date."""

    action_id: int
    node_id: int
    status: str
    progress: int | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    budget: list[BudgetAmount] = field(default_factory=list)

    @property
    def is_done(self) -> bool:
        return self.status == ActionStatus.DONE

    def status_label(self) -> str:
        return str(ActionStatus(self.status).label)


def raw_value(action: Action, name: str):
    """The machine value of a tracked field, as `Change.old_value`/`new_value` keep it."""
    if name == BUDGET:
        return budget_raw(action.budget_lines.all())
    value = getattr(action, name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def budget_raw(lines) -> list[dict]:
    """Budget lines as the exchange document writes them (year, funder, amount, state)."""
    return [BUDGET_LINE_FIELDS.to_exchange(line) for line in lines]


def creation_values(action: Action, budget_lines=None) -> dict:
    """The raw values a creation change keeps: the action's first tracked values. `budget_lines`:
    the action's lines when they are not saved yet (a bulk import writes them later)."""
    values = {name: raw_value(action, name) for name in REBUILT if name != BUDGET}
    if budget_lines is None:
        values[BUDGET] = raw_value(action, BUDGET)
    else:
        values[BUDGET] = budget_raw(sorted(budget_lines, key=lambda line: line.year))
    return {name: values[name] for name in REBUILT}


def check_effective_on(convention, day: datetime.date | None) -> None:
    """A change can take effect from the year before the CTG's start up to today."""
    if day is None:
        return
    today = timezone.localdate()
    earliest = datetime.date(convention.start_year - 1, 1, 1)
    if day > today:
        raise ValidationError(
            {"effective_on": _("Date d'effet : une date future n'est pas acceptée.")}
        )
    if day < earliest:
        raise ValidationError(
            {
                "effective_on": _("Date d'effet : au plus tôt le %(date)s (CTG %(period)s).")
                % {"date": earliest.strftime("%d/%m/%Y"), "period": convention.period_label}
            }
        )


def has_raw_values(change: Change) -> bool:
    return change.old_value is not None or change.new_value is not None


def _status(raw) -> str:
    return raw if raw in ActionStatus.values else ActionStatus.UNKNOWN


def _progress(raw) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= 100:
        return None  # unknown rather than a guess
    return raw


def _date(raw) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        return None


def _budget(raw) -> list[BudgetAmount]:
    amounts = []
    for line in raw if isinstance(raw, list) else []:
        try:
            amount = Decimal(str(line["montant"]))
            year = int(line["annee"])
        except (KeyError, TypeError, ValueError, InvalidOperation):
            continue
        state = line.get("etat", BudgetState.PLANNED)
        if state not in BudgetState.values or not amount.is_finite() or amount < 0:
            continue  # not a line the budget could hold: left out rather than guessed
        funder = line.get("financeur") if isinstance(line.get("financeur"), str) else ""
        amounts.append(BudgetAmount(year=year, amount=amount, state=state, funder=funder))
    return amounts


READERS = {
    "status": _status,
    "progress": _progress,
    "start_date": _date,
    "end_date": _date,
    BUDGET: _budget,
}


def _effective(change: Change) -> datetime.date:
    if change.field == Change.CREATION and change.effective_on is None:
        return datetime.date.min  # an undated creation: since always
    return change.effective


def _sort_key(change: Change):
    return (_effective(change), change.at, change.pk)


def _field_value(changes: list[Change], name: str, day: datetime.date, current):
    """The value of one field at the end of `day` from its changes (see the module's doc)."""
    before = [c for c in changes if _effective(c) <= day]
    if before:
        latest = before[-1]
        return READERS[name](_new(latest, name))
    after = [c for c in changes if _effective(c) > day]
    if after:
        earliest = after[0]
        if earliest.field != Change.CREATION:
            return READERS[name](earliest.old_value)
    return current


def _new(change: Change, name: str):
    if change.field == Change.CREATION:
        return (change.new_value or {}).get(name)
    return change.new_value


def _touches(change: Change, name: str) -> bool:
    if change.field == Change.CREATION:
        return isinstance(change.new_value, dict) and name in change.new_value
    return change.field == name and has_raw_values(change)


def actions_as_of(convention, day: datetime.date) -> dict[int, ActionState]:
    """Every action of the CTG that existed at the end of `day`, with its tracked values then.
    Two queries: the actions with their budget lines, and their changes."""
    actions = list(Action.objects.filter(convention=convention).prefetch_related("budget_lines"))
    changes: dict[int, list[Change]] = {}
    fields = (*REBUILT, Change.CREATION)
    for change in Change.objects.filter(action__convention=convention, field__in=fields):
        changes.setdefault(change.action_id, []).append(change)
    states = {}
    for action in actions:
        own = sorted(changes.get(action.pk, []), key=_sort_key)
        creation = next((c for c in own if c.field == Change.CREATION), None)
        if creation is not None and _effective(creation) > day:
            continue
        current = {
            "status": action.status,
            "progress": action.progress,
            "start_date": action.start_date,
            "end_date": action.end_date,
            BUDGET: _budget(budget_raw(action.budget_lines.all())),
        }
        values = {
            name: _field_value([c for c in own if _touches(c, name)], name, day, current[name])
            for name in REBUILT
        }
        states[action.pk] = ActionState(
            action_id=action.pk,
            node_id=action.node_id,
            status=values["status"],
            progress=values["progress"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            budget=values[BUDGET],
        )
    return states


def end_of_year(year: int, today: datetime.date | None = None) -> datetime.date:
    """31/12 of `year`, or today if that is earlier (a bilan of the year under way)."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)
