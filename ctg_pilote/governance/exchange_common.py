"""Shared helpers of the `gouvernance` exchange section: dates and how contacts are named."""

from __future__ import annotations

import datetime

from django.utils import timezone


def _put(target: dict, key: str, value) -> None:
    if value not in (None, "", [], {}, False):
        target[key] = value


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _dt(value: str | None) -> datetime.datetime | None:
    if not value:
        return None
    return timezone.make_aware(datetime.datetime.fromisoformat(value))


def _dt_text(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    local = timezone.localtime(value).replace(microsecond=0)
    return local.strftime("%Y-%m-%dT%H:%M" if local.second == 0 else "%Y-%m-%dT%H:%M:%S")


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def contact_key(contact) -> str:
    """How the document names a contact: e-mail, else "Prénom Nom", else the function."""
    if contact.email:
        return contact.email.lower()
    name = f"{contact.first_name} {contact.last_name}".strip()
    return name or contact.function


def _doc_contact_key(data: dict) -> str:
    if data.get("courriel"):
        return data["courriel"].lower()
    name = f"{data.get('prenom', '')} {data.get('nom', '')}".strip()
    return name or data["fonction"]
