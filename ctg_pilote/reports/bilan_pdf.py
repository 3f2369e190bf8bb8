"""A bilan as a PDF, from an HTML template rendered offline by WeasyPrint."""

from __future__ import annotations

from ctg_pilote.pilotage.bilan import BilanContent
from ctg_pilote.plan.models import BudgetState

from .pdf import render_pdf


def bilan_pdf(content: BilanContent) -> bytes:
    budget = [(BudgetState(state).label, total) for state, total in content.budget]
    return render_pdf("reports/bilan.html", {"bilan": content, "budget": budget})
