"""Opening hours in the OpenStreetMap syntax, read by `opening-hours-py` (a maintained parser of
the full syntax, working offline) and told in French: the week day by day, and whether the
service is open now.

The week is read from the library's own intervals over the current week (Monday to Sunday),
so every rule the syntax allows is shown as the library understands it, not as a second parser
would. No country is given to the library, so public holidays ("PH") are not placed."""

import datetime as dt
from dataclasses import dataclass

import opening_hours
from django.utils import timezone
from django.utils.translation import gettext as _

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def _clock(moment: dt.datetime) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


@dataclass
class Week:
    lines: list[tuple[str, str]]  # (days, hours), e.g. ("du lundi au vendredi", "9 h - 12 h")
    open_now: bool | None  # None when the hours do not say
    next_change: str  # e.g. "ferme à 12 h", "ouvre lundi à 9 h"


def _parse(expression: str):
    try:
        return opening_hours.OpeningHours(expression)
    except (opening_hours.ParserError, ValueError):
        return None


def _day_ranges(start: dt.datetime, hours) -> list[str]:
    """Each day of the week starting at `start`: its open ranges as text."""
    days = []
    for offset in range(7):
        day = start + dt.timedelta(days=offset)
        ranges = []
        for begin, end, state, _comment in hours.intervals(day, day + dt.timedelta(days=1)):
            if state == opening_hours.State.OPEN and end > begin:
                end_text = "24 h" if end.date() > day.date() else _clock(end)
                ranges.append(f"{_clock(begin)} \u2013 {end_text}")
        days.append(", ".join(ranges))
    return days


def _group(days: list[str]) -> list[tuple[str, str]]:
    lines, first = [], 0
    for index in range(1, 8):
        if index == 7 or days[index] != days[first]:
            if days[first]:
                if index - first == 1:
                    label = DAYS[first]
                elif index - first == 2:
                    label = _("%(a)s et %(b)s") % {"a": DAYS[first], "b": DAYS[index - 1]}
                else:
                    label = _("du %(a)s au %(b)s") % {"a": DAYS[first], "b": DAYS[index - 1]}
                lines.append((label[:1].upper() + label[1:], days[first]))
            first = index
    return lines


def _next_change(hours, now: dt.datetime, is_open: bool) -> str:
    change = hours.next_change(now)
    if change is None or change.year > now.year + 1:
        return ""
    if change.date() == now.date():
        when = _("à %(time)s") % {"time": _clock(change)}
    else:
        when = _("%(day)s à %(time)s") % {"day": DAYS[change.weekday()], "time": _clock(change)}
    return (_("ferme %(when)s") if is_open else _("ouvre %(when)s")) % {"when": when}


def week(expression: str, now: dt.datetime | None = None) -> Week | None:
    """The hours as a French week, or None when empty or not in the OpenStreetMap syntax."""
    hours = _parse(expression) if expression else None
    if hours is None:
        return None
    now = now or timezone.localtime().replace(tzinfo=None)
    monday = (now - dt.timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    lines = _group(_day_ranges(monday, hours))
    state = hours.state(now)[0]
    if state == opening_hours.State.UNKNOWN:
        return Week(lines, None, "")
    is_open = state == opening_hours.State.OPEN
    return Week(lines, is_open, _next_change(hours, now, is_open))
