"""Export a CTG as an exchange document: the inverse of the importer, key for key."""

from __future__ import annotations

import base64
from typing import Any

import yaml

from ctg_pilote.conventions.models import ORGANISATION_FIELDS, Convention, Thematique
from ctg_pilote.conventions.thematiques import BASE_CODES

from .document import FORMAT_NAME, FORMAT_VERSION
from .sections import sections
from .values import EMPTY, put


def export_convention(convention: Convention) -> dict[str, Any]:
    thematiques = list(convention.thematiques.order_by("position", "code"))
    exported = {section.key: section.export(convention) for section in sections()}
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "ctg": _export_ctg(convention, thematiques),
    }
    put(doc, "thematiques", _custom_thematiques(thematiques, exported))
    doc["territoire"] = _export_territory(convention)
    put(doc, "zones", _export_zones(convention))
    put(doc, "organisations", _export_organisations(convention))
    put(doc, "membres", _export_members(convention))
    for section in sections():
        put(doc, section.key, exported[section.key])
    return doc


def _custom_thematiques(covered: list[Thematique], exported: dict[str, Any]) -> list[dict]:
    """Every custom thématique the document names, defined in it: those the CTG covers and
    those only a section names (a finding, an action, an instance...), so the document
    imports into an empty database."""
    codes = {t.code for t in covered}
    for section in sections():
        if exported[section.key] not in EMPTY:
            codes |= section.referenced(Thematique, exported[section.key])
    custom = Thematique.objects.filter(code__in=codes - BASE_CODES).order_by("position", "code")
    return [{"code": t.code, "libelle": t.label} for t in custom]


def _export_ctg(convention: Convention, thematiques: list) -> dict[str, Any]:
    ctg: dict[str, Any] = {"identifiant": convention.slug, "nom": convention.name}
    put(ctg, "presentation", convention.description)
    put(ctg, "origine_des_donnees", convention.data_origin)
    put(ctg, "statut", convention.status)
    ctg["periode"] = {"debut": convention.start_year, "fin": convention.end_year}
    put(ctg, "signee_le", convention.signed_on and convention.signed_on.exchange)
    ctg["caf"] = convention.caf_departement.code
    put(ctg, "thematiques", [t.code for t in thematiques])
    return ctg


def _export_territory(convention: Convention) -> dict[str, Any]:
    territoire: dict[str, Any] = {
        "millesime": convention.vintage.year,
        "type": convention.territory_kind,
    }
    put(territoire, "epci", convention.epci and convention.epci.siren)
    territoire["communes"] = sorted(convention.communes.values_list("code", flat=True))
    return territoire


def _export_zones(convention: Convention) -> list[dict[str, Any]]:
    zones = []
    for zone in convention.zones.order_by("position", "name").prefetch_related("communes"):
        item: dict[str, Any] = {"nom": zone.name}
        put(item, "remarque", zone.note)
        if zone.reported_population is not None:
            item["population_indiquee"] = {
                "valeur": zone.reported_population,
                "source": zone.reported_population_source,
            }
        item["communes"] = sorted(c.code for c in zone.communes.all())
        zones.append(item)
    return zones


def _export_organisations(convention: Convention) -> list[dict[str, Any]]:
    organisations = []
    for org in (
        convention.organisations.order_by("pk")
        .select_related("commune")
        .prefetch_related("contacts", "members")
    ):
        item = ORGANISATION_FIELDS.to_exchange(
            org,
            {
                "membres": _export_group_members,
                "contacts": _export_contacts,
                "logo": _export_logo,
            },
        )
        organisations.append(item)
    return organisations


def _export_group_members(org) -> list[str]:
    return [member.ref for member in sorted(org.members.all(), key=lambda m: m.pk)]


def _export_logo(org) -> dict[str, str] | None:
    if not org.logo:
        return None
    return {"type": org.logo_type, "donnees": base64.b64encode(bytes(org.logo)).decode("ascii")}


def _export_contacts(org) -> list[dict[str, Any]]:
    contacts = []
    for contact in sorted(org.contacts.all(), key=lambda c: c.pk):
        entry = {"fonction": contact.function}
        put(entry, "prenom", contact.first_name)
        put(entry, "nom", contact.last_name)
        put(entry, "courriel", contact.email)
        put(entry, "telephone", contact.phone)
        contacts.append(entry)
    return contacts


def _export_members(convention: Convention) -> list[dict[str, Any]]:
    members = []
    for membership in convention.memberships.select_related("user", "organisation").order_by(
        "role", "user__email"
    ):
        entry = {"courriel": membership.user.email, "role": membership.role}
        put(entry, "organisation", membership.organisation and membership.organisation.ref)
        put(entry, "prenom", membership.user.first_name)
        put(entry, "nom", membership.user.last_name)
        members.append(entry)
    return members


class _Dumper(yaml.SafeDumper):
    """Block style, and long texts as literal blocks a person can edit."""


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(document: dict) -> str:
    header = (
        "# Document d'échange ctg-pilote (version 1) : une CTG complète.\n"
        "# Format décrit dans docs/format-echange.md ; schéma JSON : ctg-v1.schema.json.\n"
    )
    return header + yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
