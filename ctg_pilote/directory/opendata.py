"""The directory as open data in the data·inclusion schema (v1), under Licence Ouverte 2.0.

Each record is built as a `data_inclusion.schema.v1` model, so what is published is what the
schema accepts. Fictitious demo offers are never published. The only contact details are the
ones the coordination declared public (`Offer.public_phone`, `public_email`,
`public_website`): the free-text internal contact is never read here.

Both lists are served by pages, as the data·inclusion API does (`page`, `size`, `total`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ctg_pilote.conventions.models import Organisation

from .models import Service
from .typology import (
    KIND_RESEAU,
    PARENTALITE,
    TYPE_DATA_INCLUSION,
    TYPE_RESEAU,
    Fee,
    publics_of,
)
from .typology import Public as FamilyPublic

if TYPE_CHECKING:  # imported by the functions building records: pydantic is slow to load
    from data_inclusion.schema import v1

SOURCE = "ctg-pilote"
LICENCE = "Licence Ouverte 2.0 (Etalab)"
DEFAULT_SIZE = 500
MAX_SIZE = 1000


def published_services():
    return Service.objects.filter(is_fictitious=False).for_display().order_by("pk")


def _published_keys():
    return (
        Service.objects.filter(is_fictitious=False).order_by("pk").values_list("pk", "manager_id")
    )


def _structure_id(service: Service) -> str:
    if service.manager_id:
        return f"{SOURCE}--organisation-{service.manager_id}"
    return f"{SOURCE}--service-{service.pk}"


def _today(convention) -> date:
    return min(convention.updated_at.date(), date.today())


def _checked(service: Service) -> date:
    """When the service's details were last checked, else when its CTG last changed."""
    return min(service.information_date or _today(service.convention), date.today())


def _postcode(commune) -> str | None:
    return commune.postcodes[0] if commune and commune.postcodes else None


def _location(service: Service) -> dict:
    commune = service.commune
    return {
        "commune": commune.name if commune else None,
        "code_insee": commune.code if commune else None,
        "code_postal": _postcode(commune),
        "adresse": service.address or None,
        "latitude": float(service.latitude) if service.latitude is not None else None,
        "longitude": float(service.longitude) if service.longitude is not None else None,
    }


def _publics(code: str) -> set[str]:
    publics = publics_of(code)
    if FamilyPublic.BABY in publics or FamilyPublic.CHILD in publics:
        result = {"familles"}
    else:
        result = set()
    if FamilyPublic.TEEN in publics or FamilyPublic.YOUNG_ADULT in publics:
        result.add("jeunes")
    if FamilyPublic.PARENTS in publics:
        result.add("familles")
    return result if len(publics) < 5 else {"tous-publics"}


def _publishable_email(value: str) -> str | None:
    """The public address, or None for one the field's checks now refuse (saved before
    addresses were checked as the schema checks them): the export then leaves it out, whole."""
    from django.core.exceptions import ValidationError

    if not value:
        return None
    try:
        Service._meta.get_field("public_email").run_validators(value)
    except ValidationError:
        return None
    return value


def structure_record(service: Service) -> v1.Structure:
    from data_inclusion.schema import v1

    organisation: Organisation | None = service.manager
    reseaux = set()
    if organisation and organisation.kind in KIND_RESEAU:
        reseaux.add(KIND_RESEAU[organisation.kind])
    if service.offer_type.code in TYPE_RESEAU:
        reseaux.add(TYPE_RESEAU[service.offer_type.code])
    commune = organisation.commune if organisation and organisation.commune_id else service.commune
    return v1.Structure(
        source=SOURCE,
        id=_structure_id(service),
        nom=(organisation.name if organisation else service.name)[:150],
        date_maj=_today(service.convention),
        siret=(organisation.siret or None) if organisation else None,
        commune=commune.name if commune else None,
        code_insee=commune.code if commune else None,
        code_postal=_postcode(commune),
        adresse=None if organisation else (service.address or None),
        telephone=service.public_phone or None,
        courriel=_publishable_email(service.public_email),
        site_web=(organisation.website if organisation else service.public_website) or None,
        accessibilite_lieu=service.accessibility_url or None,
        reseaux_porteurs=reseaux or None,
    )


def service_record(service: Service) -> v1.Service:
    from data_inclusion.schema import v1

    code = service.offer_type.code
    thematiques, kind = TYPE_DATA_INCLUSION.get(code, ([PARENTALITE], "information"))
    fee, fee_text = service.fee
    if service.is_itinerant or not service.commune_id:
        served = [c.code for c in service.communes_served.all()]
        zone = served or ([service.convention.epci.siren] if service.convention.epci_id else None)
    else:
        zone = [service.commune.code]
    parts = [service.offer_type.label, service.public, service.hours]
    description = ". ".join(p.strip(" .") for p in parts if p.strip(" .")) + "."
    return v1.Service(
        source=SOURCE,
        structure_id=_structure_id(service),
        id=f"{SOURCE}--service-{service.pk}",
        nom=service.name[:150] if len(service.name) >= 3 else service.offer_type.label[:150],
        description=description,
        date_maj=_checked(service),
        lien_source=service.public_website or None,
        type=kind,
        thematiques=set(thematiques),
        frais=fee if fee != Fee.UNKNOWN else None,
        frais_precisions=str(fee_text),
        conditions_acces=service.access or None,
        publics=_publics(code),
        publics_precisions=(service.public or service.ages or None),
        telephone=service.public_phone or None,
        courriel=_publishable_email(service.public_email),
        modes_accueil={"en-presentiel"},
        zone_eligibilite=zone,
        horaires_accueil=service.opening_hours or None,
        **_location(service),
    )


@dataclass
class Page:
    items: list[dict]
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def services(*, page: int = 1, size: int = DEFAULT_SIZE) -> Page:
    published = published_services()
    start = (page - 1) * size
    items = [service_record(s).model_dump(mode="json") for s in published[start : start + size]]
    return Page(items, published.count(), page, size)


def structures(*, page: int = 1, size: int = DEFAULT_SIZE) -> Page:
    """One record per organisation managing a published service (from its first service),
    and one per published service without a manager."""
    firsts: dict[str, int] = {}
    for pk, manager_id in _published_keys():
        key = f"organisation-{manager_id}" if manager_id else f"service-{pk}"
        firsts.setdefault(key, pk)
    start = (page - 1) * size
    chosen = list(firsts.values())[start : start + size]
    by_pk = {s.pk: s for s in published_services().filter(pk__in=chosen)}
    items = [structure_record(by_pk[pk]).model_dump(mode="json") for pk in chosen]
    return Page(items, len(firsts), page, size)
