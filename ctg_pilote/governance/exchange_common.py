"""How the `gouvernance` exchange section names contacts (dates and values: exchange.values)."""

from __future__ import annotations


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
