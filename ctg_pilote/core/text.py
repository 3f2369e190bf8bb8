"""Text helpers shared by every app."""

import unicodedata


def sort_key(text: str) -> str:
    """French alphabetical order: accents and case ignored (Échillais between Champagne and Fouras)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
