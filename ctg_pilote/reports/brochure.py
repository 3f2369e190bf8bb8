"""The print-ready A4 brochure of a CTG's public page (WeasyPrint, offline)."""

from __future__ import annotations

from ctg_pilote.publication.content import brochure_context

from .pdf import render_pdf


def brochure_pdf(convention) -> bytes:
    return render_pdf("reports/brochure.html", brochure_context(convention))
