"""Revisions: how pages served from a cache stay exactly as fresh as the database.

Every successful write request (POST, PUT, PATCH, DELETE answered below 400) bumps the
revision of the CTG it was about and the site-wide one (`RevisionMiddleware`); commands that
write (imports, demo, restore) call `bump_all()`. A cached page's key holds the revisions read
from the database at each request (one query), so every app server serves a fresh page as soon
as anything changed, whichever server or command changed it. See core/page_cache.py.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F

from .models import Revision

SITE = "site"
ALL = "all"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def convention_key(convention_id: int) -> str:
    return f"ctg:{convention_id}"


_deferred: ContextVar[set[str] | None] = ContextVar("deferred_revisions", default=None)


@contextmanager
def deferred() -> Iterator[None]:
    """Inside one transaction that writes many objects (an import), the keys their saves bump
    are gathered and bumped once, at the end of the block, in one write."""
    if _deferred.get() is not None:
        yield  # already gathered by an enclosing block
        return
    keys: set[str] = set()
    token = _deferred.set(keys)
    try:
        yield
    finally:
        _deferred.reset(token)
    if keys:
        _increment(sorted(keys))


def _increment(keys: list[str]) -> None:
    if (gathered := _deferred.get()) is not None:
        gathered.update(keys)
        return
    # No savepoint of its own: inside a larger transaction it lives and dies with it.
    with transaction.atomic(savepoint=False):
        Revision.objects.bulk_create([Revision(key=key) for key in keys], ignore_conflicts=True)
        Revision.objects.filter(key__in=keys).update(value=F("value") + 1)


def bump(convention_id: int | None = None) -> None:
    """Something changed: in this CTG if given, somewhere otherwise."""
    keys = [SITE] if convention_id is None else [SITE, convention_key(convention_id)]
    _increment(keys)


def bump_keys(keys: list[str]) -> None:
    """Bump these keys alone (e.g. "user:<id>", see core/request_cache.py)."""
    _increment(keys)


def bump_all() -> None:
    """Anything may have changed, in every CTG (imports, restores, administration)."""
    _increment([SITE, ALL])


def current(*keys: str) -> tuple[int, ...]:
    """The revisions of these keys, in this order (0 for a key never bumped)."""
    values = dict(Revision.objects.filter(key__in=keys).values_list("key", "value"))
    return tuple(values.get(key, 0) for key in keys)


def for_convention(convention_id: int) -> tuple[int, ...]:
    return current(ALL, convention_key(convention_id))


class RevisionMiddleware:
    """Bump the revisions after every successful write request.

    The CTG is the one the view loaded (`request.convention`, set by convention_view and the
    API's ConventionScopedMixin); writes through the administration may touch any CTG.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            if request.path.startswith("/admin/"):
                bump_all()
            else:
                convention = getattr(request, "convention", None)
                bump(getattr(convention, "pk", None))
        return response
