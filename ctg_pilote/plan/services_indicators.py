"""Writes on the plan's indicators: the indicator with its baseline and targets, the value
measured each year, and the whole table of the indicator page. Every figure entered, corrected
or cleared enters the indicator's history (`IndicatorValueChange`) with its author and the way
it came in, and moves the indicator's version on, so a table opened before it is never saved
over it silently (core/versioning.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ctg_pilote.core.versioning import StaleEdit, claim, save_versioned

from .models import (
    Action,
    Indicator,
    IndicatorFigure,
    IndicatorOrigin,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueChange,
)
from .signals import action_followed_up

# The ways a person's follow-up comes in (entered in the feed); files say it otherwise.
FOLLOW_UP_ORIGINS = (IndicatorOrigin.PAGE, IndicatorOrigin.QUICK_UPDATE, IndicatorOrigin.API)


@dataclass(frozen=True)
class Origin:
    """Who writes and which way: the page, the quick update, the API, a workbook or an
    exchange document (`detail`: the file's name)."""

    by: object = None
    way: str = IndicatorOrigin.PAGE
    detail: str = ""


@dataclass(frozen=True)
class MeasuredCell:
    """One year of the table: the value (None: not measured) with its comment and source."""

    value: Decimal | None
    comment: str = ""
    source: str = ""


def _author_name(by) -> str:
    return (by.get_full_name() or by.email) if by is not None else ""


def record_figure_change(
    *, indicator: Indicator, origin: Origin, figure: str, year, old, new, moved: bool = False
) -> IndicatorValueChange | None:
    """One figure moved from `old` to `new` (None: not known); nothing if it did not move
    (`moved`: it did, in another way, e.g. the baseline's year)."""
    if old == new and not moved:
        return None
    return IndicatorValueChange.objects.create(
        indicator=indicator,
        author=origin.by,
        author_name=_author_name(origin.by)[:150],
        origin=origin.way,
        origin_detail=origin.detail[:200],
        figure=figure,
        year=year,
        old=old,
        new=new,
    )


def _check_year(indicator: Indicator, year: int) -> None:
    convention = indicator.convention
    if not convention.start_year <= year <= convention.end_year:
        raise ValidationError(
            _("L'année %(year)s est hors de la période de la CTG (%(period)s).")
            % {"year": year, "period": convention.period_label}
        )


def _write_value(
    indicator: Indicator,
    year: int,
    cell: MeasuredCell,
    *,
    origin: Origin,
    expected_version: int | None = None,
) -> bool:
    """Write one year's value; True if anything changed. `comment`/`source` None keep theirs."""
    row = IndicatorValue.objects.filter(indicator=indicator, year=year).first()
    if expected_version is not None and row is not None and row.version != expected_version:
        raise StaleEdit(row, expected=expected_version)
    if cell.value is None:
        if row is None:
            return False
        row.delete()
        record_figure_change(
            indicator=indicator,
            origin=origin,
            figure=IndicatorFigure.VALUE,
            year=year,
            old=row.value,
            new=None,
        )
        return True
    comment = row.comment if cell.comment is None and row else (cell.comment or "")
    source = row.source if cell.source is None and row else (cell.source or "")
    if row is not None and (row.value, row.comment, row.source) == (cell.value, comment, source):
        return False
    old = row.value if row is not None else None
    row = row or IndicatorValue(indicator=indicator, year=year)
    row.value, row.comment, row.source, row.is_fictitious = cell.value, comment, source, False
    row.full_clean(exclude=["indicator"])
    save_versioned(row, expected_version=None)
    record_figure_change(
        indicator=indicator,
        origin=origin,
        figure=IndicatorFigure.VALUE,
        year=year,
        old=old,
        new=cell.value,
    )
    return True


@transaction.atomic
def set_indicator_value(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal | None,
    comment: str | None = None,
    source: str | None = None,
    expected_version: int | None = None,
    by=None,
    origin: str = IndicatorOrigin.PAGE,
    origin_detail: str = "",
) -> None:
    """Record (or clear, with None) the value measured for a year, in the indicator's history;
    `comment`/`source` None keep the saved ones. A correction started from an outdated
    `expected_version` of that value is refused (StaleEdit)."""
    _check_year(indicator, year)
    cell = MeasuredCell(value, comment, source)
    who = Origin(by, origin, origin_detail)
    if _write_value(indicator, year, cell, origin=who, expected_version=expected_version):
        claim(indicator, expected_version=None)
        if by is not None and indicator.action_id and origin in FOLLOW_UP_ORIGINS:
            what = _("Indicateur « %(name)s » (%(year)s)") % {"name": indicator.name, "year": year}
            action_followed_up.send(sender=Action, action=indicator.action, by=by, what=[what])


def baseline_and_targets(indicator: Indicator) -> tuple[Decimal | None, int | None, dict]:
    if indicator.pk is None:
        return None, None, {}
    saved = Indicator.objects.filter(pk=indicator.pk).values_list("baseline_value", "baseline_year")
    value, year = saved.first() or (None, None)
    return value, year, {t.year: t.value for t in indicator.targets.all()}


def record_baseline_and_targets(indicator, origin, before, targets) -> None:
    """Enter in the history what moved from `before` (baseline value, its year, targets by
    year) to the indicator's baseline and `targets`."""
    old_value, old_year, old_targets = before
    if (old_value, old_year) != (indicator.baseline_value, indicator.baseline_year):
        record_figure_change(
            indicator=indicator,
            origin=origin,
            figure=IndicatorFigure.BASELINE,
            year=indicator.baseline_year or old_year,
            old=old_value,
            new=indicator.baseline_value,
            moved=True,
        )
    for year in sorted(set(old_targets) | set(targets)):
        record_figure_change(
            indicator=indicator,
            origin=origin,
            figure=IndicatorFigure.TARGET,
            year=year,
            old=old_targets.get(year),
            new=targets.get(year),
        )


@transaction.atomic
def save_indicator(
    *,
    indicator: Indicator,
    targets: dict[int, Decimal],
    expected_version: int | None = None,
    by=None,
    origin: str = IndicatorOrigin.PAGE,
    origin_detail: str = "",
) -> Indicator:
    """Save an indicator with its targets (one per year of the period at most), unless someone
    saved it since `expected_version` (StaleEdit); its baseline and target changes enter its
    history."""
    convention = indicator.convention
    outside = [y for y in targets if not convention.start_year <= y <= convention.end_year]
    if outside:
        _check_year(indicator, outside[0])
    if not indicator.ref:
        taken = set(Indicator.objects.filter(convention=convention).values_list("ref", flat=True))
        n = len(taken) + 1
        while f"I{n}" in taken:
            n += 1
        indicator.ref = f"I{n}"
    before = baseline_and_targets(indicator)
    save_versioned(indicator, expected_version=expected_version)
    indicator.targets.all().delete()
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=value)
        for year, value in sorted(targets.items())
    )
    record_baseline_and_targets(indicator, Origin(by, origin, origin_detail), before, targets)
    return indicator


@transaction.atomic
def save_indicator_table(
    *,
    indicator: Indicator,
    by,
    expected_version: int | None,
    baseline: tuple[Decimal | None, int | None] | None,
    targets: dict[int, Decimal] | None,
    values: dict[int, MeasuredCell] | None,
) -> bool:
    """The indicator page's one form: the baseline (value, year; None leaves it), the target
    and the measured value of each year of the period (None leaves them; a year absent from a
    given dict is cleared). Refused whole (StaleEdit) if anyone changed the indicator or one of
    its figures since `expected_version`; returns whether anything changed."""
    claim(indicator, expected_version=expected_version)
    origin = Origin(by, IndicatorOrigin.PAGE)
    changed = False
    if baseline is not None or targets is not None:
        before = baseline_and_targets(indicator)
        old_targets = before[2]
        if baseline is not None:
            indicator.baseline_value, indicator.baseline_year = baseline
        new_targets = old_targets if targets is None else targets
        for year in new_targets:
            _check_year(indicator, year)
        if (before[0], before[1]) != (indicator.baseline_value, indicator.baseline_year) or (
            new_targets != old_targets
        ):
            indicator.full_clean(exclude=["convention", "action", "node", "version"])
            indicator.save(update_fields=["baseline_value", "baseline_year"])
            indicator.targets.all().delete()
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=indicator, year=year, value=value)
                for year, value in sorted(new_targets.items())
            )
            record_baseline_and_targets(indicator, origin, before, new_targets)
            changed = True
    convention = indicator.convention
    for year in range(convention.start_year, convention.end_year + 1) if values is not None else ():
        cell = values.get(year, MeasuredCell(None))
        changed |= _write_value(indicator, year, cell, origin=origin)
    return changed
