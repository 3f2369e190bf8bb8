"""How the `gouvernance` exchange section names contacts and phases, and reads the legacy
keys of version 1 (dates and values: exchange.values)."""

from __future__ import annotations

from django.utils.text import slugify

from ctg_pilote.core.approxdates import DAY, MONTH, YEAR, ApproximateDate
from ctg_pilote.exchange.values import approximate_date

from .models import CnafPhase


def contact_key(contact) -> str:
    """How the document names a contact: e-mail, else "Prénom Nom", else the function."""
    if contact.email:
        return contact.email.lower()
    name = f"{contact.first_name} {contact.last_name}".strip()
    return name or contact.function


def document_contact_key(data: dict) -> str:
    """How the document names one of its own contacts (the same rule as `contact_key`)."""
    if data.get("courriel"):
        return data["courriel"].lower()
    name = f"{data.get('prenom', '')} {data.get('nom', '')}".strip()
    return name or data["fonction"]


def action_name(action) -> str:
    """How a document names a plan action: its ref when it has one (no number, or a number
    shared with another action), else its number (plan/action_refs.py)."""
    return action.ref or action.number


def phase_refs(phases: list[dict]) -> list[str]:
    """The ref of each phase of the document: `ref`, else the legacy `phase` code, else one
    made from its title (made ones never collide with the others)."""
    given = [p.get("ref") or p.get("phase") or "" for p in phases]
    taken = set(given)
    refs = []
    for ref, phase in zip(given, phases, strict=True):
        if not ref:
            base = slugify(phase.get("intitule", ""))[:50].strip("-") or "phase"
            ref, n = base, 1
            while ref in taken:
                n += 1
                ref = f"{base}-{n}"
            taken.add(ref)
        refs.append(ref)
    return refs


def phase_title(phase: dict) -> str:
    """A phase's title: `intitule`, else the CNAF label of a legacy `phase` code."""
    if phase.get("intitule"):
        return phase["intitule"]
    code = phase.get("phase")
    return str(CnafPhase(code).label) if code in CnafPhase.values else ""


def key_date_status(data: dict) -> str:
    """`statut`, else the legacy `realisee` (true: réalisée, false: à faire), else ""."""
    if "statut" in data:
        return data["statut"]
    if "realisee" in data:
        return "realisee" if data["realisee"] else "a_faire"
    return ""


def approximate(value, precision: str = "") -> ApproximateDate | None:
    """A document's approximate date; the legacy `precision` (mois, annee) of version 1 turns
    "2022-01-01" into the month or the year it stood for."""
    when = approximate_date(value)
    if when is None:
        return None
    if when.precision == DAY and precision == "mois":
        return ApproximateDate(when.year, when.month, 1, MONTH)
    if when.precision == DAY and precision == "annee":
        return ApproximateDate(when.year, 1, 1, YEAR)
    return when
