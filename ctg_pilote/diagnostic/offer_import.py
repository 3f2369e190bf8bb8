"""Import the offer inventory from a CSV/XLSX file (one row per équipement or service)."""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from ctg_pilote.core.text import is_whole_number
from ctg_pilote.core.validators import field_problem

from .layouts import normalise
from .models import AgeUnit, Offer, OfferType
from .readers import ReadError, read_table

COLUMNS = {
    "type": "type",
    "nom": "nom",
    "gestionnaire": "gestionnaire",
    "commune": "commune",
    "adresse": "adresse",
    "latitude": "latitude",
    "longitude": "longitude",
    "places": "places",
    "capacite": "places",
    "age_min": "age_min",
    "age_max": "age_max",
    "unite_age": "unite_age",
    "public": "public",
    "horaires": "horaires",
    "communes_desservies": "communes_desservies",
    "contact": "contact",
    "telephone_public": "telephone_public",
    "courriel_public": "courriel_public",
    "site_web_public": "site_web_public",
    "horaires_osm": "horaires_osm",
    "tarifs": "tarifs",
    "modalites_acces": "modalites_acces",
    "accessibilite_lieu": "accessibilite_lieu",
    "date_maj": "date_maj",
}


def _day(text: str) -> dt.date | bool | None:
    """A day written 2025-09-15 or 15/09/2025; None when empty, False when unreadable."""
    text = text.strip()
    if not text:
        return None
    for shape in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return False


class OfferImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _read(upload):
    suffix = Path(getattr(upload, "name", "") or "offre.csv").suffix or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        try:
            table = read_table(Path(handle.name), upload=True, name=getattr(upload, "name", ""))
            return table.header, list(table.rows)
        except ReadError as error:
            raise OfferImportError([str(error)]) from error


@transaction.atomic
def import_offers(*, convention, upload, source: str) -> int:
    """Add the file's équipements and services to the CTG's inventory. All or nothing."""
    header, rows = _read(upload)
    names = [COLUMNS.get(normalise(h)) for h in header]
    problems = [
        f"ligne 1 : colonne « {h} » inconnue" for h, n in zip(header, names, strict=True) if not n
    ]
    for required in ("type", "nom"):
        if required not in names:
            problems.append(f"ligne 1 : colonne « {required} » manquante")
    if problems:
        raise OfferImportError(problems)
    types = {t.code: t for t in OfferType.objects.all()}
    types.update({normalise(t.label): t for t in types.values()})
    organisations = {o.ref: o for o in convention.organisations.all()}
    communes = {}
    for commune in convention.communes.all():
        communes[commune.code] = commune
        communes[normalise(commune.name)] = commune
    created = []
    seen: dict[tuple, int] = {}
    for line, cells in rows:
        problems_before = len(problems)
        data = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}

        def fail(column, message, line=line):
            problems.append(f"ligne {line}, colonne {column} : {message}")

        offer_type = types.get(data["type"]) or types.get(normalise(data["type"]))
        if offer_type is None:
            fail("type", f"type d'offre « {data['type']} » inconnu")
        if not data["nom"]:
            fail("nom", "le nom est obligatoire")
        manager = None
        if data.get("gestionnaire"):
            manager = organisations.get(data["gestionnaire"])
            if manager is None:
                fail(
                    "gestionnaire", f"organisation « {data['gestionnaire']} » inconnue dans la CTG"
                )
        commune = None
        if data.get("commune"):
            commune = communes.get(data["commune"]) or communes.get(normalise(data["commune"]))
            if commune is None:
                fail("commune", f"« {data['commune']} » n'est pas une commune de la CTG")
        served = []
        for name in filter(
            None, (p.strip() for p in data.get("communes_desservies", "").split(","))
        ):
            found = communes.get(name) or communes.get(normalise(name))
            if found is None:
                fail("communes_desservies", f"« {name} » n'est pas une commune de la CTG")
            else:
                served.append(found)
        numbers = {}
        for column in ("places", "age_min", "age_max"):
            if data.get(column):
                if not is_whole_number(data[column]):
                    fail(column, f"« {data[column]} » n'est pas un nombre entier positif")
                elif problem := field_problem(Offer._meta.get_field(column), data[column]):
                    fail(column, problem)
                else:
                    numbers[column] = int(data[column])
        coordinates = {}
        for column in ("latitude", "longitude"):
            if data.get(column):
                try:
                    value = Decimal(data[column].replace(",", "."))
                except InvalidOperation:
                    fail(column, f"« {data[column]} » n'est pas une coordonnée")
                    continue
                if value.is_finite() and abs(value) < 1000:
                    value = round(value, 5)  # GPS tools give more digits than a building needs
                if problem := field_problem(Offer._meta.get_field(column), value):
                    fail(column, problem)
                    continue
                coordinates[column] = value
        information_date = _day(data.get("date_maj", ""))
        if information_date is False:
            fail("date_maj", f"« {data['date_maj']} » n'est pas une date (JJ/MM/AAAA)")
        unit = data.get("unite_age") or AgeUnit.YEARS
        if unit not in AgeUnit.values:
            fail("unite_age", "« ans » ou « mois » attendu")
        if len(problems) > problems_before:
            continue
        offer = Offer(
            convention=convention,
            offer_type=offer_type,
            name=data["nom"][:200],
            manager=manager,
            commune=commune,
            address=data.get("adresse", "")[:250],
            public=data.get("public", "")[:250],
            hours=data.get("horaires", ""),
            contact=data.get("contact", "")[:250],
            public_phone=data.get("telephone_public", ""),
            public_email=data.get("courriel_public", ""),
            public_website=data.get("site_web_public", ""),
            opening_hours=data.get("horaires_osm", "")[:500],
            fees=data.get("tarifs", "")[:500],
            access=data.get("modalites_acces", "")[:500],
            accessibility_url=data.get("accessibilite_lieu", ""),
            information_date=information_date or None,
            is_itinerant=bool(served),
            age_unit=unit,
            source=source,
            **numbers,
            **coordinates,
        )
        # The model's rules (ages in order, contact shapes, no duplicate in the CTG).
        try:
            offer.full_clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                column = (
                    "nom" if field == NON_FIELD_ERRORS else Offer.OUTSIDE_NAMES.get(field, field)
                )
                for message in messages:
                    fail(column, message)
            continue
        first = seen.setdefault(offer.duplicate_key(), line)
        if first != line:
            fail("nom", f"« {offer.name} » figure déjà ligne {first} (même type, même commune)")
            continue
        created.append((offer, served))
    if problems:
        raise OfferImportError(problems[:50])
    for offer, served in created:
        offer.save()
        offer.communes_served.set(served)
    return len(created)
