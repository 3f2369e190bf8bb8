"""Text helpers shared by every app."""

import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Case, accents and ligatures ignored: 'Cœur d'Échillais' -> "coeur d'echillais"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def sort_key(text: str) -> str:
    """French alphabetical order: Échillais between Champagne and Fouras."""
    return fold(text)
