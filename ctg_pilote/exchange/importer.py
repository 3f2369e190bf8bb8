"""Import an exchange document: check everything first, then write it all in one transaction.

The document is the whole truth about the CTG it names: importing it again updates the CTG
(create or update by `ctg.identifiant`), and what the document no longer lists is removed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction

from ctg_pilote.conventions.models import (
    Contact,
    Convention,
    ConventionStatus,
    Membership,
    Organisation,
    Role,
    TerritoryKind,
    Thematique,
    Zone,
    ZoneCommune,
)
from ctg_pilote.core import revisions
from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .document import check_schema
from .problems import ExchangeError, Problem
from .sections import ImportContext, sections


@dataclass
class ImportReport:
    slug: str
    name: str
    created: bool
    communes: int
    zones: int
    organisations: int
    contacts: int
    members: int
    new_users: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        if self.dry_run:
            verb = "serait créée" if self.created else "serait mise à jour"
        else:
            verb = "créée" if self.created else "mise à jour"
        counts = ", ".join(
            [
                _count(self.communes, "commune"),
                _count(self.zones, "zone d'étude", "zones d'étude"),
                _count(self.organisations, "organisation"),
                _count(self.contacts, "contact"),
                _count(self.members, "membre"),
            ]
        )
        new = len(self.new_users)
        accounts = f" dont {_count(new, 'nouveau compte', 'nouveaux comptes')}" if new else ""
        return f"CTG « {self.name} » ({self.slug}) {verb} : {counts}{accounts}."


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n <= 1 else (plural or singular + 's')}"


@dataclass
class _Resolved:
    """Everything the document names, looked up in the database, ready to write."""

    doc: dict
    vintage: Vintage
    caf: Departement
    epci: Epci | None
    communes: list[Commune]
    zone_communes: list[list[Commune]]
    thematiques: list[str]
    org_communes: list[Commune | None]
    signed_on: datetime.date | None
    context: ImportContext


def _resolve(doc: dict, existing: Convention | None) -> _Resolved:
    problems: list[Problem] = []
    add = lambda path, message: problems.append(Problem(path, message))  # noqa: E731
    ctg, territoire = doc["ctg"], doc["territoire"]

    year = territoire.get("millesime")
    vintage = Vintage.objects.filter(year=year).first() if year else Vintage.objects.current()
    if vintage is None:
        available = ", ".join(str(y) for y in Vintage.objects.values_list("year", flat=True))
        if year:
            add(
                "territoire.millesime",
                f"millésime {year} non chargé"
                + (f" (millésimes disponibles : {available})" if available else ""),
            )
        else:
            add(
                "territoire", "référentiel des territoires absent : lancez « ctg load_territories »"
            )
        raise ExchangeError(problems)

    caf = Departement.objects.filter(vintage=vintage, code=ctg["caf"]).first()
    if caf is None:
        add("ctg.caf", f"département « {ctg['caf']} » inconnu")

    periode = ctg["periode"]
    if periode["fin"] < periode["debut"]:
        add(
            "ctg.periode.fin",
            f"la période se termine en {periode['fin']}, avant de commencer en {periode['debut']}",
        )
    signed_on = None
    if "signee_le" in ctg:
        try:
            signed_on = datetime.date.fromisoformat(ctg["signee_le"])
        except ValueError:
            add("ctg.signee_le", f"date impossible : {ctg['signee_le']}")

    by_code = {}
    wanted = set(territoire.get("communes", []))
    for zone in doc.get("zones", []):
        wanted.update(zone.get("communes", []))
    wanted.update(o["commune"] for o in doc.get("organisations", []) if "commune" in o)
    if wanted:
        by_code = {c.code: c for c in Commune.objects.filter(vintage=vintage, code__in=wanted)}

    epci = None
    if territoire.get("epci"):
        epci = Epci.objects.filter(vintage=vintage, siren=territoire["epci"]).first()
        if epci is None:
            add("territoire.epci", f"EPCI {territoire['epci']} inconnu (millésime {vintage.year})")

    communes: list[Commune] = []
    if "communes" in territoire:
        for i, code in enumerate(territoire["communes"]):
            if code in by_code:
                communes.append(by_code[code])
            else:
                add(
                    f"territoire.communes[{i}]",
                    f"commune {code} inconnue (millésime {vintage.year})",
                )
        if territoire["type"] == "commune" and len(territoire["communes"]) != 1:
            add("territoire.communes", "un territoire de type « commune » compte une seule commune")
    elif epci is not None:
        communes = list(epci.communes.order_by("code"))
    if territoire["type"] == "epci" and epci is not None:
        for i, commune in enumerate(communes):
            if commune.epci_id != epci.pk:
                add(
                    f"territoire.communes[{i}]",
                    f"la commune {commune.code} ({commune.name}) n'est pas membre de {epci.name}",
                )
    in_territory = {c.code for c in communes}

    zone_communes: list[list[Commune]] = []
    zone_of: dict[str, int] = {}
    zone_names: dict[str, int] = {}
    for z, zone in enumerate(doc.get("zones", [])):
        if zone["nom"] in zone_names:
            add(
                f"zones[{z}].nom",
                f"nom « {zone['nom']} » déjà pris par zones[{zone_names[zone['nom']]}]",
            )
        zone_names.setdefault(zone["nom"], z)
        members = []
        for i, code in enumerate(zone.get("communes", [])):
            path = f"zones[{z}].communes[{i}]"
            if code not in by_code:
                add(path, f"commune {code} inconnue")
            elif code not in in_territory:
                add(
                    path,
                    f"la commune {code} ({by_code[code].name}) n'est pas dans le territoire de la CTG",
                )
            elif code in zone_of:
                other = zone_of[code]
                add(
                    path,
                    f"la commune {code} ({by_code[code].name}) est déjà dans la zone "
                    f"« {doc['zones'][other]['nom']} » (zones[{other}]) ; une commune n'appartient qu'à une zone",
                )
            else:
                zone_of[code] = z
                members.append(by_code[code])
        zone_communes.append(members)

    defined = {t["code"] for t in doc.get("thematiques", [])}
    known = set(Thematique.objects.values_list("code", flat=True)) | defined
    for i, code in enumerate(ctg.get("thematiques", [])):
        if code not in known:
            add(
                f"ctg.thematiques[{i}]",
                f"thématique « {code} » inconnue ; définissez-la dans « thematiques » (code et libellé)",
            )

    refs: dict[str, int] = {}
    names: dict[str, int] = {}
    org_communes: list[Commune | None] = []
    for o, org in enumerate(doc.get("organisations", [])):
        if org["ref"] in refs:
            add(
                f"organisations[{o}].ref",
                f"référence « {org['ref']} » déjà utilisée par organisations[{refs[org['ref']]}]",
            )
        refs.setdefault(org["ref"], o)
        if org["nom"] in names:
            add(
                f"organisations[{o}].nom",
                f"« {org['nom']} » figure déjà en organisations[{names[org['nom']]}]",
            )
        names.setdefault(org["nom"], o)
        commune = None
        if "commune" in org:
            commune = by_code.get(org["commune"])
            if commune is None:
                add(f"organisations[{o}].commune", f"commune {org['commune']} inconnue")
        org_communes.append(commune)

    known_refs = set(refs)
    if "organisations" not in doc and existing is not None:
        known_refs = set(existing.organisations.values_list("ref", flat=True))
    emails: dict[str, int] = {}
    for m, member in enumerate(doc.get("membres", [])):
        email = member["courriel"].lower()
        if email in emails:
            add(f"membres[{m}].courriel", f"{email} figure déjà en membres[{emails[email]}]")
        emails.setdefault(email, m)
        if "organisation" in member and member["organisation"] not in known_refs:
            add(
                f"membres[{m}].organisation",
                f"organisation « {member['organisation']} » inconnue dans ce document",
            )
        if member["role"] == Role.PARTENAIRE and "organisation" not in member:
            add(f"membres[{m}].organisation", "un partenaire doit être rattaché à une organisation")

    context = ImportContext(
        document=doc,
        vintage=vintage,
        communes=by_code,
        territory_codes=in_territory,
        organisation_refs=known_refs,
        zone_names=set(zone_names),
        member_emails=set(emails),
    )
    if "zones" not in doc and existing is not None:
        context.zone_names = set(existing.zones.values_list("name", flat=True))
    for section in sections():
        if section.key in doc:
            problems += section.check(doc[section.key], context)

    if problems:
        raise ExchangeError(problems)
    return _Resolved(
        context=context,
        doc=doc,
        vintage=vintage,
        caf=caf,
        epci=epci,
        communes=communes,
        zone_communes=zone_communes,
        thematiques=list(ctg.get("thematiques", [])),
        org_communes=org_communes,
        signed_on=signed_on,
    )


def import_document(document: Any, *, dry_run: bool = False) -> ImportReport:
    """Check `document` completely, then create or update its CTG in one transaction."""
    doc = check_schema(document)
    with transaction.atomic():
        if not dry_run:
            _wait_for_other_imports(doc["ctg"]["identifiant"])
        existing = Convention.objects.filter(slug=doc["ctg"]["identifiant"]).first()
        resolved = _resolve(doc, existing)
        User = get_user_model()
        emails = [m["courriel"].lower() for m in doc.get("membres", [])]
        known_emails = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
        report = ImportReport(
            slug=doc["ctg"]["identifiant"],
            name=doc["ctg"]["nom"],
            created=existing is None,
            communes=len(resolved.communes),
            zones=len(resolved.context.zone_names),
            organisations=len(resolved.context.organisation_refs),
            contacts=sum(len(o.get("contacts", [])) for o in doc.get("organisations", [])),
            members=len(emails),
            new_users=[e for e in emails if e not in known_emails],
            dry_run=dry_run,
        )
        if not dry_run:
            convention = _write(resolved, existing)
            revisions.bump(convention.pk)
    return report


IMPORT_LOCK = 0x435447  # namespace of the advisory locks taken by imports ("CTG")


def _wait_for_other_imports(slug: str) -> None:
    """Imports of the same CTG run one after the other (any process, until commit): each one
    reads the CTG as the previous one left it, so the result is exactly one document."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [IMPORT_LOCK, slug])


def _write(r: _Resolved, convention: Convention | None) -> Convention:
    doc, ctg = r.doc, r.doc["ctg"]
    convention = convention or Convention(slug=ctg["identifiant"])
    convention.name = ctg["nom"]
    convention.description = ctg.get("presentation", "")
    convention.data_origin = ctg.get("origine_des_donnees", "")
    convention.status = ctg.get("statut", ConventionStatus.PREPARATION)
    convention.start_year = ctg["periode"]["debut"]
    convention.end_year = ctg["periode"]["fin"]
    convention.signed_on = r.signed_on
    convention.caf_departement = r.caf
    convention.territory_kind = TerritoryKind(doc["territoire"]["type"])
    convention.vintage = r.vintage
    convention.epci = r.epci
    convention.save()
    convention.communes.set(r.communes)

    for thematique in doc.get("thematiques", []):
        Thematique.objects.update_or_create(
            code=thematique["code"], defaults={"label": thematique["libelle"]}
        )
    convention.thematiques.set(Thematique.objects.filter(code__in=r.thematiques))

    ctx = r.context
    ctx.convention = convention
    if "zones" in doc:
        _write_zones(convention, doc["zones"], r.zone_communes)
    ctx.zones = {zone.name: zone for zone in convention.zones.all()}
    if "organisations" in doc:
        _write_organisations(convention, doc["organisations"], r.org_communes)
    ctx.organisations = {org.ref: org for org in convention.organisations.all()}
    if "membres" in doc:
        _write_members(convention, doc["membres"], ctx.organisations)
    ctx.users = {m.user.email: m.user for m in convention.memberships.select_related("user")}
    for section in sections():
        if section.key in doc:
            section.write(doc[section.key], ctx)
    if "organisations" in doc:
        # Last, once members and sections no longer point at organisations the document dropped.
        convention.organisations.exclude(ref__in=ctx.organisation_refs).delete()
    return convention


def _write_zones(convention, zones, zone_communes) -> None:
    convention.zones.exclude(name__in=[z["nom"] for z in zones]).delete()
    ZoneCommune.objects.filter(convention=convention).delete()
    for position, (data, communes) in enumerate(zip(zones, zone_communes, strict=True)):
        reported = data.get("population_indiquee") or {}
        zone, _ = Zone.objects.update_or_create(
            convention=convention,
            name=data["nom"],
            defaults={
                "position": position,
                "note": data.get("remarque", ""),
                "reported_population": reported.get("valeur"),
                "reported_population_source": reported.get("source", ""),
            },
        )
        ZoneCommune.objects.bulk_create(
            ZoneCommune(convention=convention, zone=zone, commune=c) for c in communes
        )


def _write_organisations(convention, organisations, org_communes) -> None:
    existing_orgs = {o.ref: o for o in convention.organisations.all()}
    # Free the names first, so two organisations may swap names within one import.
    kept = [o["ref"] for o in organisations]
    for org in existing_orgs.values():
        if org.ref in kept:
            org.name = f"~renaming~{org.pk}"
            org.save(update_fields=["name"])
    for data, commune in zip(organisations, org_communes, strict=True):
        org = existing_orgs.get(data["ref"]) or Organisation(convention=convention, ref=data["ref"])
        org.name = data["nom"]
        org.kind = data["type"]
        org.is_signatory = data.get("signataire", False)
        org.siren = data.get("siren", "")
        org.siret = data.get("siret", "")
        org.commune = commune
        org.website = data.get("site_web", "")
        org.note = data.get("remarque", "")
        org.save()
        _write_contacts(org, data.get("contacts", []))


def _contact_key(email: str, function: str, first_name: str, last_name: str) -> tuple:
    """Who a contact is, so a re-import updates it in place (others may point at it)."""
    return ("email", email.lower()) if email else ("name", function, first_name, last_name)


def _write_contacts(org: Organisation, contacts: list[dict]) -> None:
    existing = {
        _contact_key(c.email, c.function, c.first_name, c.last_name): c
        for c in org.contacts.order_by("pk")
    }
    kept = []
    for data in contacts:
        fields = {
            "function": data["fonction"],
            "first_name": data.get("prenom", ""),
            "last_name": data.get("nom", ""),
            "email": data.get("courriel", ""),
            "phone": data.get("telephone", ""),
        }
        key = _contact_key(
            fields["email"], fields["function"], fields["first_name"], fields["last_name"]
        )
        contact = existing.pop(key, None) or Contact(organisation=org)
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.save()
        kept.append(contact.pk)
    org.contacts.exclude(pk__in=kept).delete()


def _write_members(convention, members, organisations) -> None:
    User = get_user_model()
    keep_users = []
    # Accounts in e-mail order: two imports sharing accounts lock them in the same order.
    for data in sorted(members, key=lambda m: m["courriel"].lower()):
        user, created = User.objects.get_or_create(email=data["courriel"].lower())
        if created:
            user.set_unusable_password()
        user.first_name = data.get("prenom", user.first_name)
        user.last_name = data.get("nom", user.last_name)
        user.save()
        Membership.objects.update_or_create(
            convention=convention,
            user=user,
            defaults={
                "role": data["role"],
                "organisation": organisations.get(data.get("organisation")),
            },
        )
        keep_users.append(user.pk)
    convention.memberships.exclude(user__in=keep_users).delete()
