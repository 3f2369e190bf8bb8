"""The print-ready A4 brochure of a CTG's public page (WeasyPrint, offline): a tagged PDF
(PDF/UA) whose title, language, subject and authors come from the page's head."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctg_pilote.publication.content import brochure_context

from .logos import logo_context
from .pdf import render_pdf


def brochure_pdf(convention) -> bytes:
    context = brochure_context(convention)
    context["document_title"] = _("Convention Territoriale Globale \u2013 %(name)s") % {
        "name": convention.name
    }
    context.update(logo_context(convention))
    return render_pdf("reports/brochure.html", context)
