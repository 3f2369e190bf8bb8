"""The one write route of comments, follows and the activity feed; each activity notifies the
people it mentions and those who follow its object (sent later, in batches: `notifications.py`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .mentions import members_named
from .models import MAX_COMMENT, Activity, Comment, Follow, Notification, Reason, Verb
from .targets import content_type_of, label_of, url_of


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Le commentaire est vide : rien n'a été enregistré.")})
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            {
                "text": _("Le commentaire dépasse %(max)d caractères (%(n)d).")
                % {"max": MAX_COMMENT, "n": len(text)}
            }
        )
    return text


def record_activity(
    *, convention, actor, verb: str, target, excerpt: str = "", comment=None, mentioned=()
) -> Activity:
    """Add a line to the CTG's feed and notify the mentioned people and the followers (never
    the actor)."""
    content_type = content_type_of(target)
    activity = Activity.objects.create(
        convention=convention,
        actor=actor,
        verb=verb,
        content_type=content_type,
        object_id=target.pk,
        target_label=label_of(target),
        target_url=url_of(target),
        excerpt=excerpt[:300],
        comment=comment,
    )
    told = {actor.pk} if actor else set()
    for user in mentioned:
        if user.pk not in told:
            Notification.objects.create(user=user, activity=activity, reason=Reason.MENTION)
            told.add(user.pk)
    followers = Follow.objects.filter(content_type=content_type, object_id=target.pk)
    for user_id in followers.values_list("user_id", flat=True):
        if user_id not in told:
            Notification.objects.create(user_id=user_id, activity=activity, reason=Reason.FOLLOW)
            told.add(user_id)
    return activity


@transaction.atomic
def post_comment(*, convention, target, by, text: str) -> tuple[Comment, list[str]]:
    """Save a comment, follow its object for its author, and notify. Returns the comment and
    the names after « @ » that match no member of the CTG (nobody was told)."""
    text = _clean_text(text)
    mentioned, unknown = members_named(convention, text)
    comment = Comment.objects.create(
        convention=convention,
        content_type=content_type_of(target),
        object_id=target.pk,
        author=by,
        text=text,
    )
    comment.mentions.set(mentioned)
    follow(convention=convention, target=target, user=by)
    record_activity(
        convention=convention,
        actor=by,
        verb=Verb.COMMENTED,
        target=target,
        excerpt=text,
        comment=comment,
        mentioned=mentioned,
    )
    return comment, unknown


@transaction.atomic
def edit_comment(*, comment: Comment, text: str) -> Comment:
    """The author changes their text; people newly mentioned are told."""
    text = _clean_text(text)
    mentioned, _unknown = members_named(comment.convention, text)
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.text = text
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    comment.mentions.set(mentioned)
    new = [u for u in mentioned if u.pk not in before and u.pk != comment.author_id]
    activity = comment.activities.first()
    if activity is not None:
        activity.excerpt = text[:300]
        activity.save(update_fields=["excerpt"])
        for user in new:
            Notification.objects.get_or_create(
                user=user, activity=activity, defaults={"reason": Reason.MENTION}
            )
    return comment


def delete_comment(*, comment: Comment) -> None:
    """Its feed line stays, without the text (« commentaire supprimé »)."""
    with transaction.atomic():
        comment.activities.update(excerpt="")
        comment.delete()


def follow(*, convention, target, user) -> Follow:
    found, _created = Follow.objects.get_or_create(
        user=user,
        content_type=content_type_of(target),
        object_id=target.pk,
        defaults={"convention": convention},
    )
    return found


def unfollow(*, target, user) -> None:
    Follow.objects.filter(
        user=user, content_type=content_type_of(target), object_id=target.pk
    ).delete()


def is_following(*, target, user) -> bool:
    return Follow.objects.filter(
        user=user, content_type=content_type_of(target), object_id=target.pk
    ).exists()
