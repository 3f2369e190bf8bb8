"""Comparing two states of the plan (a Snapshot's `data` and today's `services.plan_state`,
or two snapshots), action by action, in the natural order of their numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import ActionStatus

_RUNS = re.compile(r"(\d+)")


def natural_key(number: str) -> tuple:
    """Sort key of an action or node number: its runs of digits compare as numbers, the rest
    as text without case ("A2" < "A10", "1.2" < "1.10", "1.9" < "1.10.1")."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
        for part in _RUNS.split(str(number))
        if part
    )


@dataclass(frozen=True)
class ActionComparison:
    """One action in both states; `before` or `after` is None when it was absent then."""

    number: str
    before: dict | None
    after: dict | None

    @property
    def title(self) -> str:
        return (self.after or self.before or {}).get("titre", "")

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def before_status(self) -> str | None:
        return _status_label(self.before)

    @property
    def after_status(self) -> str | None:
        return _status_label(self.after)

    @property
    def before_progress(self) -> str | None:
        return _progress_label(self.before)

    @property
    def after_progress(self) -> str | None:
        return _progress_label(self.after)

    @property
    def delta(self) -> int | None:
        """Progress gained (points), when the action is in both states with a known progress."""
        if self.before is None or self.after is None:
            return None
        before, after = self.before.get("avancement"), self.after.get("avancement")
        if before is None or after is None:
            return None
        return after - before


def _progress_label(state: dict | None) -> str | None:
    if state is None:
        return None
    progress = state.get("avancement")
    return _("avancement non renseigné") if progress is None else f"{progress} %"


def _status_label(state: dict | None) -> str | None:
    if state is None:
        return None
    status = state.get("statut", "")
    return str(dict(ActionStatus.choices).get(status, status))


def compare_states(before: dict, after: dict) -> list[ActionComparison]:
    """Every action of either state (`{"actions": {number: {...}}}`), by natural number."""
    then, now = before.get("actions", {}), after.get("actions", {})
    return [
        ActionComparison(number, then.get(number), now.get(number))
        for number in sorted(set(then) | set(now), key=natural_key)
    ]
