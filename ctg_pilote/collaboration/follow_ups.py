"""Follow-up of an action (grid, fiche, quick update, API) enters the CTG's feed and tells
those who follow the action. Several saves of one person on one action within BATCH make one
line and one notification (until that notification is e-mailed), so a grid saved field by
field, or a row saved twice, does not flood anyone.

Connected in `CollaborationConfig.ready()` to `plan.signals.action_followed_up`: the plan may
not import this app.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Activity, Follow, Notification, Reason, Verb
from .services import record_activity
from .targets import content_type_of

BATCH = datetime.timedelta(minutes=30)
MAX_EXCERPT = 300


def _merge(excerpt: str, what: list[str]) -> str:
    parts = [p for p in excerpt.split(", ") if p]
    parts += [w for w in what if w not in parts]
    return ", ".join(parts)[:MAX_EXCERPT]


def record_follow_up(*, action, by, what: list[str]) -> Activity:
    """One feed line « a mis à jour » with what changed, batched per person and action."""
    content_type = content_type_of(action)
    recent = (
        Activity.objects.filter(
            convention_id=action.convention_id,
            actor=by,
            verb=Verb.UPDATED,
            content_type=content_type,
            object_id=action.pk,
            created_at__gte=timezone.now() - BATCH,
        )
        .exclude(notifications__emailed_at__isnull=False)
        .first()
    )
    if recent is None:
        return record_activity(
            convention=action.convention,
            actor=by,
            verb=Verb.UPDATED,
            target=action,
            excerpt=_merge("", what),
        )
    recent.excerpt = _merge(recent.excerpt, what)
    recent.save(update_fields=["excerpt"])
    # Someone who started following since the first save is told too (once).
    followers = Follow.objects.filter(content_type=content_type, object_id=action.pk)
    for user_id in followers.exclude(user=by).values_list("user_id", flat=True):
        Notification.objects.get_or_create(
            user_id=user_id, activity=recent, defaults={"reason": Reason.FOLLOW}
        )
    return recent


def on_action_followed_up(sender, *, action, by, what, **kwargs) -> None:
    record_follow_up(action=action, by=by, what=what)
