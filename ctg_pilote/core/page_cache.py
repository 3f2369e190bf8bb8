"""Serving often-read pages from a cache without ever serving stale data.

A cached response is keyed by the revisions it was rendered at (core/revisions.py, read from
the database at each request), the person (their pages show their rights and their CSRF
token), the day (late actions depend on it) and the full address. The cache itself may be
local to each process ("pages" cache): freshness comes from the revisions, which every app
server reads from the same database. Responses carrying messages, cookies or errors are not
cached. Switched off by settings.CTG_PAGE_CACHE = False.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from . import request_cache, revisions

CACHE_ALIAS = "pages"


def enabled() -> bool:
    return getattr(settings, "CTG_PAGE_CACHE", True) and CACHE_ALIAS in settings.CACHES


def key_for(request, scope: str, revision: tuple[int, ...]) -> str:
    user_id = request.user.pk if request.user.is_authenticated else 0
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    raw = "|".join(
        [
            scope,
            ".".join(map(str, revision)),
            str(user_id),
            csrf_cookie,
            timezone.localdate().isoformat(),
            request.get_host(),
            request.get_full_path(),
        ]
    )
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _cacheable_request(request) -> bool:
    return request.method == "GET" and not request.session.get("_messages")


def _cacheable_response(request, response) -> bool:
    # A page that used a CSRF token for a visitor without a CSRF cookie holds a token made for
    # the cookie this response is about to give them: it cannot be shared.
    new_csrf_cookie = settings.CSRF_COOKIE_NAME not in request.COOKIES and request.META.get(
        "CSRF_COOKIE_NEEDS_UPDATE"
    )
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not new_csrf_cookie
    )


def lookup_or_render(request, scope: str, revision: tuple[int, ...], render):
    """The cached response for this request, or `render()` stored for the next time."""
    if not enabled() or not _cacheable_request(request):
        return render()
    cache = caches[CACHE_ALIAS]
    key = key_for(request, scope, revision)
    response = cache.get(key)
    if response is not None:
        return response
    response = render()
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    if _cacheable_response(request, response):
        cache.set(key, response)
    return response


def cached_ctg_page(view):
    """For a view decorated by convention_view: `@convention_view(check)` then `@cached_ctg_page`."""

    @wraps(view)
    def wrapper(request, convention, *args, **kwargs):
        if not enabled():
            return view(request, convention, *args, **kwargs)
        return lookup_or_render(
            request,
            f"{view.__module__}.{view.__name__}",
            request_cache.convention_revisions(request, convention.pk),
            lambda: view(request, convention, *args, **kwargs),
        )

    return wrapper


def cached_site_page(view):
    """For a public page built from every CTG's data (e.g. the directory of services)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled():
            return view(request, *args, **kwargs)
        return lookup_or_render(
            request,
            f"{view.__module__}.{view.__name__}",
            revisions.current(revisions.SITE),
            lambda: view(request, *args, **kwargs),
        )

    return wrapper
