"""Writing the core of an exchange document: zones, organisations with their contacts, and
members (the CTG itself and the sections are written by `importer.py`)."""

from __future__ import annotations

import base64

from django.contrib.auth import get_user_model

from ctg_pilote.conventions.models import (
    ORGANISATION_FIELDS,
    Contact,
    Membership,
    Organisation,
    OrganisationQuality,
    Zone,
    ZoneCommune,
)


def write_zones(convention, zones, zone_communes, *, created: bool = False) -> dict[str, Zone]:
    """The CTG's zones, as the document lists them (by name); `created`: a new CTG, which has
    none to update or remove."""
    if not created:
        convention.zones.exclude(name__in=[z["nom"] for z in zones]).delete()
        ZoneCommune.objects.filter(convention=convention).delete()
    saved = {}
    rows = []
    for position, (data, communes) in enumerate(zip(zones, zone_communes, strict=True)):
        reported = data.get("population_indiquee") or {}
        values = {
            "position": position,
            "note": data.get("remarque", ""),
            "reported_population": reported.get("valeur"),
            "reported_population_source": reported.get("source", ""),
        }
        if created:
            zone = Zone.objects.create(convention=convention, name=data["nom"], **values)
        else:
            zone, _ = Zone.objects.update_or_create(
                convention=convention, name=data["nom"], defaults=values
            )
        saved[zone.name] = zone
        rows += [ZoneCommune(convention=convention, zone=zone, commune=c) for c in communes]
    ZoneCommune.objects.bulk_create(rows)
    return saved


def write_organisations(
    convention, organisations, org_communes, *, created: bool = False
) -> dict[str, Organisation]:
    """The document's organisations, created or updated in place; returns them by ref."""
    existing_orgs = {} if created else {o.ref: o for o in convention.organisations.all()}
    # Free the names first, so two organisations may swap names within one import.
    kept = [o["ref"] for o in organisations]
    for org in existing_orgs.values():
        if org.ref in kept:
            org.name = f"~renaming~{org.pk}"
            org.save(update_fields=["name"])
    saved = {}
    created = []
    for data, commune in zip(organisations, org_communes, strict=True):
        org = existing_orgs.get(data["ref"])
        if org is None:
            org = Organisation(convention=convention, ref=data["ref"])
            created.append((org, data))
        values = ORGANISATION_FIELDS.from_exchange(data, lambda item, raw, c=commune: c)
        if "qualite" not in data and data.get("signataire"):
            values["quality"] = OrganisationQuality.SIGNATORY  # version 1 documents
        for name, value in values.items():
            setattr(org, name, value)
        logo = data.get("logo")  # checked by core_check
        org.logo = base64.b64decode(logo["donnees"]) if logo else None
        org.logo_type = logo["type"] if logo else ""
        if org.pk is not None:
            org.save()
            write_contacts(org, data.get("contacts", []))
        saved[org.ref] = org
    # The new ones and their contacts: one insert per table, nothing saved to compare with.
    Organisation.objects.bulk_create([org for org, _data in created])
    Contact.objects.bulk_create(
        Contact(organisation=org, **_contact_fields(c))
        for org, data in created
        for c in data.get("contacts", [])
    )
    new = {org.pk for org, _data in created}
    # Members once every organisation exists: a group may name organisations listed after it.
    for data in organisations:
        org, members = saved[data["ref"]], [saved[ref] for ref in data.get("membres", [])]
        if org.pk not in new:
            org.members.set(members)
        elif members:
            org.members.add(*members)
    return saved


def contact_key(email: str, function: str, first_name: str, last_name: str) -> tuple:
    """Who a contact is, so a re-import updates it in place (others may point at it)."""
    return ("email", email.lower()) if email else ("name", function, first_name, last_name)


def _contact_fields(data: dict) -> dict:
    return {
        "function": data["fonction"],
        "first_name": data.get("prenom", ""),
        "last_name": data.get("nom", ""),
        "email": data.get("courriel", ""),
        "phone": data.get("telephone", ""),
    }


def write_contacts(org: Organisation, contacts: list[dict]) -> None:
    existing = {
        contact_key(c.email, c.function, c.first_name, c.last_name): c
        for c in org.contacts.order_by("pk")
    }
    kept = []
    for data in contacts:
        fields = _contact_fields(data)
        key = contact_key(
            fields["email"], fields["function"], fields["first_name"], fields["last_name"]
        )
        contact = existing.pop(key, None) or Contact(organisation=org)
        for name, value in fields.items():
            setattr(contact, name, value)
        contact.save()
        kept.append(contact.pk)
    org.contacts.exclude(pk__in=kept).delete()


def write_members(convention, members, organisations, *, created: bool = False) -> dict:
    """The CTG's members as the document lists them (accounts created when needed); returns
    their accounts by e-mail. `created`: a new CTG, which has no membership yet."""
    User = get_user_model()
    users = {}
    # Accounts in e-mail order: two imports sharing accounts lock them in the same order.
    for data in sorted(members, key=lambda m: m["courriel"].lower()):
        user, new_user = User.objects.get_or_create(email=data["courriel"].lower())
        if new_user:
            user.set_unusable_password()
        user.first_name = data.get("prenom", user.first_name)
        user.last_name = data.get("nom", user.last_name)
        user.save()
        values = {"role": data["role"], "organisation": organisations.get(data.get("organisation"))}
        if created:
            Membership.objects.create(convention=convention, user=user, **values)
        else:
            Membership.objects.update_or_create(convention=convention, user=user, defaults=values)
        users[user.email] = user
    if not created:
        convention.memberships.exclude(user__in=[u.pk for u in users.values()]).delete()
    return users
