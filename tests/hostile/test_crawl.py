"""Every URL, for every role, on the hostile CTG: no server error, no markup from the data
running in a page, no formula in a spreadsheet, and every file opens in its format.

When a fix lands, its case passes, the strict xfail below fails: remove its entry."""

import pytest
from django.conf import settings

from .build import ROLES
from .checks import CHECKS, body, kind_of
from .urls import SKIPPED, all_cases, all_patterns, path_of

# (case label, role, check) -> what goes wrong today. The check is the response's format
# ("html", "csv", "xlsx"...), "500" for a server error or "format" for an unknown one.
KNOWN_FAILURES: dict[tuple[str, str, str], str] = {}


class CheckFailed(AssertionError):
    """A response broke a rule of its format."""


CHECK_ERRORS = {
    check: type(f"{check.capitalize()}CheckFailed", (CheckFailed,), {})
    for check in [*CHECKS, "500", "format"]
}


# Access to the admin depends only on is_staff: one signed-in person without it is enough.
ADMIN_ROLES = ("anonyme", "coordinateur", "admin")


def roles_of(case) -> tuple[str, ...]:
    return ADMIN_ROLES if case.pattern.route.startswith("admin/") else ROLES


def _params():
    known = {(label, role): check for label, role, check in KNOWN_FAILURES}
    params = []
    for case in all_cases():
        for role in roles_of(case):
            marks = []
            if (case.label, role) in known:
                check = known[(case.label, role)]
                marks.append(
                    pytest.mark.xfail(
                        strict=True,
                        raises=CHECK_ERRORS[check],
                        reason=KNOWN_FAILURES[(case.label, role, check)],
                    )
                )
            params.append(pytest.param(case, role, marks=marks, id=f"{case.label}-{role}"))
    return params


def test_every_url_is_crawled_or_skipped(hostile, db):
    unknown = sorted(
        {
            f"{c.pattern.name} ({c.pattern.route})"
            for c in all_cases()
            if path_of(hostile, c) is None
        }
    )
    assert not unknown, (
        "Arguments inconnus : remplissez-les dans tests/hostile/urls.py, ou ajoutez l'URL à "
        "SKIPPED avec la raison :\n" + "\n".join(unknown)
    )


def test_skipped_urls_exist():
    names = {pattern.name for pattern in all_patterns()}
    assert sorted(set(SKIPPED) - names) == []


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("conventions:detail", "coordinateur"),
        ("plan:action", "partenaire"),
        ("public:page", "anonyme"),
    ],
)
def test_the_hostile_texts_reach_the_pages_escaped(url_name, role, hostile, sessions, client, db):
    """The crawl only proves something if the payloads are on the pages: they are, as text."""
    from django.urls import reverse

    kwargs = {"slug": hostile.convention.slug}
    if url_name == "plan:action":
        kwargs["pk"] = hostile.action.pk
    if role != "anonyme":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    page = client.get(reverse(url_name, kwargs=kwargs)).content.decode()
    assert page.count("&lt;img src=x onerror=alert(1)&gt;") >= 2


def test_known_failures_name_existing_cases():
    cases = {case.label: case for case in all_cases()}
    stale = [
        key
        for key in KNOWN_FAILURES
        if key[0] not in cases
        or key[1] not in roles_of(cases[key[0]])
        or key[2] not in CHECK_ERRORS
    ]
    assert stale == []


@pytest.mark.parametrize(("case", "role"), _params())
def test_crawl(case, role, hostile, sessions, documents_once, client, db):
    path = path_of(hostile, case)
    if path is None:
        pytest.skip("arguments inconnus : voir test_every_url_is_crawled_or_skipped")
    headers = {}
    if role != "anonyme":
        if path.startswith("/api/"):
            headers["Authorization"] = f"Bearer {hostile.values['api_key_' + role]}"
        else:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    try:
        response = client.get(path, headers=headers)
    except Exception as error:
        raise CHECK_ERRORS["500"](f"GET {path} : {type(error).__name__}: {error}") from error
    if response.status_code >= 500:
        raise CHECK_ERRORS["500"](f"GET {path} : {response.status_code}")
    if response.status_code in (204, 301, 302, 303, 304, 307, 308):
        return
    kind = kind_of(response)
    if kind not in CHECKS:
        raise CHECK_ERRORS["format"](f"GET {path} : format non vérifié {kind!r}")
    try:
        CHECKS[kind](body(response))
    except Exception as error:
        raise CHECK_ERRORS[kind](f"GET {path} ({response.status_code}) : {error}") from error
