"""Signed-in requests at the cost of a minimal one: the session, then one query.

A signed-in page under /ctg/<slug>/ needs the session, the user, the CTG, the user's role in it
and the revisions that key the page cache (core/page_cache.py). The session is read from the
database at every request, so a logout or a password change revokes it on every server at
once. Everything else comes from ONE query (`preload`): the revisions "site" (bumped by every
write), "all", "user:<id>" (bumped when the user or one of their memberships is saved) and the
CTG's own, with the CTG's id found by its slug. The user, the CTG and the user's roles are then
taken from this process's memory when they were kept at the same revisions: since every write
bumps "site", nothing kept can be older than the database. Each request gets its own copy of
what was kept. Switched off with the page cache (settings.CTG_PAGE_CACHE = False), or alone
with settings.CTG_REQUEST_CACHE = False.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.db import connection
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from . import revisions
from .models import Revision

CTG_ID = "#ctg-id"  # the row of `preload` giving the id of the CTG named by the slug
MAX_ENTRIES = 5000

# Kept by this process: key -> (revisions it was read at, object, extra).
_kept: dict[tuple, tuple[tuple[int, ...], object, dict]] = {}


def enabled() -> bool:
    return getattr(settings, "CTG_REQUEST_CACHE", getattr(settings, "CTG_PAGE_CACHE", True))


def reset() -> None:
    """Forget everything kept (tests that rewrite the database behind the revisions' back)."""
    _kept.clear()


def user_key(user_id) -> str:
    return f"user:{user_id}"


def _session_user_id(request):
    return request.session.get(SESSION_KEY) if hasattr(request, "session") else None


def preload(request, *, slug: str | None = None, table: str | None = None, user_id=None) -> dict:
    """The revisions this request needs, read in one query and kept on the request.

    With `slug` and `table` (the CTG table), also the CTG's id (key CTG_ID) and its revision.
    A second call with the same arguments costs nothing.
    """
    loaded = getattr(request, "_ctg_revisions", None)
    if user_id is None:
        if loaded is not None and slug in (None, loaded[0][0]):
            return loaded[1]  # whoever the request's user is, they were loaded with it
        user_id = _session_user_id(request)
    if loaded is not None and loaded[0][1] == user_id and slug in (None, loaded[0][0]):
        return loaded[1]
    quote = connection.ops.quote_name
    revision_table = quote(Revision._meta.db_table)
    keys = [revisions.SITE, revisions.ALL] + ([user_key(user_id)] if user_id else [])
    sql = (
        f"SELECT {quote('key')}, {quote('value')} FROM {revision_table} "
        f"WHERE {quote('key')} IN ({', '.join(['%s'] * len(keys))})"
    )
    params: list = list(keys)
    if slug is not None and table is not None:
        ctg = quote(table)
        sql += (
            f" UNION ALL SELECT %s, id FROM {ctg} WHERE slug = %s"
            f" UNION ALL SELECT {quote('key')}, {quote('value')} FROM {revision_table}"
            f" WHERE {quote('key')} = (SELECT %s || CAST(id AS VARCHAR(20)) FROM {ctg}"
            " WHERE slug = %s)"
        )
        params += [CTG_ID, slug, revisions.convention_key(""), slug]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        values = dict(cursor.fetchall())
    request._ctg_revisions = ((slug, user_id), values)
    return values


def stamp(values: dict, *keys: str) -> tuple[int, ...]:
    return tuple(values.get(key, 0) for key in (revisions.SITE, revisions.ALL, *keys))


def kept(key: tuple, at: tuple[int, ...], load: Callable[[], object]):
    """A copy of the object kept under `key` at revisions `at`, or `load()` kept for next time."""
    entry = _kept.get(key)
    if entry is not None and entry[0] == at:
        return copy.copy(entry[1])
    obj = load()
    if len(_kept) >= MAX_ENTRIES:
        _kept.clear()
    _kept[key] = (at, copy.copy(obj), {})
    return obj


def convention_revisions(request, convention_id: int) -> tuple[int, ...]:
    """`revisions.for_convention`, from the request's preloaded revisions when it has them."""
    loaded = getattr(request, "_ctg_revisions", None)
    if loaded is not None and loaded[1].get(CTG_ID) == convention_id:
        values = loaded[1]
        return (
            values.get(revisions.ALL, 0),
            values.get(revisions.convention_key(convention_id), 0),
        )
    return revisions.for_convention(convention_id)


def share_roles(user, values: dict) -> None:
    """Let `user` find the roles this process already knows at these revisions: the dict
    conventions.perms.role_in fills is kept with the user and shared by the next requests."""
    at = stamp(values, user_key(user.pk))
    key = ("roles", user.pk)
    entry = _kept.get(key)
    if entry is None or entry[0] != at:
        if len(_kept) >= MAX_ENTRIES:
            _kept.clear()
        entry = _kept[key] = (at, None, {})
    user._ctg_roles = entry[2]


def _session_hash_matches(session, user) -> bool:
    session_hash = session.get(HASH_SESSION_KEY)
    return bool(session_hash) and constant_time_compare(session_hash, user.get_session_auth_hash())


def get_user(request):
    """`django.contrib.auth.get_user`, without the user query when this process kept the user
    at the current revisions. The session's backend and hash are checked every time."""
    user_id = _session_user_id(request)
    if not enabled() or user_id is None:
        return auth.get_user(request)
    values = preload(request, user_id=user_id)
    at = stamp(values, user_key(user_id))
    entry = _kept.get(("user", user_id))
    session = request.session
    if (
        entry is not None
        and entry[0] == at
        and session.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        and _session_hash_matches(session, entry[1])
    ):
        user = copy.copy(entry[1])
    else:
        user = auth.get_user(request)
        if user.is_authenticated:
            _kept[("user", user_id)] = (at, copy.copy(user), {})
    if user.is_authenticated:
        share_roles(user, values)
    return user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with `request.user` from `get_user` above."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: get_user(request))
