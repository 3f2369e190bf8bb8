"""Text helpers shared by every app."""

import re
import unicodedata
from collections.abc import Callable, Iterable

import nh3

LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Case, accents and ligatures ignored: 'Cœur d'Échillais' -> "coeur d'echillais"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Spaces, hyphens, dashes, apostrophes and dots: "Saint-Agnant" sorts as "saintagnant".
_IGNORED_IN_ORDER = re.compile(r"[\s\-\u2010\u2011\u2013\u2014'\u2019\u02bc.]+")


def french_sort_key(text: str) -> tuple[str, str, str]:
    """French alphabetical order: case, accents, ligatures, hyphens, apostrophes and spaces
    ignored first (Échillais between Champagne and Fouras, « Île-d'Aix » with « Ile d Aix »),
    then the folded text, then the text itself, so equal names keep one stable order."""
    folded = fold(text or "")
    return (_IGNORED_IN_ORDER.sub("", folded), folded, text or "")


def sort_key(text: str) -> tuple[str, str, str]:
    """The key of `sorted_fr`: Échillais between Champagne and Fouras."""
    return french_sort_key(text)


def sorted_fr(items: Iterable, *, key: Callable | None = None) -> list:
    """`items` in French alphabetical order; `key` gives each item's text (default: itself)."""
    return sorted(items, key=lambda item: french_sort_key(str(key(item) if key else item)))


_WHOLE_NUMBER = re.compile(r"[0-9]+")


def is_whole_number(text: str) -> bool:
    """ASCII digits only: "²" or "٣" pass str.isdigit() but int() refuses them."""
    return bool(_WHOLE_NUMBER.fullmatch(text))


def whole_number(text: str, *, maximum: int) -> int | None:
    """`text` read as a whole number from 0 to `maximum`, or None. Only ASCII digits, and never
    more of them than `maximum` has, so int() never meets a number too long to convert."""
    if not is_whole_number(text) or len(text.lstrip("0")) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


RICH_TEXT_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def clean_rich_text(html: str) -> str:
    """Rich text typed or pasted by people (meeting minutes): keep the structure, drop the rest
    (scripts, event handlers, styles, other sites' images). Run when saved and when shown."""
    return nh3.clean(
        html or "",
        tags=RICH_TEXT_TAGS,
        attributes={"a": {"href"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
