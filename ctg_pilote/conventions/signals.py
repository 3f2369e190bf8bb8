"""A person's account and memberships bump their revision ("user:<id>") whenever they are saved
or deleted, whoever saves them (page, API, command, administration): the user and roles kept
by core/request_cache.py are then read again at their next request."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from ctg_pilote.core import revisions
from ctg_pilote.core.request_cache import user_key

from .models import Membership


def _bump_user(user_id) -> None:
    if user_id is not None:
        revisions.bump_keys([user_key(user_id)])


def user_changed(sender, instance, **kwargs) -> None:
    _bump_user(instance.pk)


def membership_changed(sender, instance, **kwargs) -> None:
    _bump_user(instance.user_id)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="ctg-user-rev")
        signal.connect(membership_changed, sender=Membership, dispatch_uid="ctg-member-rev")
