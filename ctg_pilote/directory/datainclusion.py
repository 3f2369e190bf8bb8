"""data·inclusion files in and out of one CTG's offer.

Reading: a `structures` list and a `services` list (JSON, data·inclusion schema v1, as the
data·inclusion API or a DORA export gives them). Every record is first validated by the
`data-inclusion-schema` package; then each structure becomes (or finds, by name) an
organisation of the CTG and each service an offer managed by it. Nothing is written when
one record is refused: the problems name the list, the record and the field, in French.

Writing: the CTG's services and structures, built by `opendata` (so validated by the same
package). What the directory keeps of a service comes back unchanged (see `KEPT`); what it
derives from the offer type (description, publics, frais) is derived again.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from data_inclusion.schema import v1
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from pydantic import ValidationError as SchemaError

from ctg_pilote.conventions.models import Organisation, OrganisationKind
from ctg_pilote.core import revisions
from ctg_pilote.core.spreadsheets import check_size
from ctg_pilote.diagnostic.models import Offer, OfferType

from .models import Service
from .opendata import service_record, structure_record
from .typology import KIND_RESEAU, TYPE_DATA_INCLUSION

# The service fields a round trip keeps as they were.
KEPT = (
    "nom",
    "type",
    "thematiques",
    "adresse",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "telephone",
    "courriel",
    "lien_source",
    "horaires_accueil",
    "conditions_acces",
    "frais_precisions",
    "publics_precisions",
    "date_maj",
    "zone_eligibilite",
)
KIND_OF_RESEAU = {reseau: kind for kind, reseau in KIND_RESEAU.items()}


class ImportRefused(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Imported:
    organisations: int = 0
    services: list[Offer] = field(default_factory=list)
    created: list[Offer] = field(default_factory=list)
    updated: list[Offer] = field(default_factory=list)


def read_json_list(upload, name: str, *, command: bool = False) -> list[dict]:
    """A JSON list of records (or a data·inclusion API page: its `items`), within the size cap
    (of uploads, or of files given to a command)."""
    check_size(upload.size, name=name, command=command)
    try:
        data = json.loads(upload.read())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportRefused(
            [f"{name} : ce n'est pas un fichier JSON lisible ({error})."]
        ) from error
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportRefused([f"{name} : une liste d'enregistrements est attendue."])
    return data


# The package's (pydantic's) most frequent refusals, said in French; others keep its words.
SCHEMA_MESSAGES = {
    "missing": "champ obligatoire absent",
    "string_type": "un texte est attendu",
    "string_too_short": "texte trop court (au moins {min_length} caractères)",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "enum": "valeur hors du vocabulaire data·inclusion",
    "float_parsing": "un nombre est attendu",
    "int_parsing": "un nombre entier est attendu",
    "date_parsing": "une date AAAA-MM-JJ est attendue",
    "date_from_datetime_parsing": "une date AAAA-MM-JJ est attendue",
    "list_type": "une liste est attendue",
    "url_parsing": "une adresse web (http:// ou https://) est attendue",
}


def _schema_message(detail: dict) -> str:
    template = SCHEMA_MESSAGES.get(detail["type"])
    if template is None:
        if detail["loc"] and detail["loc"][0] == "courriel":
            return "adresse de courriel invalide"
        return f"refusé par le schéma data·inclusion ({detail['msg']})"
    return template.format(**(detail.get("ctx") or {}))


def _validated(model, records: list[dict], label: str, problems: list[str]) -> list[tuple]:
    """(index in the file, record) of the records the package's schema accepts."""
    valid = []
    for index, record in enumerate(records):
        try:
            valid.append((index, model.model_validate(record)))
        except SchemaError as error:
            for detail in error.errors()[:5]:
                where = ".".join(str(part) for part in detail["loc"]) or "enregistrement"
                problems.append(f"{label}[{index}].{where} : {_schema_message(detail)}")
    return valid


def offer_type_for(thematiques: set[str], kind: str | None) -> str | None:
    """The offer type whose data·inclusion thématiques and type match best."""
    best, best_score = None, 0
    for code, (themes, type_kind) in TYPE_DATA_INCLUSION.items():
        shared = len(set(themes) & {str(t) for t in thematiques})
        score = shared * 2 + (shared and type_kind == kind) + (set(themes) == thematiques) * 4
        if score > best_score:
            best, best_score = code, score
    return best


def _organisation(convention, structure: v1.Structure, communes) -> Organisation:
    found = convention.organisations.filter(name=structure.nom[:200]).first()
    if found:
        return found
    reseaux = {str(r) for r in structure.reseaux_porteurs or ()}
    kind = next((KIND_OF_RESEAU[r] for r in sorted(reseaux) if r in KIND_OF_RESEAU), None)
    base = slugify(structure.nom)[:50] or "structure"
    ref, number = base, 1
    while convention.organisations.filter(ref=ref).exists():
        number += 1
        ref = f"{base}-{number}"
    return Organisation.objects.create(
        convention=convention,
        ref=ref,
        name=structure.nom[:200],
        kind=kind or OrganisationKind.AUTRE,
        siret=structure.siret or "",
        commune=communes.get(structure.code_insee or ""),
        website=str(structure.site_web) if structure.site_web else "",
    )


def _offer(
    convention, service: v1.Service, manager, communes, known, index, problem
) -> Offer | None:
    """The CTG's offer this record describes: the one it already has of that type, name and
    commune (a fresher file of the same services updates them), or a new one."""
    code = offer_type_for(set(map(str, service.thematiques or ())), service.type)
    if code is None:
        problem("thematiques", "aucune thématique ne correspond à un type d'offre aux familles")
        return None
    zone = [c for c in service.zone_eligibilite or () if c in communes]
    commune = communes.get(service.code_insee or "")
    if service.code_insee and commune is None:
        problem(
            "code_insee", f"la commune {service.code_insee} n'est pas dans le territoire de la CTG"
        )
        return None
    offer_type = known.types[code]
    name = service.nom[:200]
    key = (offer_type.pk, commune.pk if commune else None, name.casefold())
    if key in known.in_file:
        problem("nom", f"même service (type, nom et commune) que services[{known.in_file[key]}]")
        return None
    known.in_file[key] = index
    itinerant = bool(zone) and zone != [service.code_insee]
    given = {
        "address": service.adresse or "",
        "latitude": None if service.latitude is None else round(Decimal(str(service.latitude)), 5),
        "longitude": None
        if service.longitude is None
        else round(Decimal(str(service.longitude)), 5),
        "public": (service.publics_precisions or "")[:250],
        "public_phone": service.telephone or "",
        "public_email": service.courriel or "",
        "public_website": str(service.lien_source) if service.lien_source else "",
        "opening_hours": service.horaires_accueil or "",
        "fees": (service.frais_precisions or "")[:500],
        "access": (service.conditions_acces or "")[:500],
        "information_date": service.date_maj,
    }
    offer = known.offers.get(key)
    if offer is None:
        # The type is read from thématiques, which several types share (a micro-crèche and a
        # multi-accueil both say "garde d'enfants"): the one offer of that name in that
        # commune is the same service, whatever type the thématiques suggest.
        same_name = known.by_name.get(key[1:], [])
        offer = same_name[0] if len(same_name) == 1 else None
    if offer is None:
        offer = Offer(
            convention=convention,
            offer_type=offer_type,
            name=name,
            manager=manager,
            commune=commune,
            is_itinerant=itinerant,
            source=f"data·inclusion ({service.source})"[:200],
            **given,
        )
        offer._served = [communes[c] for c in zone] if itinerant else []
    else:
        _update(offer, given, manager, [communes[c] for c in zone], itinerant)
    try:
        offer.full_clean()
    except ValidationError as error:
        for field_name, messages in error.message_dict.items():
            for message in messages:
                problem(Offer.OUTSIDE_NAMES.get(field_name, field_name), message)
        return None
    return offer


def _update(offer: Offer, given: dict, manager, zone: list, itinerant: bool) -> None:
    """What the file says replaces what the CTG had; what it leaves blank is kept. The export
    writes the ages where the offer has no public: they are not a public."""
    if given["public"] == Service.ages.fget(offer):
        given = {**given, "public": ""}
    for name, value in given.items():
        if value not in ("", None):
            setattr(offer, name, value)
    offer.manager = manager
    if zone:
        offer.is_itinerant = itinerant
        offer._served = zone if itinerant else []
    else:
        offer._served = None


@dataclass
class _Known:
    """The CTG's offer and the offer types, read once for a whole file."""

    offers: dict
    types: dict
    by_name: dict = field(default_factory=dict)
    in_file: dict = field(default_factory=dict)


def import_records(convention, structures: list[dict], services: list[dict]) -> Imported:
    """Validate every record, then write them all, or nothing."""
    problems: list[str] = []
    valid_structures = _validated(v1.Structure, structures, "structures", problems)
    valid_services = _validated(v1.Service, services, "services", problems)
    by_id = {s.id: s for _index, s in valid_structures}
    communes = {c.code: c for c in convention.communes.all()}
    known = _Known(
        offers={
            (o.offer_type_id, o.commune_id, o.name.casefold()): o
            for o in Offer.objects.filter(convention=convention)
        },
        types={t.code: t for t in OfferType.objects.all()},
    )
    for offer in known.offers.values():
        known.by_name.setdefault((offer.commune_id, offer.name.casefold()), []).append(offer)
    result = Imported()
    with transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for _index, structure in valid_structures:
            organisations[structure.id] = _organisation(convention, structure, communes)
        for index, service in valid_services:

            def problem(key, message, index=index):
                problems.append(f"services[{index}].{key} : {message}")

            if service.structure_id not in by_id:
                problem("structure_id", f"structure « {service.structure_id} » absente du fichier")
                continue
            manager = organisations[service.structure_id]
            offer = _offer(convention, service, manager, communes, known, index, problem)
            if offer is not None:
                result.services.append(offer)
        if problems:
            transaction.set_rollback(True)
            raise ImportRefused(problems[:50])
        for offer in result.services:
            (result.updated if offer.pk else result.created).append(offer)
            offer.save()
            if offer._served is not None:
                offer.communes_served.set(offer._served)
        result.organisations = len(organisations)
        revisions.bump(convention.pk)
    return result


def export_records(convention) -> tuple[list[dict], list[dict]]:
    """The CTG's structures and services, each built (so validated) by the package's models."""
    services = list(Service.objects.filter(convention=convention).for_display().order_by("pk"))
    structures: dict[str, dict] = {}
    for service in services:
        record = structure_record(service)
        structures.setdefault(record.id, record.model_dump(mode="json"))
    return list(structures.values()), [service_record(s).model_dump(mode="json") for s in services]
