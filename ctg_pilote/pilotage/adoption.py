"""Adopted bilans: a bilan presented to the comité de pilotage is kept as it was (its content
as data, its three files as bytes), and the deadlines a coordinator must not miss (the
convention's end, the yearly bilan of last year not adopted by the end of March).

The files are laid out by `reports.bilan.render_bilan`, which this app may not import: the
page that adopts (in `reports.views`) passes it as `render`."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ctg_pilote.conventions.models import ConventionStatus
from ctg_pilote.governance.models import InstanceKind, Meeting, MeetingStatus
from ctg_pilote.plan.models import BudgetState

from .bilan import BilanContent, build_bilan
from .models import AdoptedBilan, BilanKind

FILE_FORMATS = ("docx", "pdf", "xlsx")
# The yearly bilan of year N is due once the first quarter of N+1 is over.
BILAN_DUE = (3, 31)
ENDING_WITHIN_MONTHS = 12


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def bilan_data(content: BilanContent) -> dict:
    """What the bilan's documents show, as plain JSON: kept with an adoption, compared later."""
    nodes = []
    for section in content.sections:
        indicators = [(None, i) for i in section.indicators] + [
            (line.action.reference, i) for line in section.actions for i in line.indicators
        ]
        nodes.append(
            {
                "id": section.node.pk,
                "number": section.node.number,
                "title": section.node.title,
                "level": section.level,
                "depth": section.node.depth,
                "planned": section.planned,
                "done": section.done,
                "actions": [
                    {
                        "id": line.action.pk,
                        "reference": line.action.reference,
                        "number": line.action.display_number,
                        "title": line.action.title,
                        "status": line.action.status,
                        "status_label": str(line.action.get_status_display()),
                        "progress": line.action.progress,
                        "in_period": line.in_period,
                    }
                    for line in section.actions
                ],
                "indicators": [
                    {
                        "ref": i.ref,
                        "name": i.name,
                        "unit": i.unit,
                        "action": action_ref,
                        "target": _number(i.target),
                        "value": _number(i.value),
                        "verdict": i.health,
                    }
                    for action_ref, i in indicators
                ],
                "results": [
                    {"position": r.position, "text": r.text, "judgement": r.judgement}
                    for r in section.results
                ],
                "comments": section.comments,
                "difficulties": section.difficulties,
                "next_steps": section.next_steps,
            }
        )
    narrative = content.narrative
    return {
        "title": content.title,
        "kind": content.kind,
        "year": content.year,
        "first_year": content.first_year,
        "actions_total": content.actions_total,
        "actions_done": content.actions_done,
        "introduction": narrative.introduction if narrative else "",
        "conclusion": narrative.conclusion if narrative else "",
        "nodes": nodes,
        "budget": [
            {"state": state, "label": str(BudgetState(state).label), "total": _number(total)}
            for state, total in content.budget
        ],
        "fictitious": content.fictitious,
    }


def latest_adopted(convention, *, kind: str, year: int) -> AdoptedBilan | None:
    """The adopted version of a bilan: the latest of its adoptions."""
    return (
        AdoptedBilan.objects.filter(convention=convention, kind=kind, year=year)
        .order_by("-adopted_at", "-id")
        .first()
    )


def comparison_reference(convention, *, kind: str, year: int) -> AdoptedBilan | None:
    """What a draft is compared with: its own adopted version, else the last bilan adopted
    before it (the 2026 draft against the 2025 bilan the comité received)."""
    return latest_adopted(convention, kind=kind, year=year) or (
        AdoptedBilan.objects.filter(convention=convention, year__lt=year)
        .order_by("-year", "-adopted_at", "-id")
        .first()
    )


def meetings_for_adoption(convention):
    """The meetings a bilan may have been presented at: the CTG's, already begun and not
    cancelled, comités de pilotage first."""
    return (
        Meeting.objects.filter(convention=convention, starts_at__lte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("instance")
        .annotate(
            copil=Case(
                When(instance__kind=InstanceKind.COPIL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("copil", "-starts_at", "id")
    )


def _presentation(convention, meeting, presented_on, today):
    if meeting is not None:
        if meeting.convention_id != convention.pk:
            raise ValidationError({"meeting": _("Cette réunion n'est pas une réunion de la CTG.")})
        presented_on = timezone.localdate(meeting.starts_at)
    if presented_on is None:
        raise ValidationError(
            {"presented_on": _("Choisissez la réunion ou donnez la date de présentation.")}
        )
    if presented_on > today:
        raise ValidationError(
            {
                "presented_on": _(
                    "La date de présentation (%(date)s) est à venir : un bilan est adopté "
                    "une fois présenté."
                )
                % {"date": f"{presented_on:%d/%m/%Y}"}
            }
        )
    return presented_on


@transaction.atomic
def adopt_bilan(
    *,
    convention,
    kind: str,
    year: int,
    by,
    render: Callable[[BilanContent, str], bytes],
    meeting: Meeting | None = None,
    presented_on: datetime.date | None = None,
) -> AdoptedBilan:
    """Keep the bilan as it stands now, presented at `meeting` (or on `presented_on`): its
    content and its three files, rendered once and never again. A new adoption of the same
    bilan adds a version; earlier ones stay as they were."""
    now = timezone.now()
    presented_on = _presentation(convention, meeting, presented_on, timezone.localdate(now))
    content = build_bilan(convention, year=year, kind=kind)
    adopted = AdoptedBilan(
        convention=convention,
        kind=kind,
        year=year,
        presented_on=presented_on,
        meeting=meeting,
        meeting_title=meeting.title[:200] if meeting else "",
        adopted_at=now,
        adopted_by=by if by is not None and by.is_authenticated else None,
        data=bilan_data(content),
        **{fmt: render(content, fmt) for fmt in FILE_FORMATS},
    )
    adopted.full_clean()
    adopted.save()
    return adopted


@dataclass(frozen=True)
class Deadline:
    """A warning about a date the CTG must not miss; `bilan_year` links to that bilan."""

    text: str
    level: str  # "danger": a bilan overdue; "warning": an end ahead; "info": an end passed
    bilan_year: int | None = None


def _months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def _end_warning(convention, today: datetime.date) -> Deadline | None:
    if not convention.end_year:
        return None  # unknown end: nothing to say
    end = datetime.date(convention.end_year, 12, 31)
    if end < today:
        return Deadline(
            _("La convention est terminée depuis le %(date)s.") % {"date": f"{end:%d/%m/%Y}"},
            "info",
        )
    months = _months_between(today, end)
    if months >= ENDING_WITHIN_MONTHS:
        return None
    if months == 0:
        delay = _("dans moins d'un mois")
    else:
        delay = ngettext("dans %(n)s mois", "dans %(n)s mois", months) % {"n": months}
    return Deadline(
        _("La convention se termine le %(date)s (%(delay)s).")
        % {"date": f"{end:%d/%m/%Y}", "delay": delay},
        "warning",
    )


def _due_bilan_year(convention, today: datetime.date) -> int | None:
    """The year whose yearly bilan should be adopted by now, if it lies in the period."""
    year = today.year - 1
    if today <= datetime.date(today.year, *BILAN_DUE):
        return None
    if not (convention.start_year and convention.end_year):
        return None
    if convention.shown_status(today) == ConventionStatus.PREPARATION:
        return None  # not signed yet: no yearly bilan is owed
    return year if convention.start_year <= year <= convention.end_year else None


def _bilan_warning(year: int) -> Deadline:
    return Deadline(
        _(
            "Le bilan annuel %(year)s n'est pas enregistré comme adopté "
            "(attendu avant le 31/03/%(next)s)."
        )
        % {"year": year, "next": year + 1},
        "danger",
        bilan_year=year,
    )


def deadline_warnings(convention, *, today: datetime.date) -> list[Deadline]:
    """The CTG home's warnings on `today`."""
    return deadline_warnings_of([convention], today=today).get(convention.pk, [])


def deadline_warnings_of(conventions: Iterable, *, today: datetime.date) -> dict[int, list]:
    """The warnings of several CTGs (the departmental view), in two queries at most."""
    conventions = list(conventions)
    due = {c.pk: _due_bilan_year(c, today) for c in conventions}
    adopted = set(
        AdoptedBilan.objects.filter(
            convention_id__in=[pk for pk, year in due.items() if year],
            kind=BilanKind.ANNUAL,
            year__in={year for year in due.values() if year},
        ).values_list("convention_id", "year")
    )
    warnings: dict[int, list] = {}
    for convention in conventions:
        found = [w for w in [_end_warning(convention, today)] if w]
        year = due[convention.pk]
        if year and (convention.pk, year) not in adopted:
            found.append(_bilan_warning(year))
        if found:
            warnings[convention.pk] = found
    return warnings
