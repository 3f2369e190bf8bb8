"""Import an exchange document: check everything first, then write it all in one transaction.

The core's checks live in `core_check.py`, the writes of its zones, organisations and members
in `core_write.py`; the sections check and write their own keys (`sections.py`).

The document is the whole truth about the CTG it names: importing it again updates the CTG
(create or update by `ctg.identifiant`), and what the document no longer lists is removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import (
    Convention,
    TerritoryKind,
    Thematique,
)
from ctg_pilote.core import revisions

from .core_check import Resolved, resolve
from .core_write import write_members, write_organisations, write_zones
from .document import check_schema
from .sections import sections
from .values import authors_remembered


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


def import_document(document: Any, *, dry_run: bool = False, source_name: str = "") -> ImportReport:
    """Check `document` completely, then create or update its CTG in one transaction;
    `source_name` (the file's name) enters the histories of what the import changes."""
    doc = check_schema(document)
    with transaction.atomic():
        if not dry_run:
            _wait_for_other_imports(doc["ctg"]["identifiant"])
        existing = Convention.objects.filter(slug=doc["ctg"]["identifiant"]).first()
        resolved = resolve(doc, existing)
        resolved.context.source_name = source_name
        if source_name:
            resolved.context.origin = _("Import de l'échange « %(name)s »") % {"name": source_name}
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
            # The revisions the writes bump (the CTG's, its members'), bumped once at the end.
            with revisions.deferred():
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


def _write(r: Resolved, convention: Convention | None) -> Convention:
    doc, ctg = r.doc, r.doc["ctg"]
    convention = convention or Convention(slug=ctg["identifiant"])
    convention.name = ctg["nom"]
    convention.description = ctg.get("presentation", "")
    convention.data_origin = ctg.get("origine_des_donnees", "")
    convention.status = ctg.get("statut", "")  # unset: follows the period and the signature
    convention.start_year = ctg["periode"]["debut"]
    convention.end_year = ctg["periode"]["fin"]
    convention.signed_on = r.signed_on
    convention.caf_departement = r.caf
    convention.territory_kind = TerritoryKind(doc["territoire"]["type"])
    convention.vintage = r.vintage
    convention.epci = r.epci
    ctx = r.context
    ctx.convention = convention
    ctx.created = created = convention.pk is None
    convention.save()
    if created:
        convention.communes.add(*r.communes)
    else:
        convention.communes.set(r.communes)

    for thematique in doc.get("thematiques", []):
        Thematique.objects.update_or_create(
            code=thematique["code"], defaults={"label": thematique["libelle"]}
        )
    thematiques = Thematique.objects.filter(code__in=r.thematiques)
    if created:
        convention.thematiques.add(*thematiques)
    else:
        convention.thematiques.set(thematiques)

    _write_people(r, convention)
    with authors_remembered():
        for section in sections():
            if section.key in doc:
                section.write(doc[section.key], ctx)
    if "organisations" in doc and not created:
        # Last, once members and sections no longer point at organisations the document dropped.
        convention.organisations.exclude(ref__in=ctx.organisation_refs).delete()
    return convention


def _write_people(r: Resolved, convention: Convention) -> None:
    """Zones, organisations and members. What the core writes is what the CTG then has (a new
    CTG has nothing else): read again only what an update keeps without naming it."""
    doc, ctx, created = r.doc, r.context, r.context.created
    if "zones" in doc:
        ctx.zones = write_zones(convention, doc["zones"], r.zone_communes, created=created)
    elif not created:
        ctx.zones = {zone.name: zone for zone in convention.zones.all()}
    if "organisations" in doc:
        saved = write_organisations(
            convention, doc["organisations"], r.org_communes, created=created
        )
    if "organisations" in doc and created:
        ctx.organisations = saved
    elif not created:
        # An update also keeps, until the end, the organisations the document dropped.
        ctx.organisations = {org.ref: org for org in convention.organisations.all()}
    if "membres" in doc:
        ctx.users = write_members(convention, doc["membres"], ctx.organisations, created=created)
    elif not created:
        ctx.users = {m.user.email: m.user for m in convention.memberships.select_related("user")}
