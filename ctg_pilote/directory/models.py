"""The directory reads the diagnostic's offer inventory directly: `Service` is a proxy of
`Offer`, so there is no second copy to keep in sync; its QuerySet holds the family search."""

import math
from functools import cached_property

from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.utils.translation import gettext as _

from ctg_pilote.diagnostic.models import AgeUnit, Offer
from ctg_pilote.diagnostic.models.offer import OfferQuerySet
from ctg_pilote.territories.models import Commune

from .hours import Week, week
from .typology import (
    EVERYONE,
    PARENT_TYPES,
    TYPE_PUBLICS,
    Public,
    fee_of,
    publics_of,
    types_for,
)


class ServiceQuerySet(OfferQuerySet):
    def for_display(self) -> "ServiceQuerySet":
        return self.select_related(
            "offer_type", "manager", "commune", "convention"
        ).prefetch_related("communes_served")

    def serving(self, commune: Commune) -> "ServiceQuerySet":
        """Offers located in the commune, or itinerant/serving it (each itinerant service
        appears in every commune it serves)."""
        # Two indexed reads, then the ids: PostgreSQL cannot combine `commune = x OR id IN
        # (subquery)` through indexes and scans every offer (SQLite can).
        here = Offer.objects.filter(commune=commune).order_by().values_list("pk", flat=True)
        served = Offer.communes_served.through.objects.filter(commune=commune).values_list(
            "offer_id", flat=True
        )
        return self.filter(pk__in={*here, *served})

    def for_public(self, public: str) -> "ServiceQuerySet":
        if not public or public == Public.ALL:
            return self
        no_ages = Q(age_min__isnull=True, age_max__isnull=True)
        # The types serving this public when no ages are given, said in SQL: the known types
        # listed for it, and every type the typology does not list (it serves everyone).
        serving = Q(offer_type__code__in=types_for(public, TYPE_PUBLICS))
        if public in EVERYONE:
            serving |= ~Q(offer_type__code__in=TYPE_PUBLICS)
        by_type = no_ages & serving
        if public == Public.PARENTS:
            return self.filter(
                by_type | Q(offer_type__code__in=PARENT_TYPES) | Q(public__icontains="parent")
            )
        low, high = Public.MONTHS[public]
        # Ages in years are compared in whole years (12 * age <= high months is age <=
        # high // 12; 12 * age >= low months is age >= low / 12 rounded up), ages in months in
        # months: plain comparisons of the columns, read from the index of the offer's filters.
        years = Q(age_unit=AgeUnit.YEARS)
        starts_in_time = (
            Q(age_min__isnull=True)
            | (years & Q(age_min__lte=high // 12))
            | (~years & Q(age_min__lte=high))
        )
        ends_in_time = (
            Q(age_max__isnull=True)
            | (years & Q(age_max__gte=-(-low // 12)))
            | (~years & Q(age_max__gte=low))
        )
        return self.filter(by_type | (~no_ages & starts_in_time & ends_in_time))

    def for_theme(self, theme: str) -> "ServiceQuerySet":
        return self.filter(offer_type__category=theme) if theme else self

    def search(
        self,
        *,
        commune: Commune,
        public: str = "",
        theme: str = "",
        origin: tuple[float, float] | None = None,
    ) -> "ServiceQuerySet":
        """Services of the commune first, then those serving it; each group nearest `origin`
        first (a flat-earth approximation, good within a few tens of kilometres), services
        without coordinates last."""
        found = (
            self.serving(commune)
            .for_public(public)
            .for_theme(theme)
            .annotate(_here=Case(When(commune=commune, then=Value(0)), default=Value(1)))
        )
        order = ["_here"]
        if origin is not None:
            latitude, longitude = origin
            stretch = math.cos(math.radians(latitude))
            found = found.annotate(
                _far=ExpressionWrapper(
                    (F("latitude") - latitude) * (F("latitude") - latitude)
                    + (F("longitude") - longitude) * (F("longitude") - longitude) * stretch**2,
                    output_field=models.FloatField(),
                )
            )
            order.append(F("_far").asc(nulls_last=True))
        return found.order_by(*order, "offer_type__position", "name", "pk")


class Service(Offer):
    """An offer as a family sees it."""

    objects = ServiceQuerySet.as_manager()

    class Meta:
        proxy = True

    @property
    def fee(self) -> tuple[str, str]:
        """(data·inclusion frais, what a family reads): the service's own words, else the
        usage of its type."""
        fee, usage = fee_of(self.offer_type.code)
        return fee, self.fees or usage

    @cached_property
    def week(self) -> Week | None:
        return week(self.opening_hours)

    @property
    def ages(self) -> str:
        if self.age_min is None and self.age_max is None:
            return ""
        unit = self.get_age_unit_display()
        if self.age_min is not None and self.age_max is not None:
            return f"{self.age_min} à {self.age_max} {unit}"
        if self.age_min is not None:
            return f"à partir de {self.age_min} {unit}"
        if self.age_max is not None:
            return f"jusqu'à {self.age_max} {unit}"
        return ""

    @property
    def for_whom(self) -> str:
        """The offer's own public and ages, else who its type serves."""
        ages = self.ages
        if self.public or ages:
            # The ages once: a public read from a file may already say them.
            ages = "" if ages and ages in self.public else ages
            return ", ".join(part for part in (self.public, ages) if part)
        publics = publics_of(self.offer_type.code)
        if publics == EVERYONE:
            return str(_("Tous publics"))
        return ", ".join(str(label) for value, label in Public.CHOICES if value in publics)
