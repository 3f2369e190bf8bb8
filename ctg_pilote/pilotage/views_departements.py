"""The CAF's departmental view: the CTGs of a département (or all those a person follows),
their progress, a map of the EPCIs coloured by CTG status, key indicators side by side, and
a search across their actions."""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.access import require
from ctg_pilote.conventions.models import ConventionStatus
from ctg_pilote.diagnostic.aggregation import Area, aggregate_areas
from ctg_pilote.diagnostic.models import Indicator as DiagnosticIndicator
from ctg_pilote.plan.models import Action, ActionStatus, search_text
from ctg_pilote.territories.geojson import feature, feature_collection
from ctg_pilote.territories.models import CommuneContour, Departement, Epci

from . import perms
from .adoption import deadline_warnings_of
from .forms import SearchForm
from .similarity import rank

NO_CTG = "sans_ctg"


def _guard(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(perms.can_view_departement, request.user, code)
    return None


def departement_guard(view):
    def wrapper(request, code, *args, **kwargs):
        denied = _guard(request, code)
        if denied:
            return denied
        return view(request, code, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.permission_check = perms.can_view_departement
    return wrapper


def _conventions(user, code=None):
    qs = perms.followed_conventions(user)
    if code:
        qs = qs.filter(caf_departement__code=code)
    return (
        qs.select_related("epci", "caf_departement")
        .prefetch_related("thematiques")
        .annotate(
            n_actions=Count("plan_actions", distinct=True),
            n_done=Count(
                "plan_actions",
                filter=Q(plan_actions__status=ActionStatus.DONE),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def _with_progress(conventions):
    rows = list(conventions)
    for c in rows:
        c.done_rate = round(100 * c.n_done / c.n_actions) if c.n_actions else None
    return rows


def _comparison(conventions):
    indicators = list(DiagnosticIndicator.objects.order_by("position")[:6])
    if not indicators or not conventions:
        return [], []
    areas = [Area(key=c.slug, label=c.name, communes=c.communes.all()) for c in conventions]
    table = aggregate_areas(indicators, areas)
    rows = []
    for indicator in indicators:
        cells = [table[indicator.code][c.slug] for c in conventions]
        if any(cell.value is not None for cell in cells):
            rows.append((indicator, cells))
    return rows, conventions


def _search(conventions, q):
    actions = Action.objects.filter(convention__in=conventions).select_related("convention")
    # The title counts twice: a word of the title says more about the action.
    documents = [(a, f"{a.title} {search_text(a)}") for a in actions]
    return rank(q, documents, limit=20)


def _page(request, conventions, *, departement=None, code=""):
    form = SearchForm(request.GET or None)
    hits = []
    if form.is_valid() and form.cleaned_data["q"]:
        hits = _search(conventions, form.cleaned_data["q"])
    comparison, compared = _comparison(conventions)
    warnings = deadline_warnings_of(conventions, today=timezone.localdate())
    return render(
        request,
        "pilotage/departement.html",
        {
            "departement": departement,
            "code": code,
            "conventions": conventions,
            "deadlines": [(c, warnings[c.pk]) for c in conventions if c.pk in warnings],
            "form": form,
            "hits": hits,
            "comparison": comparison,
            "compared": compared,
            "statuses": [(NO_CTG, _("Sans CTG suivie")), *ConventionStatus.choices],
        },
    )


@departement_guard
def departement(request, code):
    departement = Departement.objects.filter(code=code).order_by("-vintage__year").first()
    if departement is None:
        departement = get_object_or_404(Departement, code=code)
    conventions = _with_progress(_conventions(request.user, code))
    return _page(request, conventions, departement=departement, code=code)


def followed(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    conventions = _with_progress(_conventions(request.user))
    return _page(request, conventions)


followed.permission_check = perms.followed_conventions


@departement_guard
def epci_geojson(request, code):
    """One feature per EPCI of the département: its communes' polygons grouped in a
    MultiPolygon (no union: shapes are drawn side by side), coloured by CTG status."""
    departement = Departement.objects.filter(code=code).order_by("-vintage__year").first()
    if departement is None:
        return JsonResponse(feature_collection([]))
    status_by_epci = {}
    for c in perms.followed_conventions(request.user).filter(caf_departement__code=code):
        if c.epci_id:
            status_by_epci[c.epci_id] = (c.shown_status(), c.shown_status_label, c.name)
    epcis = {e.pk: e for e in Epci.objects.filter(departement=departement)}
    polygons: dict[int, list] = {pk: [] for pk in epcis}
    for commune_epci, geometry in CommuneContour.objects.filter(
        commune__epci_id__in=epcis
    ).values_list("commune__epci_id", "geometry"):
        if geometry["type"] == "Polygon":
            polygons[commune_epci].append(geometry["coordinates"])
        elif geometry["type"] == "MultiPolygon":
            polygons[commune_epci].extend(geometry["coordinates"])
    features = []
    for pk, epci in epcis.items():
        if not polygons[pk]:
            continue
        status, label, name = status_by_epci.get(pk, (NO_CTG, _("Sans CTG suivie"), ""))
        features.append(
            feature(
                {"type": "MultiPolygon", "coordinates": polygons[pk]},
                {
                    "siren": epci.siren,
                    "name": epci.name,
                    "status": status,
                    "status_label": str(label),
                    "ctg": name,
                },
                id=epci.siren,
            )
        )
    return JsonResponse(feature_collection(features))
