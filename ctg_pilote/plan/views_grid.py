"""The follow-up grid: many actions on one page (status, progress, a note, this year's value
of each indicator), each row saved on its own, in place with htmx (a plain post without
JavaScript), through the same service, history and version check as the fiche action."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.core.versioning import StaleEdit, refuse_stale

from . import perms, services
from .forms import QuickUpdateForm
from .models import Action, Indicator, IndicatorOrigin
from .views import _context


def _year(convention) -> int:
    return min(max(datetime.date.today().year, convention.start_year), convention.end_year)


def _actions(convention):
    return (
        Action.objects.filter(convention=convention)
        .for_list()
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.prefetch_related("values"))
        )
    )


def _row_form(action, year, data=None):
    form = QuickUpdateForm(
        data,
        prefix=f"a{action.pk}",
        initial={"version": action.version, "status": action.status, "progress": action.progress},
        convention=action.convention,
        indicators=action.indicators.all(),
        year=year,
    )
    form.fields["effective_on"].widget = form.fields["effective_on"].hidden_widget()
    return form


def _row(request, action, year, form=None, *, saved=False, stale=None):
    can_change = perms.can_edit_action(request.user, action)
    form = form or _row_form(action, year)
    if not can_change:
        form.fields["status"].disabled = form.fields["progress"].disabled = True
    return {
        "action": action,
        "form": form,
        "saved": saved,
        "stale": stale,
        "can_change": can_change,
    }


@convention_view(perms.can_view_plan)
def grid(request, convention):
    """The actions the person follows (all of them for the plan's editors)."""
    year = _year(convention)
    rows = [
        _row(request, action, year)
        for action in _actions(convention)
        if perms.can_follow_action(request.user, action)
    ]
    return render(request, "plan/grid.html", _context(request, convention, rows=rows, year=year))


def _grid_action(convention, pk):
    return get_object_or_404(_actions(convention), pk=pk)


def _save(request, action, form, year, can_change):
    data = form.cleaned_data
    with transaction.atomic():
        if can_change:
            services.update_action(
                action=action,
                by=request.user,
                expected_version=data["version"],
                values={"status": data["status"], "progress": data["progress"]},
                name_it=False,
            )
        if data["note"].strip():
            services.add_note(action=action, by=request.user, text=data["note"])
        for indicator in form.indicators:
            services.set_indicator_value(
                indicator=indicator,
                year=year,
                value=data[f"indicator_{indicator.pk}"],
                by=request.user,
                origin=IndicatorOrigin.QUICK_UPDATE,
            )


@convention_view(perms.can_view_plan)
@require_POST
@requires(perms.can_follow_action, _grid_action)
def grid_row(request, convention, action):
    year = _year(convention)
    form = _row_form(action, year, request.POST)
    can_change = perms.can_edit_action(request.user, action)
    if not can_change:
        form.fields["status"].disabled = form.fields["progress"].disabled = True
    saved, stale = False, None
    if form.is_valid():
        try:
            _save(request, action, form, year, can_change)
        except StaleEdit as error:
            refuse_stale(request, form, error)
            stale = error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            saved = True
    if not request.headers.get("HX-Request"):
        if saved:
            messages.success(request, _("Action %(n)s enregistrée.") % {"n": action})
            return redirect("plan:grid", convention.slug)
        return render(
            request,
            "plan/grid.html",
            _context(request, convention, rows=[_row(request, action, year, form)], year=year),
        )
    # htmx: the row alone, fresh from the database once saved (new version, values as stored).
    list(messages.get_messages(request))  # shown in the row, not on the next page
    if saved:
        action = _grid_action(convention, action.pk)
        return render(
            request,
            "plan/_grid_row.html",
            {**_row(request, action, year, saved=True), "convention": convention},
        )
    return render(
        request,
        "plan/_grid_row.html",
        {**_row(request, action, year, form, stale=stale), "convention": convention},
    )
