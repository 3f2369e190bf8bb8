"""How values are written into and read from an exchange document, shared by every section.

Export side: `put` leaves empty optional values out, `number`, `date_text`,
`approximate_date_text`, `datetime_text` and `coordinate` turn model values into document
values. Import side: `decimal`, `date`, `approximate_date` and `datetime` read document values
back, and `authors` finds the accounts a history names. Each pair is exact: export → import → export gives the
same text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ctg_pilote.core.approxdates import ApproximateDate

EMPTY = (None, "", [], {}, False)


def put(target: dict, key: str, value) -> None:
    """Set `target[key]` unless the value is empty (None, "", [], {}, False, hence also 0):
    documents stay short, and an optional value left out reads back as its default."""
    if value not in EMPTY:
        target[key] = value


def number(value: Decimal | None) -> int | float | None:
    """A stored decimal as a document number: 12 rather than 12.00, else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def decimal(value) -> Decimal:
    """A document number as a Decimal, through its text (0.1 stays 0.1)."""
    return Decimal(str(value))


def coordinate(value) -> float | None:
    """A stored latitude or longitude as a document number."""
    return None if value is None else float(value)


def date(value: str | None) -> dt.date | None:
    """A document date (AAAA-MM-JJ), or None when absent or empty."""
    return dt.date.fromisoformat(value) if value else None


def date_text(value: dt.date | None) -> str | None:
    """A stored date as document text (AAAA-MM-JJ), or None."""
    return value.isoformat() if value else None


def approximate_date(value: str | int | None) -> ApproximateDate | None:
    """A document's approximate date ("2021-11", "fin 2023", "2024-T2", or a year written as
    a number), or None when absent or empty. The schema has checked its form."""
    return None if value in (None, "") else ApproximateDate.parse(value)


def approximate_date_text(value: ApproximateDate | None) -> str | None:
    """A stored approximate date as document text, as precise as the source wrote it."""
    return value.exchange if value else None


def datetime(value: str | None) -> dt.datetime | None:
    """A document date and time (AAAA-MM-JJTHH:MM[:SS], local time), made aware."""
    if not value:
        return None
    return timezone.make_aware(dt.datetime.fromisoformat(value))


def datetime_text(value: dt.datetime | None) -> str | None:
    """A stored date and time as document text in local time, to the minute when the seconds
    are zero (the inverse of `datetime`)."""
    if value is None:
        return None
    local = timezone.localtime(value).replace(microsecond=0)
    return local.strftime("%Y-%m-%dT%H:%M" if local.second == 0 else "%Y-%m-%dT%H:%M:%S")


_known_authors: ContextVar[dict | None] = ContextVar("known_authors", default=None)


@contextmanager
def authors_remembered() -> Iterator[None]:
    """While a document's sections are written, the accounts `authors` found (or did not
    find) are remembered: a CTG's forty histories naming the same coordinator cost one
    query, not forty."""
    token = _known_authors.set({})
    try:
        yield
    finally:
        _known_authors.reset(token)


def authors(history: list[dict]) -> dict:
    """The accounts the `auteur` (e-mail) of history entries names, by e-mail, in one query;
    an address no account has names nobody."""
    emails = {h["auteur"] for h in history if "auteur" in h}
    if not emails:
        return {}
    known = _known_authors.get()
    if known is None:
        return {u.email: u for u in get_user_model().objects.filter(email__in=emails)}
    if missing := emails - known.keys():
        known.update(dict.fromkeys(missing))
        known.update({u.email: u for u in get_user_model().objects.filter(email__in=missing)})
    return {email: known[email] for email in emails if known[email] is not None}
