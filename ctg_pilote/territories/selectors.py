"""Reads on the territorial reference data."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Commune, Departement, Epci, GeoZone, Region, Vintage


@dataclass(frozen=True)
class TerritoryCounts:
    communes: int
    epcis: int
    departements: int  # metro + DROM: 101 in 2026
    regions: int  # metro + DROM: 18 in 2026
    collectivites: int  # collectivités d'outre-mer, stored as région + département rows

    @property
    def summary(self) -> str:
        return (
            f"{self.communes} communes, {self.epcis} EPCI, "
            f"{self.departements} départements, {self.regions} régions"
        )


def territory_counts(vintage: Vintage) -> TerritoryCounts:
    departements = Departement.objects.filter(vintage=vintage)
    return TerritoryCounts(
        communes=Commune.objects.filter(vintage=vintage).count(),
        epcis=Epci.objects.filter(vintage=vintage).count(),
        departements=departements.exclude(zone=GeoZone.COM).count(),
        regions=Region.objects.filter(vintage=vintage).exclude(zone=GeoZone.COM).count(),
        collectivites=departements.filter(zone=GeoZone.COM).count(),
    )


def departements_of(vintage: Vintage) -> QuerySet[Departement]:
    """The 101 départements (COM excluded), e.g. to choose the CAF of a convention."""
    return (
        Departement.objects.filter(vintage=vintage)
        .exclude(zone=GeoZone.COM)
        .select_related("region")
        .order_by("code")
    )
