"""Public pages: no sign-in, only what the coordination published, never personal data."""

from functools import wraps

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import public_convention_view
from ctg_pilote.conventions.models import Convention
from ctg_pilote.conventions.perms import can_view
from ctg_pilote.territories.geojson import communes_feature_collection

from . import opendata, perms
from .content import brochure_context, public_content
from .models import PublicSection


def friendly_404(view):
    """A public page that does not exist says why, in French, with what to try next."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            message = str(error) if error.args else _("Cette CTG n'a pas de page publique.")
            if message.startswith("No ") or "matches the given query" in message:
                message = _("Aucune CTG ne porte cet identifiant.")
            return render(request, "publication/not_public.html", {"message": message}, status=404)

    return wrapper


def _preview(request, convention) -> bool:
    """A member looking at a page that is not (yet) online."""
    return not perms.is_published(convention) and can_view(request.user, convention)


@friendly_404
@public_convention_view(perms.can_view_public_page)
def page(request, convention):
    context = public_content(convention)
    context.update(preview=_preview(request, convention), datasets=opendata.available(convention))
    return render(request, "publication/page.html", context)


@friendly_404
@public_convention_view(perms.can_view_public_page)
def communes_geojson(request, convention):
    """Contours of the CTG's communes for the public map, only when the territory is published."""
    if PublicSection.TERRITORY not in public_content(convention)["publication"].sections:
        raise Http404(_("Le territoire de cette CTG n'est pas publié."))
    return JsonResponse(communes_feature_collection(convention.communes.all()))


@friendly_404
@public_convention_view(perms.can_view_public_page)
def brochure_html(request, convention):
    context = brochure_context(convention)
    context.update(preview=_preview(request, convention))
    return render(request, "publication/brochure.html", context)


@friendly_404
@public_convention_view(perms.can_view_public_page)
def open_data(request, convention):
    return render(
        request,
        "publication/open_data.html",
        {
            "convention": convention,
            "datasets": [
                (key, opendata.DATASETS[key][1]) for key in opendata.available(convention)
            ],
            "licence": opendata.LICENCE,
            "preview": _preview(request, convention),
        },
    )


@friendly_404
@public_convention_view(perms.can_view_public_page)
def open_data_file(request, convention, dataset, fmt):
    if dataset not in opendata.available(convention) or fmt not in ("csv", "json"):
        raise Http404(_("Ce jeu de données n'existe pas ou n'est pas publié pour cette CTG."))
    if fmt == "csv":
        response = HttpResponse(
            "\ufeff" + opendata.as_csv(convention, dataset), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            opendata.as_json(convention, dataset, base_url=request.build_absolute_uri("/")[:-1]),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = f'inline; filename="ctg-{convention.slug}-{dataset}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def index(request):
    """The CTGs whose page is online, for families and the public."""
    conventions = Convention.objects.filter(publication__is_published=True).order_by("name")
    return render(request, "publication/index.html", {"conventions": conventions})


def accessibility(request):
    return render(request, "publication/accessibility.html")
