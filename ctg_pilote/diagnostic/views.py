"""Pages of the diagnostic partagé. Every view goes through convention_view(perm)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ctg_pilote.conventions import perms as convention_perms
from ctg_pilote.conventions.access import convention_view, requires
from ctg_pilote.conventions.models import Thematique
from ctg_pilote.conventions.views import render_form
from ctg_pilote.core.spreadsheets import csv_writer
from ctg_pilote.core.versioning import (
    STALE_SHORT_MESSAGE,
    StaleEdit,
    parse_version,
    save_or_refuse,
)
from ctg_pilote.territories.geojson import communes_feature_collection

from . import findings, perms, services
from .aggregation import by_commune, evolution
from .exports import comparison_rows, comparison_xlsx
from .forms import OfferForm, OfferImportForm, SurveyImportForm
from .models import Indicator, OfferCategory
from .offer_import import OfferImportError
from .offer_import import import_offers as offer_import_service
from .portrait import age_chart, comparison, key_figures
from .surveys import cross_tab, frequencies, search_text_answers

DEFAULT_MAP_INDICATOR = "part-familles-monoparentales"


def _context(request, convention, **extra):
    return {
        "convention": convention,
        "can_edit": convention_perms.can_edit(request.user, convention),
        "can_edit_diagnostic": perms.can_edit_diagnostic(request.user, convention),
        **extra,
    }


@convention_view(perms.can_view_diagnostic)
def portrait(request, convention):
    areas, rows = comparison(convention)
    mappable = [row.indicator for row in rows]
    selected = request.GET.get("indicateur") or DEFAULT_MAP_INDICATOR
    if mappable and selected not in {i.code for i in mappable}:
        selected = mappable[0].code
    territory = next(a for a in areas if a.key == "territoire")
    chosen = next((i for i in mappable if i.code == selected), None)
    trend = evolution(chosen, territory) if chosen else []
    return render(
        request,
        "diagnostic/portrait.html",
        _context(
            request,
            convention,
            areas=areas,
            rows=rows,
            figures=key_figures(convention),
            age=age_chart(convention),
            mappable=mappable,
            selected=selected,
            chosen=chosen,
            trend=trend if len(trend) > 1 else [],
            offer_counts=convention.offer_counts.select_related("offer_type"),
        ),
    )


@convention_view(perms.can_view_diagnostic)
def choropleth_geojson(request, convention):
    """Contours of the CTG's communes with the value of one indicator (choropleth map)."""
    indicator = Indicator.objects.with_parts().filter(code=request.GET.get("indicateur")).first()
    if indicator is None:
        raise Http404(_("Indicateur inconnu."))
    communes = convention.communes.all()
    values = by_commune(indicator, communes)
    year = next((a.year for a in values.values() if a.year), None)
    from .aggregation import Area
    from .portrait import dataset_source

    source, fictif = (
        dataset_source(indicator, year, Area("t", "", communes)) if year else ("", False)
    )

    def value(commune):
        aggregate = values.get(commune.code)
        return {
            "valeur": aggregate.value if aggregate else None,
            "denominateur_nul": bool(aggregate and aggregate.zero_denominator),
        }

    data = communes_feature_collection(communes, value)
    data["indicateur"] = {
        "code": indicator.code,
        "libelle": indicator.label,
        "unite": indicator.get_unit_display(),
        "annee": year,
        "source": source + (" — donnée fictive" if fictif else ""),
    }
    return JsonResponse(data)


@convention_view(perms.can_view_diagnostic)
def export_csv(request, convention):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{convention.slug}-comparaison.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 files correctly with a BOM
    writer = csv_writer(response, delimiter=";")
    for row in comparison_rows(convention):
        writer.writerow([cell.replace(".", ",") if _is_number(cell) else cell for cell in row])
    return response


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@convention_view(perms.can_view_diagnostic)
def export_xlsx(request, convention):
    response = HttpResponse(
        comparison_xlsx(convention),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{convention.slug}-comparaison.xlsx"'
    return response


@convention_view(perms.can_view_diagnostic)
def offer_geojson(request, convention):
    """Communes coloured by the number of équipements listed there (itinerant services count
    in each commune served), plus the équipements that have coordinates as points."""
    per_commune: dict[str, int] = {}
    points = []
    for item in convention.offers.for_list():
        served = {c.code for c in item.communes_served.all()}
        if item.commune:
            served.add(item.commune.code)
        for code in served:
            per_commune[code] = per_commune.get(code, 0) + 1
        if item.latitude is not None and item.longitude is not None:
            points.append(
                {
                    "lat": float(item.latitude),
                    "lon": float(item.longitude),
                    "nom": item.name,
                    "type": item.offer_type.label,
                }
            )
    data = communes_feature_collection(
        convention.communes.all(), lambda commune: {"valeur": per_commune.get(commune.code, 0)}
    )
    data["points"] = points
    data["indicateur"] = {
        "code": "offre",
        "libelle": _("Équipements et services listés"),
        "unite": "nombre",
        "source": _("Inventaire de l'offre de la CTG"),
    }
    return JsonResponse(data)


@convention_view(perms.can_view_diagnostic)
def offer(request, convention):
    offers = list(convention.offers.for_list())
    counts = list(convention.offer_counts.select_related("offer_type"))
    by_category = []
    for value, label in OfferCategory.choices:
        items = [c for c in counts if c.offer_type.category == value]
        listed = [o for o in offers if o.offer_type.category == value]
        if items or listed:
            by_category.append({"label": label, "counts": items, "offers": listed})
    return render(
        request,
        "diagnostic/offer.html",
        _context(
            request,
            convention,
            by_category=by_category,
            offers=offers,
            to_check=[o for o in offers if o.needs_check and not o.is_fictitious],
            show_contacts=perms.can_view_offer_contacts(request.user, convention),
        ),
    )


@convention_view(perms.can_view_diagnostic)
@require_POST
@requires(perms.can_edit_diagnostic)
def offer_feed_places(request, convention):
    year = timezone.localdate().year
    totals = services.feed_offer_places(convention=convention, year=year)
    messages.success(
        request,
        _(
            "Places reportées dans les indicateurs pour %(year)s : %(eaje)s en accueil "
            "collectif, %(assmat)s en accueil individuel."
        )
        % {
            "year": year,
            "eaje": int(totals["places-eaje"]),
            "assmat": int(totals["places-assmat"]),
        },
    )
    return redirect("diagnostic:offer", convention.slug)


@convention_view(perms.can_edit_diagnostic)
def offer_form(request, convention, pk=None):
    offer = get_object_or_404(convention.offers, pk=pk) if pk else None
    form = OfferForm(request.POST or None, instance=offer, convention=convention)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_or_refuse(request, form, form.save_versioned)
    ):
        messages.success(request, _("« %(name)s » est enregistré.") % {"name": form.instance.name})
        return redirect("diagnostic:offer", convention.slug)
    title = (
        _("Modifier l'équipement ou le service") if offer else _("Ajouter un équipement ou service")
    )
    return render_form(request, convention, form, title)


@convention_view(perms.can_view_diagnostic)
@requires(perms.can_edit_diagnostic)
def offer_import(request, convention):
    form = OfferImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = offer_import_service(
                convention=convention,
                upload=form.cleaned_data["file"],
                source=form.cleaned_data["source"],
            )
        except OfferImportError as error:
            for problem in error.problems:
                form.add_error("file", problem)
        else:
            messages.success(request, _("%(n)s équipements ou services importés.") % {"n": count})
            return redirect("diagnostic:offer", convention.slug)
    return render(request, "diagnostic/offer_import.html", _context(request, convention, form=form))


@convention_view(perms.can_view_diagnostic)
def surveys(request, convention):
    return render(
        request,
        "diagnostic/surveys.html",
        _context(request, convention, surveys=convention.surveys.all()),
    )


@convention_view(perms.can_view_diagnostic)
def survey_detail(request, convention, pk):
    survey = get_object_or_404(convention.surveys, pk=pk)
    by = request.GET.get("par", "")
    query = request.GET.get("q", "").strip()
    questions = list(survey.questions.all())
    results = [
        (q, frequencies(survey, q), cross_tab(survey, q, by) if by else None) for q in questions
    ]
    return render(
        request,
        "diagnostic/survey_detail.html",
        _context(
            request,
            convention,
            survey=survey,
            results=results,
            by=by,
            query=query,
            matches=search_text_answers(survey, query) if query else None,
            thematiques=Thematique.objects.all(),
            theme_labels=dict(Thematique.objects.values_list("code", "label")),
        ),
    )


@convention_view(perms.can_view_diagnostic)
@require_POST
@requires(perms.can_edit_diagnostic)
def survey_tag(request, convention, pk):
    """Tag one free-text answer with thématiques (coordination and CAF)."""
    survey = get_object_or_404(convention.surveys, pk=pk)
    response = get_object_or_404(survey.responses, number=request.POST.get("reponse"))
    question = get_object_or_404(survey.questions, code=request.POST.get("question"), kind="texte")
    try:
        services.tag_answer(
            response=response,
            question=question,
            thematiques=request.POST.getlist("thematiques"),
            expected_version=parse_version(request.POST.get("version", "")),
        )
    except StaleEdit:
        messages.error(request, STALE_SHORT_MESSAGE)
    else:
        messages.success(request, _("Thématiques de la réponse enregistrées."))
    return redirect(
        reverse("diagnostic:survey_detail", args=[convention.slug, survey.pk])
        + "?"
        + urlencode({"q": request.POST.get("q", "")})
    )


@convention_view(perms.can_view_diagnostic)
@requires(perms.can_edit_diagnostic)
def survey_import(request, convention):
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.import_survey(
                convention=convention,
                upload=data["file"],
                title=data["title"],
                year=data["year"],
                source=data["source"],
                families_reached=data["families_reached"],
                fictitious=data["fictitious"],
            )
        except services.SurveyImportError as error:
            for problem in error.problems:
                form.add_error("file", problem)
        else:
            messages.success(
                request,
                _("Enquête « %(title)s » importée : %(n)s réponses.")
                % {"title": survey.title, "n": survey.responses.count()},
            )
            return redirect("diagnostic:survey_detail", convention.slug, survey.pk)
    return render(
        request, "diagnostic/survey_import.html", _context(request, convention, form=form)
    )


@convention_view(perms.can_view_diagnostic)
def syntheses(request, convention):
    return render(
        request,
        "diagnostic/syntheses.html",
        _context(request, convention, blocks=findings.blocks_for_page(convention)),
    )
