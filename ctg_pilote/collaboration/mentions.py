"""@mentions in a comment: `@` followed by a member's e-mail address, or by its part before the
« @ » when only one member of the CTG has it (`@coordinateur` for coordinateur@exemple.fr)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

from ctg_pilote.conventions.models import Membership

MENTION = re.compile(r"(?<![\w.])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")


def handles(text: str) -> list[str]:
    """The names written after « @ », lower-cased, in order, without repeats."""
    seen: list[str] = []
    for match in MENTION.finditer(text):
        name = match.group(1).rstrip(".").lower()
        if name and name not in seen:
            seen.append(name)
    return seen


def members_named(convention, text: str) -> tuple[list, list[str]]:
    """(the members of the CTG the text mentions, the names that match no member)."""
    names = handles(text)
    if not names:
        return [], []
    User = get_user_model()
    members = list(
        User.objects.filter(
            pk__in=Membership.objects.filter(convention=convention).values("user_id"),
            is_active=True,
        )
    )
    by_email = {u.email.lower(): u for u in members}
    by_local: dict[str, list] = {}
    for user in members:
        by_local.setdefault(user.email.lower().split("@")[0], []).append(user)
    found, unknown = [], []
    for name in names:
        user = by_email.get(name)
        if user is None and len(by_local.get(name, [])) == 1:
            user = by_local[name][0]
        if user is None:
            unknown.append(name)
        elif user not in found:
            found.append(user)
    return found, unknown
