"""Project-wide rules that every new view, model or template must keep."""

from django.urls import URLPattern, URLResolver, get_resolver


def walk(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_every_view_under_a_ctg_checks_permissions_through_perms():
    """A view whose URL names a CTG (<slug:slug>) must go through convention_view(perm), or
    for the API through ConventionScopedMixin (same permission functions)."""
    ctg_routes = [
        (route, pattern)
        for route, pattern in walk(get_resolver().url_patterns)
        if "<slug:slug>" in route and not route.startswith("admin/")
    ]
    assert len(ctg_routes) > 10  # the walk does find the CTG views
    unguarded = [r for r, p in ctg_routes if not guarded(p.callback)]
    assert unguarded == []


def guarded(callback) -> bool:
    """A page through convention_view, or an API view built on ConventionScopedMixin."""
    from ctg_pilote.api.views.base import ConventionScopedMixin

    api_view = getattr(callback, "cls", None)
    if api_view is not None:
        return issubclass(api_view, ConventionScopedMixin)
    return hasattr(callback, "permission_check")
