"""Writes on a CTG. Views, the exchange importer and the demo call these, never the ORM directly
for anything with side effects."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .models import (
    Convention,
    ConventionStatus,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    TerritoryKind,
    Thematique,
    Zone,
    ZoneCommune,
)
from .thematiques import BASE_THEMATIQUES


def unique_slug(base: str, *, exclude_pk: int | None = None) -> str:
    """A free slug derived from `base`: rochefort-ocean, rochefort-ocean-2..."""
    root = slugify(base)[:70] or "ctg"
    candidate, n = root, 2
    taken = Convention.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        candidate, n = f"{root}-{n}", n + 1
    return candidate


def caf_name(departement: Departement) -> str:
    return f"Caisse d'Allocations Familiales — {departement.name} ({departement.code})"


@transaction.atomic
def create_convention_from_epci(
    *,
    epci: Epci,
    name: str,
    slug: str,
    start_year: int,
    end_year: int,
    created_by,
    status: str = ConventionStatus.PREPARATION,
    thematiques: Iterable[Thematique] = (),
) -> Convention:
    """A CTG on an EPCI and its member communes, with the CAF and the EPCI as signatories and
    the creator as coordinator."""
    convention = Convention.objects.create(
        slug=slug,
        name=name,
        status=status,
        start_year=start_year,
        end_year=end_year,
        caf_departement=epci.departement,
        territory_kind=TerritoryKind.EPCI,
        vintage=epci.vintage,
        epci=epci,
    )
    convention.communes.set(epci.communes.all())
    convention.thematiques.set(thematiques)
    Organisation.objects.create(
        convention=convention,
        ref=f"caf-{epci.departement.code.lower()}",
        name=caf_name(epci.departement),
        kind=OrganisationKind.CAF,
        is_signatory=True,
    )
    epci_org = Organisation.objects.create(
        convention=convention,
        ref=slugify(epci.name)[:60] or "epci",
        name=epci.name,
        kind=OrganisationKind.EPCI,
        siren=epci.siren,
        is_signatory=True,
    )
    if created_by is not None and created_by.is_authenticated:
        Membership.objects.create(
            convention=convention, user=created_by, role=Role.COORDINATEUR, organisation=epci_org
        )
    return convention


def current_vintage() -> Vintage | None:
    return Vintage.objects.current()


def ensure_base_thematiques() -> None:
    """Create the base thématiques if missing (a fresh database has them from its migration)."""
    for position, (code, label, is_core) in enumerate(BASE_THEMATIQUES, start=1):
        Thematique.objects.get_or_create(
            code=code, defaults={"label": label, "is_core": is_core, "position": position * 10}
        )


@transaction.atomic
def save_zone(*, zone: Zone, communes: Iterable[Commune]) -> Zone:
    """Save a zone and set its communes (the form has checked no other zone holds them)."""
    zone.save()
    ZoneCommune.objects.filter(zone=zone).delete()
    ZoneCommune.objects.bulk_create(
        ZoneCommune(convention_id=zone.convention_id, zone=zone, commune=commune)
        for commune in communes
    )
    return zone
