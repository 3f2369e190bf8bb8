"""Downloads of the documents laid out here: a bilan as DOCX, PDF or XLSX (as it stands, or
as it was adopted), the brochure as PDF; and the adoption of a bilan, which keeps its files.

They are pages of pilotage and of the public site (same addresses, same names): ctg_pilote/urls.py
mounts `urls.py` here in those apps' namespaces, since those apps may not import reports.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import convention_view, public_convention_view
from ctg_pilote.pilotage import perms as pilotage_perms
from ctg_pilote.pilotage.adoption import FILE_FORMATS, adopt_bilan
from ctg_pilote.pilotage.forms import AdoptionForm
from ctg_pilote.pilotage.models import AdoptedBilan
from ctg_pilote.pilotage.views import adoptions_of, bilan_or_error_page
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


@convention_view(pilotage_perms.can_adopt_bilan)
def bilan_adopt(request, convention, kind, year):
    """Mark a bilan as presented to the comité de pilotage: its files are kept as they are."""
    content, error_page = bilan_or_error_page(request, convention, kind, year)
    if error_page is not None:
        return error_page
    form = AdoptionForm(request.POST if request.method == "POST" else None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            adopt_bilan(
                convention=convention,
                kind=kind,
                year=year,
                by=request.user,
                render=render_bilan,
                meeting=form.cleaned_data["meeting"],
                presented_on=form.cleaned_data["presented_on"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Bilan adopté : ses documents sont conservés tels quels."))
            return redirect("pilotage:bilan", convention.slug, kind, year)
    return render(
        request,
        "pilotage/bilan_adopt.html",
        {
            "convention": convention,
            "bilan": content,
            "form": form,
            "adoptions": adoptions_of(convention, kind, year),
        },
    )


@convention_view(pilotage_perms.can_view_pilotage)
def adopted_bilan_file(request, convention, adoption_pk, fmt):
    """A file of an adopted bilan, byte for byte as it was kept."""
    if fmt not in FILE_FORMATS:
        raise Http404(_("Format inconnu."))
    adopted = get_object_or_404(
        AdoptedBilan.objects.only("kind", "year", "presented_on", fmt),
        convention=convention,
        pk=adoption_pk,
    )
    response = HttpResponse(bytes(getattr(adopted, fmt)), content_type=CONTENT_TYPES[fmt])
    name = f"bilan-{convention.slug}-{adopted.kind}-{adopted.year}-adopte-{adopted.presented_on:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@friendly_404
@public_convention_view(publication_perms.can_view_public_page)
def brochure_pdf(request, convention):
    pdf = render_brochure(convention, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ctg-{convention.slug}.pdf"'
    return response
