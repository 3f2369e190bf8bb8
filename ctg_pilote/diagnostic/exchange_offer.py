"""The offer in the exchange document: custom offer types (`diagnostic.types_offre`), counts
(`offre.decomptes`) and equipments (`offre.equipements`): check, write, export."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from ctg_pilote.exchange.bulk import PendingRows
from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.exchange.values import coordinate, date, date_text, put

from .catalogue import OFFER_TYPES
from .exchange_common import DiagnosticCheck
from .models import Offer, OfferCount, OfferType, SynthesisItem
from .models.offer import AGES_OUT_OF_ORDER

BASE_OFFER_TYPES = {code for code, *_ in OFFER_TYPES}


# ---- check ---------------------------------------------------------------------------------


def check_offer_counts(check: DiagnosticCheck, counts: list[dict], types: set[str]) -> None:
    for i, count in enumerate(counts):
        if count["type"] not in types:
            check.add(f"offre.decomptes[{i}].type", f"type d'offre « {count['type']} » inconnu")


def check_equipments(check: DiagnosticCheck, items: list[dict], types: set[str]) -> None:
    seen: dict[tuple, int] = {}
    for i, item in enumerate(items):
        path = f"offre.equipements[{i}]"
        if item["type"] not in types:
            check.add(f"{path}.type", f"type d'offre « {item['type']} » inconnu")
        if "gestionnaire" in item and item["gestionnaire"] not in check.ctx.organisation_refs:
            check.add(
                f"{path}.gestionnaire",
                f"organisation « {item['gestionnaire']} » inconnue dans ce document",
            )
        if "commune" in item:
            check.commune(f"{path}.commune", item["commune"])
        for j, code in enumerate(item.get("communes_desservies", [])):
            check.commune(f"{path}.communes_desservies[{j}]", code)
        ages = (item.get("age_min"), item.get("age_max"))
        if None not in ages and ages[1] < ages[0]:
            check.add(f"{path}.age_max", str(AGES_OUT_OF_ORDER))
        for field, message in _contact_problems(item):
            check.add(f"{path}.{field}", message)
        key = (item["type"], item.get("commune"), item["nom"])
        if key in seen:
            check.add(
                f"{path}.nom",
                f"« {item['nom']} » figure déjà en offre.equipements[{seen[key]}] "
                "(même type, même commune)",
            )
        seen.setdefault(key, i)


_CONTACT_FIELDS = [
    field
    for field in Offer._meta.fields
    if field.name
    in {"public_phone", "public_email", "public_website", "opening_hours", "accessibility_url"}
]


def _contact_problems(item: dict) -> list[tuple[str, str]]:
    """The model's checks of the declared public contact (phone, e-mail, website shapes), as
    `Offer.clean_fields` makes them, field by field: no offer is built to check a document."""
    problems = []
    for field in _CONTACT_FIELDS:
        key = Offer.OUTSIDE_NAMES[field.name]
        value = item.get(key, "")
        if field.blank and value in field.empty_values:
            continue
        try:
            field.clean(value, None)
        except ValidationError as error:
            problems += [(key, message) for message in error.messages]
    return problems


# ---- write ---------------------------------------------------------------------------------


def write_offer_types(offer_types: list[dict]) -> dict[str, OfferType]:
    """Create or update the document's offer types; returns every offer type by code."""
    for data in offer_types:
        OfferType.objects.update_or_create(
            code=data["code"],
            defaults={
                "label": data["libelle"],
                "category": data["categorie"],
                "has_places": data.get("places", False),
            },
        )
    return {t.code: t for t in OfferType.objects.all()}


def write_offer_counts(counts: list[dict], convention, types: dict[str, OfferType]) -> None:
    OfferCount.objects.bulk_create(
        OfferCount(
            convention=convention,
            offer_type=types[data["type"]],
            count=data["nombre"],
            places=data.get("places"),
            year=data.get("annee"),
            source=data["source"],
            note=data.get("remarque", ""),
            is_fictitious=data.get("fictif", False),
        )
        for data in counts
    )


def write_equipments(
    items: list[dict], ctx: ImportContext, types: dict[str, OfferType], communes: dict
) -> None:
    """The équipements of a CTG whose old ones were just removed: one insert for them all, one
    for the communes they serve."""
    offers = Offer.objects.bulk_create(
        Offer(
            convention=ctx.convention,
            offer_type=types[data["type"]],
            name=data["nom"],
            manager=ctx.organisations.get(data.get("gestionnaire", "")),
            commune=communes.get(data.get("commune", "")),
            address=data.get("adresse", ""),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            places=data.get("places"),
            age_min=data.get("age_min"),
            age_max=data.get("age_max"),
            age_unit=data.get("unite_age", "ans"),
            public=data.get("public", ""),
            hours=data.get("horaires", ""),
            is_itinerant=data.get("itinerant", False),
            contact=data.get("contact", ""),
            public_phone=data.get("telephone_public", ""),
            public_email=data.get("courriel_public", ""),
            public_website=data.get("site_web_public", ""),
            opening_hours=data.get("horaires_osm", ""),
            fees=data.get("tarifs", ""),
            access=data.get("modalites_acces", ""),
            accessibility_url=data.get("accessibilite_lieu", ""),
            information_date=date(data.get("date_maj")),
            source=data.get("source", ""),
            is_fictitious=data.get("fictif", False),
        )
        for data in items
    )
    pending = PendingRows()
    for offer, data in zip(offers, items, strict=True):
        pending.relate(
            offer, "communes_served", [communes[c] for c in data.get("communes_desservies", [])]
        )
    pending.write()


# ---- export --------------------------------------------------------------------------------


def export_offer_types(convention) -> list[dict[str, Any]]:
    """The custom offer types the CTG uses (the shipped catalogue is implied)."""
    used_types = (
        set(convention.offers.values_list("offer_type__code", flat=True))
        | set(convention.offer_counts.values_list("offer_type__code", flat=True))
        | set(
            SynthesisItem.objects.filter(block__convention=convention).values_list(
                "offer_types__code", flat=True
            )
        )
    )
    custom = []
    for offer_type in OfferType.objects.filter(code__in=used_types - BASE_OFFER_TYPES):
        entry = {
            "code": offer_type.code,
            "libelle": offer_type.label,
            "categorie": offer_type.category,
        }
        put(entry, "places", offer_type.has_places)
        custom.append(entry)
    return custom


def export_offer(convention) -> dict[str, Any]:
    offre: dict[str, Any] = {}
    counts = []
    for count in convention.offer_counts.select_related("offer_type").order_by("pk"):
        entry = {"type": count.offer_type.code, "nombre": count.count}
        put(entry, "places", count.places)
        put(entry, "annee", count.year)
        entry["source"] = count.source
        put(entry, "remarque", count.note)
        put(entry, "fictif", count.is_fictitious)
        counts.append(entry)
    put(offre, "decomptes", counts)
    put(
        offre,
        "equipements",
        [_export_equipment(i) for i in convention.offers.for_list().order_by("pk")],
    )
    return offre


def _export_equipment(item: Offer) -> dict[str, Any]:
    entry = {"type": item.offer_type.code, "nom": item.name}
    put(entry, "gestionnaire", item.manager and item.manager.ref)
    put(entry, "commune", item.commune and item.commune.code)
    put(entry, "adresse", item.address)
    put(entry, "latitude", coordinate(item.latitude))
    put(entry, "longitude", coordinate(item.longitude))
    put(entry, "places", item.places)
    put(entry, "age_min", item.age_min)
    put(entry, "age_max", item.age_max)
    if item.age_unit != "ans":
        entry["unite_age"] = item.age_unit
    put(entry, "public", item.public)
    put(entry, "horaires", item.hours)
    put(entry, "itinerant", item.is_itinerant)
    put(entry, "communes_desservies", sorted(c.code for c in item.communes_served.all()))
    put(entry, "contact", item.contact)
    put(entry, "telephone_public", item.public_phone)
    put(entry, "courriel_public", item.public_email)
    put(entry, "site_web_public", item.public_website)
    put(entry, "horaires_osm", item.opening_hours)
    put(entry, "tarifs", item.fees)
    put(entry, "modalites_acces", item.access)
    put(entry, "accessibilite_lieu", item.accessibility_url)
    put(entry, "date_maj", date_text(item.information_date))
    put(entry, "source", item.source)
    put(entry, "fictif", item.is_fictitious)
    return entry
