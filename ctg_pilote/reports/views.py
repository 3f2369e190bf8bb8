"""Downloads of the documents laid out here: a bilan as DOCX, PDF or XLSX, the brochure as PDF.

They are pages of pilotage and of the public site (same addresses, same names): ctg_pilote/urls.py
mounts `urls.py` here in those apps' namespaces, since those apps may not import reports.
"""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view, public_convention_view
from ctg_pilote.pilotage import perms as pilotage_perms
from ctg_pilote.pilotage.views import bilan_or_error_page
from ctg_pilote.publication import perms as publication_perms
from ctg_pilote.publication.views_public import friendly_404

from .bilan import render_bilan
from .brochure import brochure_pdf as render_brochure

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@convention_view(pilotage_perms.can_view_pilotage)
def bilan_export(request, convention, kind, year, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404(_("Format inconnu."))
    content, error_page = bilan_or_error_page(request, convention, kind, year)
    if error_page is not None:
        return error_page
    response = HttpResponse(render_bilan(content, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="bilan-{convention.slug}-{kind}-{year}.{fmt}"'
    )
    return response


@friendly_404
@public_convention_view(publication_perms.can_view_public_page)
def brochure_pdf(request, convention):
    response = HttpResponse(render_brochure(convention), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ctg-{convention.slug}.pdf"'
    return response
