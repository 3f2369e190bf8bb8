"""Directory of services: one family search (commune + public + theme, the full page rendered)
with 100,000 services loaded, timed in-process over 60 requests; then a page of the
data·inclusion services export, first rendered then served from the page cache.

Before the searches, the process is prepared as gunicorn.conf.py prepares a worker once it has
loaded the application: the URLconf (every view) is imported, then gc.freeze() takes what is
loaded out of the garbage collector's full collections. Each kind of search is then warmed by
5 distinct requests before the 60 measured ones (a worker serves many requests; the first ones
fill the per-process caches)."""

import gc
import random

from common import ctg, emit, measure, milliseconds, setup_django

SERVICES = 100_000
# Ages as offers give them: none, one bound, or both in order (the model refuses max < min).
AGES = [(None, None), (0, 3), (3, 11), (6, 17), (11, 25), (0, None), (None, 17)]


def create_services(convention, communes, types) -> None:
    from ctg_pilote.diagnostic.models import Offer

    rng = random.Random(6)
    Offer.objects.filter(convention=convention).delete()
    # A few large communes hold many services, as towns do; the rest is spread nationally.
    towns = communes[:: max(1, len(communes) // 200)]
    offers = []
    for n in range(SERVICES):
        roll = rng.random()
        age_min, age_max = rng.choice(AGES)
        place = rng.choice(towns) if roll < 0.3 else rng.choice(communes)
        offers.append(
            Offer(
                convention=convention,
                offer_type=rng.choice(types),
                name=f"Service {n}",
                commune=None if roll > 0.95 else place,
                is_itinerant=roll > 0.85,
                age_min=age_min,
                age_max=age_max,
                contact="05 46 00 00 00",
                public_phone="05 46 00 00 00",
                source="Banc d'essai",
                is_fictitious=True,
            )
        )
    created = Offer.objects.bulk_create(offers, batch_size=5_000)
    through = Offer.communes_served.through
    links = []
    for offer in created:
        if offer.is_itinerant:
            for commune in rng.sample(communes, 5):
                links.append(through(offer_id=offer.pk, commune_id=commune.pk))
    through.objects.bulk_create(links, batch_size=10_000, ignore_conflicts=True)


def main() -> None:
    setup_django()
    from django.test import RequestFactory

    from ctg_pilote.conventions.models import Convention
    from ctg_pilote.diagnostic.catalogue import ensure_catalogue
    from ctg_pilote.diagnostic.models import Offer, OfferType
    from ctg_pilote.directory.typology import THEMES, Public
    from ctg_pilote.directory.views import search
    from ctg_pilote.territories.models import Commune, Epci, Vintage

    if Vintage.objects.current() is None:
        ctg("load_territories")
    ensure_catalogue()
    vintage = Vintage.objects.current()
    epci = Epci.objects.filter(vintage=vintage, siren="200041762").first() or Epci.objects.first()
    convention, _ = Convention.objects.get_or_create(
        slug="banc-annuaire",
        defaults={
            "name": "Banc d'essai annuaire",
            "start_year": 2024,
            "end_year": 2028,
            "epci": epci,
            "vintage": vintage,
            "caf_departement": epci.departement,
        },
    )
    convention.communes.set(Commune.objects.filter(epci=epci))
    communes = list(Commune.objects.filter(vintage=vintage).order_by("-population")[:5000])
    create_services(convention, communes, list(OfferType.objects.all()))

    # The searches are measured as computed: the page cache (which would answer a repeated
    # search) is off until the open data measures below.
    from django.conf import settings

    settings.CTG_PAGE_CACHE = False
    # As gunicorn.conf.py's post_worker_init (see the docstring).
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    gc.freeze()
    rng = random.Random(7)
    factory = RequestFactory()
    publics = ["", *(value for value, _label in Public.CHOICES)]
    themes = ["", *(value for value, _label in THEMES)]

    def one_search() -> None:
        commune = rng.choice(communes[:500])
        request = factory.get(
            "/services/",
            {"commune": commune.code, "public": rng.choice(publics), "theme": rng.choice(themes)},
        )
        response = search(request)
        assert response.status_code == 200

    measure(one_search, 5)  # warm-up
    samples = measure(one_search, 60)
    by_name = [factory.get("/services/", {"q": c.name}) for c in communes[:65]]
    measure(lambda: search(by_name.pop()), 5)  # warm-up
    name_samples = measure(lambda: search(by_name.pop()), 60)
    # Communes without any service: the nearest communes that have some, with their distance.
    elsewhere = list(
        Commune.objects.filter(vintage=vintage)
        .exclude(pk__in=[c.pk for c in communes])
        .order_by("-population")[:65]
    )
    empty = [factory.get("/services/", {"commune": c.code}) for c in elsewhere]
    measure(lambda: search(empty.pop()), 5)  # warm-up
    nearby_samples = measure(lambda: search(empty.pop()), 60)

    # The open data export: the first request of each page renders it, the next come from the
    # page cache (keyed by the site revision, as in production).
    from django.core.cache import caches
    from django.test import Client

    from ctg_pilote.core import revisions
    from ctg_pilote.directory.opendata import MAX_SIZE

    # Fictitious services are never published: the bench's are, for this measure only.
    Offer.objects.filter(convention=convention).update(is_fictitious=False)
    settings.CTG_PAGE_CACHE = True
    revisions.bump_all()
    caches["pages"].clear()
    client = Client(HTTP_HOST="localhost")
    pages = iter(range(1, 31))
    export = "/services/donnees/data-inclusion/services.json"
    rendered = measure(lambda: client.get(export, {"page": next(pages), "size": MAX_SIZE}), 30)
    cached = measure(lambda: client.get(export, {"page": 1, "size": MAX_SIZE}), 30)
    emit(
        [
            (
                f"Recherche de l'annuaire par commune, âge, thème ({SERVICES} services ; "
                "processus préparé comme par gunicorn : vues importées, gc.freeze, "
                "5 recherches de mise en route)",
                milliseconds(samples),
                "< 30 ms p95",
            ),
            ("Recherche par nom de commune (même base)", milliseconds(name_samples), "< 30 ms p95"),
            (
                "Commune sans service : les plus proches, avec la distance (même base)",
                milliseconds(nearby_samples),
                "< 100 ms p95",
            ),
            (
                f"Données ouvertes services.json, une page de {MAX_SIZE} (rendue)",
                milliseconds(rendered),
                "< 1 s",
            ),
            ("La même page servie par le cache", milliseconds(cached), "< 20 ms"),
        ]
    )


if __name__ == "__main__":
    main()
