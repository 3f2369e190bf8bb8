"""A bilan as a PDF, from an HTML template rendered offline by WeasyPrint: a cover, the year in
figures, the plan at every depth with the indicators' trajectories, the budget by funder, the
governance of the year, the coordinator's conclusion and the sources."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctg_pilote.core.text import sorted_fr
from ctg_pilote.pilotage.bilan import BilanContent
from ctg_pilote.pilotage.bilan_year import budget_columns
from ctg_pilote.publication.svg import svg_data_uri, trajectory_svg

from .logos import logo_context
from .pdf import render_pdf


def _chart_alt(line) -> str:
    """The trajectory in words, for a screen reader: every target and value by year."""
    parts = [
        _("%(year)s : cible %(target)s, valeur %(value)s")
        % {
            "year": year,
            "target": line.targets.get(year, _("aucune")),
            "value": line.values.get(year, _("non mesurée")),
        }
        for year in sorted(set(line.targets) | set(line.values))
    ]
    return _("Trajectoire de %(name)s. ") % {"name": line.name} + " ; ".join(parts)


def _budget_rows(content: BilanContent, columns) -> list[dict]:
    return [
        {
            "funder": funder.funder,
            "cells": [funder.amount(year, state) for year, state, _label in columns],
            "total": funder.total,
        }
        for funder in content.funders
    ]


def bilan_context(content: BilanContent) -> dict:
    for section in content.sections:
        for line in section.all_indicators:
            svg = trajectory_svg(line.targets, line.values)
            line.chart = svg_data_uri(svg) if svg else ""
            line.chart_alt = _chart_alt(line)
    columns = budget_columns(content.funders)
    sources = sorted_fr({i.source for s in content.sections for i in s.all_indicators if i.source})
    signatories = sorted_fr(
        content.convention.organisations.signatories().values_list("name", flat=True)
    )
    return {
        "bilan": content,
        "budget_columns": columns,
        "budget_rows": _budget_rows(content, columns),
        "sources": sources,
        "signatories": signatories,
        **logo_context(content.convention),
    }


def bilan_pdf(content: BilanContent) -> bytes:
    return render_pdf("reports/bilan.html", bilan_context(content))
