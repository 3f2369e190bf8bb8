from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import render

from .models import Epci, Vintage


@login_required
def epci_search(request):
    """HTMX partial: EPCI matching a name or SIREN, in the current vintage."""
    query = request.GET.get("q", "").strip()
    vintage = Vintage.objects.current()
    results = []
    if vintage and len(query) >= 2:
        results = (
            Epci.objects.filter(vintage=vintage)
            .search(query)
            .select_related("departement")
            .annotate(commune_count=Count("communes"))
            .order_by("name")[:15]
        )
    return render(
        request,
        "territories/_epci_results.html",
        {"results": results, "query": query, "vintage": vintage},
    )
