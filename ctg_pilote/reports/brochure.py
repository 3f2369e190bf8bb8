"""The print-ready A4 brochure of a CTG's public page (WeasyPrint, offline)."""

from __future__ import annotations

from django.utils import timezone

from ctg_pilote.publication.content import public_content

from .pdf import render_pdf


def brochure_context(convention) -> dict:
    """The public page's content with the map and charts drawn as inline SVG."""
    context = public_content(convention, svg=True)
    context["generated_on"] = timezone.localdate()
    return context


def brochure_pdf(convention) -> bytes:
    return render_pdf("reports/brochure.html", brochure_context(convention))
