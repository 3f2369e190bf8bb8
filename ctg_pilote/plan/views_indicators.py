"""The page of one indicator of the plan: its figures over the whole CTG (baseline, target and
value measured each year), a chart of the trajectory against the values, and the history of
every figure entered, corrected or cleared."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.core.versioning import StaleEdit, refuse_stale

from . import perms
from .forms_indicators import IndicatorTableForm
from .health import Health, indicator_health
from .models import Indicator
from .services_indicators import save_indicator_table
from .views import _context


def _indicator(convention, pk) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("action", "node", "convention").prefetch_related(
            "targets", "values"
        ),
        convention=convention,
        pk=pk,
    )


def _chart_data(indicator: Indicator, years: list[int]) -> dict:
    """What the chart draws, through json_script: the trajectory from the baseline through
    the targets, and the values measured; null where nothing is known."""
    targets = {t.year: t.value for t in indicator.targets.all()}
    values = {v.year: v.value for v in indicator.values.all()}
    first = min([*years, indicator.baseline_year or years[0]])
    axis = list(range(first, years[-1] + 1))
    trajectory = dict(targets)
    if indicator.baseline_value is not None and indicator.baseline_year is not None:
        trajectory[indicator.baseline_year] = indicator.baseline_value

    def series(known):
        return [float(known[y]) if y in known else None for y in axis]

    return {
        "years": [str(y) for y in axis],
        "trajectory": series(trajectory),
        "measured": series(values),
        "labels": {
            "trajectory": _("Trajectoire (départ puis cibles)"),
            "measured": _("Valeurs mesurées"),
            "unit": indicator.unit,
        },
    }


def _verdicts(indicator: Indicator, years: list[int]) -> dict[int, str]:
    """The verdict at each year, only where a value of that year was measured."""
    measured = {v.year for v in indicator.values.all()}
    return {
        y: str(Health.LABELS[indicator_health(indicator, y).status]) if y in measured else ""
        for y in years
    }


def _rows(indicator: Indicator, form: IndicatorTableForm) -> list[tuple]:
    """(year, target, value, comment, source, verdict, fictitious) per year of the CTG."""
    verdicts = _verdicts(indicator, form.years)
    fictitious = {v.year for v in indicator.values.all() if v.is_fictitious}
    return [(*row, verdicts[row[0]], row[0] in fictitious) for row in form.rows()]


@convention_view(perms.can_view_plan)
@requires(perms.can_record_value, _indicator, methods=("POST",))
def indicator_detail(request, convention, indicator):
    # Whoever edits the indicator also records its values (perms.py).
    can_edit_figures = perms.can_edit_indicator(request.user, indicator)
    can_record = perms.can_record_value(request.user, indicator)
    form = IndicatorTableForm(
        request.POST if request.method == "POST" else None,
        indicator=indicator,
        can_edit_figures=can_edit_figures,
        can_record=can_record,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = save_indicator_table(
                indicator=indicator,
                by=request.user,
                expected_version=form.expected_version,
                baseline=form.baseline() if can_edit_figures else None,
                targets=form.targets() if can_edit_figures else None,
                values=form.values() if can_record else None,
            )
        except StaleEdit as error:
            refuse_stale(request, form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Valeurs de l'indicateur enregistrées.")
                if changed
                else _("Aucune valeur n'a changé."),
            )
            return redirect("plan:indicator", convention.slug, indicator.pk)
    health = indicator_health(indicator)
    return render(
        request,
        "plan/indicator_detail.html",
        _context(
            request,
            convention,
            indicator=indicator,
            form=form,
            editable=can_edit_figures or can_record,
            can_edit_figures=can_edit_figures,
            rows=_rows(indicator, form),
            health=health,
            chart=_chart_data(indicator, form.years),
            changes=indicator.value_changes.select_related("author")[:100],
            fictitious=any(v.is_fictitious for v in indicator.values.all()),
        ),
    )
