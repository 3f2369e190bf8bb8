"""Loading a CTG for a view and checking the permission in one step.

The rules themselves live in each app's `perms.py` and carry their refusal (`perms.rule`);
the decorators here ask them and, on a refusal, show that sentence. `require` is the one place
that turns a refusal into a 403, for pages and API alike.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ctg_pilote.core import request_cache

from .models import Convention

Check = Callable[..., bool]


def require(check: Check, user, *objects) -> None:
    """Refuse (403, with the rule's own sentence) unless `check(user, *objects)` allows it."""
    if not check(user, *objects):
        raise PermissionDenied(str(check.refusal))


def load_convention(request, slug: str) -> Convention:
    """The CTG named by `slug` (a 404 otherwise), kept by this process between requests while
    no write happened (core/request_cache.py); each request gets its own copy."""
    if not request_cache.enabled():
        return get_object_or_404(Convention, slug=slug)
    values = request_cache.preload(request, slug=slug, table=Convention._meta.db_table)
    pk = values.get(request_cache.CTG_ID)
    if pk is None:
        raise Http404("No Convention matches the given query.")
    return request_cache.kept(
        ("convention", pk), request_cache.stamp(values), lambda: Convention.objects.get(pk=pk)
    )


def convention_view(check: Check):
    """Decorate a view taking `slug`: load the CTG, ask `check(user, convention)`, pass it on.

    Anonymous visitors go to the sign-in page; signed-in people without the right get a 403
    page saying why (the rule's `refusal`). Objects below the CTG must then be fetched through
    `convention`, so an id from another CTG gives a 404.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            if request_cache.enabled():
                # One query for the revisions of the user and of the CTG, before either is read.
                request_cache.preload(request, slug=slug, table=Convention._meta.db_table)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            convention = load_convention(request, slug)
            require(check, request.user, convention)
            request.convention = convention
            return view(request, convention, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator


def requires(check: Check, lookup: Callable | None = None, *, methods=None):
    """Below `convention_view`: a second rule, on an object of the CTG or on the CTG itself.

    With `lookup`, `lookup(convention, **url_kwargs)` fetches the object the URL names (a 404
    when it is not in this CTG), `check(user, obj)` must allow it, and the view receives the
    object instead of the URL's ids. Without, `check(user, convention)` is asked. `methods`
    limits the check to those HTTP methods (e.g. a page anyone reads but only editors post).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, convention, *args, **kwargs):
            checked = methods is None or request.method in methods
            if lookup is None:
                if checked:
                    require(check, request.user, convention)
                return view(request, convention, *args, **kwargs)
            obj = lookup(convention, *args, **kwargs)
            if checked:
                require(check, request.user, obj)
            return view(request, convention, obj)

        wrapper.object_check = check
        return wrapper

    return decorator


def user_view(check: Check):
    """A page outside any CTG: anonymous visitors sign in, then `check(user)` must allow it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(check, request.user)
            return view(request, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator


def public_convention_view(check: Check):
    """Decorate a page anyone may open (families, the public) when `check(user, convention)`
    allows it, e.g. once the CTG is published; otherwise a 404 saying the rule's `refusal`, as
    if it did not exist. No sign-in is asked. Sets `permission_check` like `convention_view`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            convention = get_object_or_404(Convention, slug=slug)
            if not check(request.user, convention):
                raise Http404(str(check.refusal))
            request.convention = convention
            return view(request, convention, *args, **kwargs)

        wrapper.permission_check = check
        return wrapper

    return decorator
