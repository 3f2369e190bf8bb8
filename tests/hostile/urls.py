"""Every GET-able URL of the project, walked from Django's resolver, with its arguments taken
from the hostile CTG. A URL whose arguments nothing here knows how to fill makes the crawl
fail (test_every_url_is_crawled_or_skipped): fill it below, or skip it with a reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# URL name (or route, for unnamed patterns) -> why it is not crawled.
SKIPPED: dict[str, str] = {
    "admin/(?P<url>.*)$": "the admin's catch-all: any unknown address under /admin/, "
    "answered by a redirect to the sign-in page or a 404; no data of the CTG",
}

# Unnamed patterns: their route -> a path they answer.
UNNAMED = {r"api/^[\s\S]*$": "/api/v1/inconnu/"}

KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


@dataclass(frozen=True)
class Pattern:
    name: str  # "namespace:name", or the route when the pattern has none
    route: str
    kwargs: tuple[str, ...]


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            else:
                name = route
            kwargs = tuple(a or b for a, b in KWARG.findall(route))
            yield Pattern(name=name, route=route, kwargs=kwargs)


def all_patterns() -> list[Pattern]:
    seen, result = set(), []
    for pattern in walk(get_resolver().url_patterns):
        if pattern.name not in seen:  # the first match wins, as in the resolver
            seen.add(pattern.name)
            result.append(pattern)
    return result


def segment_before(route: str, kwarg: str) -> str:
    """The literal path segment just before an argument: "zones" in zones/<int:pk>/."""
    at = route.find(f"{kwarg}>")
    head = route[: route.rfind("<", 0, at)].rstrip("/")
    return head.rsplit("/", 1)[-1]


# (segment before, argument) and segment alone -> name of an object of the hostile CTG.
OBJECT_BY_SEGMENT_KWARG = {
    ("membres", "member_pk"): "instance_member",
    ("blocs", "block_pk"): "synthesis_block",
}
# A part of the route -> the object, where the segment alone is ambiguous ("elements").
OBJECT_BY_ROUTE_PART = {
    "syntheses/elements/": "synthesis_item",
}
OBJECT_BY_SEGMENT = {
    "jetons": "token",
    "zones": "zone",
    "organisations": "organisation",
    "contacts": "contact",
    "membres": "membership",
    "enquetes": "survey",
    "actions": "action",
    "documents": "document",
    "elements": "node",
    "noeuds": "node",
    "evaluation": "node",
    "indicateurs": "indicator",
    "instantanes": "snapshot",
    "instances": "instance",
    "reunions": "meeting",
    "decisions": "decision",
    "dates": "key_date",
    "phases": "phase",
    "dispositifs": "scheme",
    "partenaires": "partner",
    "votes": "vote",
    "services": "offer",
    "offre": "offer",
    "blocs": "synthesis_block",
    "chiffres": "key_figure",
    "enjeux-transversaux": "cross_cutting_issue",
    "bilans-adoptes": "adopted_bilan",
    "suivi": "action",
    "commentaires": "comment",
}


def _admin_object(h, route: str):
    """The object of the hostile CTG an admin page shows, found by its route."""
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            for candidate in [h.convention, *h.users.values(), *h.objects.values()]:
                if isinstance(candidate, model):
                    return candidate
    return None


def kwarg_value(h, pattern: Pattern, kwarg: str):
    """The value of one argument, or None when nothing knows it."""
    segment = segment_before(pattern.route, kwarg)
    if pattern.name.startswith(("admin:", "admin/")) and kwarg in ("object_id", "id"):
        obj = _admin_object(h, pattern.route)
        return None if obj is None else obj.pk
    if kwarg == "slug":
        return h.convention.slug
    if kwarg in ("pk", "id") or kwarg.endswith("_pk"):
        by_route = [k for part, k in OBJECT_BY_ROUTE_PART.items() if part in pattern.route]
        key = (
            (by_route[0] if by_route else None)
            or OBJECT_BY_SEGMENT_KWARG.get((segment, kwarg))
            or OBJECT_BY_SEGMENT.get(segment)
        )
        obj = h.objects.get(key) if key else None
        return None if obj is None else obj.pk
    by_segment = {
        ("departements", "code"): h.departement.code,
        ("communes", "code"): h.commune.code,
        ("epci", "siren"): h.epci.siren,
        ("agenda", "token"): h.calendar_token.token,
        ("vote", "token"): h.ballot.code,
        ("valeurs", "annee"): h.values["indicator_year"],
        ("desinscription", "token"): h.values["unsubscribe_token"],
    }
    if (segment, kwarg) in by_segment:
        return by_segment[(segment, kwarg)]
    if kwarg == "position":
        return 1
    if kwarg == "year":
        return h.values["bilan_year"]
    return None


def _static_kwargs() -> dict[str, list[dict]]:
    """URLs whose arguments are enumerated: every kind, format and dataset is crawled."""
    from ctg_pilote.pilotage.models import BilanKind
    from ctg_pilote.publication.opendata import DATASETS
    from ctg_pilote.reports.bilan import FORMATS

    return {
        "pilotage:bilan": [{"kind": k} for k in BilanKind.values],
        "pilotage:bilan_edit": [{"kind": k} for k in BilanKind.values],
        "pilotage:bilan_export": [{"kind": k, "fmt": f} for k in BilanKind.values for f in FORMATS],
        "pilotage:bilan_compare": [{"kind": k} for k in BilanKind.values],
        "pilotage:bilan_adopt": [{"kind": k} for k in BilanKind.values],
        "pilotage:adopted_bilan_file": [{"fmt": f} for f in FORMATS],
        "public:open_data_file": [
            {"dataset": d, "fmt": f} for d in DATASETS for f in ("csv", "json")
        ],
        "admin:app_list": [
            {"app_label": label}
            for label in sorted({m._meta.app_label for m in admin.site._registry})
        ],
    }


def _dynamic_kwargs(h, name: str) -> dict | None:
    """Arguments that go together and that no path segment names."""
    if name == "accounts:password_reset_confirm":
        return {"uidb64": h.values["uidb64"], "token": h.values["reset_token"]}
    if name in ("collaboration:comment_add", "collaboration:follow"):
        return {"kind": "action", "pk": h.objects["action"].pk}
    if name == "admin:view_on_site":
        content_type = ContentType.objects.get_for_model(h.convention)
        return {"content_type_id": content_type.pk, "object_id": h.convention.pk}
    return None


# Query strings worth crawling besides the bare URL ({commune}: an INSEE code of the CTG).
QUERIES = {
    "directory:search": ["commune={commune}"],
    "diagnostic:portrait": ["indicateur=taux-couverture-petite-enfance"],
    "plan:index": ["q=%3Cimg"],
}


@dataclass(frozen=True)
class Case:
    label: str  # what KNOWN_FAILURES name: the URL name, its enumerated arguments, its query
    pattern: Pattern
    fixed: tuple = ()
    query: str = ""

    def __str__(self) -> str:
        return self.label


def all_cases() -> list[Case]:
    """The crawl's cases, known before the database exists (pytest collects them)."""
    static = _static_kwargs()
    cases = []
    for pattern in all_patterns():
        if pattern.name in SKIPPED:
            continue
        for fixed in static.get(pattern.name, [{}]):
            suffix = "[" + ".".join(str(v) for v in fixed.values()) + "]" if fixed else ""
            cases.append(Case(pattern.name + suffix, pattern, tuple(fixed.items())))
        for query in QUERIES.get(pattern.name, []):
            cases.append(Case(f"{pattern.name}?{query.split('=')[0]}", pattern, query=query))
    return cases


def path_of(h, case: Case) -> str | None:
    """The path a case requests, or None when nothing knows its arguments."""
    pattern = case.pattern
    if pattern.name in UNNAMED:
        return UNNAMED[pattern.name]
    if pattern.name == pattern.route:  # unnamed: its arguments are put in the route's text
        path = pattern.route
        for kwarg in pattern.kwargs:
            value = kwarg_value(h, pattern, kwarg)
            if value is None:
                return None
            path = re.sub(rf"<(\w+:)?{kwarg}>", str(value), path)
        return "/" + path
    kwargs = dict(case.fixed)
    kwargs.update(_dynamic_kwargs(h, pattern.name) or {})
    for kwarg in pattern.kwargs:
        if kwarg not in kwargs:
            kwargs[kwarg] = kwarg_value(h, pattern, kwarg)
    if any(v is None for v in kwargs.values()):
        return None
    path = reverse(pattern.name, kwargs=kwargs)
    if case.query:
        path += "?" + case.query.format(commune=h.commune.code)
    return path
