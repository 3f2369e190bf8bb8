"""The print-ready A4 brochure of a CTG's public page (WeasyPrint, offline): a tagged PDF
(PDF/UA) whose title, language, subject and authors come from the page's head. Given the site's
address, the offer's page carries a QR code and the short address of the directory of services."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils.translation import gettext as _

from ctg_pilote.publication.content import brochure_context
from ctg_pilote.publication.svg import svg_data_uri

from .logos import logo_context
from .pdf import render_pdf


def qr_svg(url: str) -> str:
    """`url` as a QR code (SVG, one path, no quiet zone: the page's margin is one)."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, border=0, title=None)
    return out.getvalue().decode()


def directory_path() -> str:
    """The directory's search page, `reverse("directory:search")` without importing the URL
    module of every app (over a second of a `ctg brochure` command)."""
    from ctg_pilote.directory import urls

    return "/" + urls.MOUNT + reverse("search", urlconf=urls)[1:]


def directory_context(base_url: str) -> dict:
    """The directory's address on this site, as a QR code and as printed text without its scheme."""
    if not base_url:
        return {}
    url = base_url.rstrip("/") + directory_path()
    return {
        "directory_qr": svg_data_uri(qr_svg(url)),
        "directory_address": url.split("://", 1)[-1],
    }


def brochure_pdf(convention, *, base_url: str = "") -> bytes:
    """`base_url` is the site's address (https://…), for the QR code of the directory."""
    context = brochure_context(convention)
    context["document_title"] = _("Convention Territoriale Globale \u2013 %(name)s") % {
        "name": convention.name
    }
    context.update(logo_context(convention))
    context.update(directory_context(base_url))
    return render_pdf("reports/brochure.html", context)
