"""A person's account, memberships and CAF scopes bump their revision ("user:<id>") whenever they are saved
or deleted, whoever saves them (page, API, command, administration): the user and roles kept
by core/request_cache.py are then read again at their next request."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save

from ctg_pilote.core import revisions
from ctg_pilote.core.request_cache import user_key

from .caf_scopes import CafScope
from .models import Membership


def _bump_user(user_id) -> None:
    if user_id is not None:
        revisions.bump_keys([user_key(user_id)])


def user_changed(sender, instance, **kwargs) -> None:
    _bump_user(instance.pk)


def membership_changed(sender, instance, **kwargs) -> None:
    _bump_user(instance.user_id)


def scope_changed(sender, instance, **kwargs) -> None:
    _bump_user(instance.user_id)


def scope_epcis_changed(sender, instance, reverse, pk_set, **kwargs) -> None:
    if not reverse:
        _bump_user(instance.user_id)
        return
    users = CafScope.objects.filter(pk__in=pk_set or ()).values_list("user_id", flat=True)
    revisions.bump_keys([user_key(user_id) for user_id in set(users)])


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(user_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="ctg-user-rev")
        signal.connect(membership_changed, sender=Membership, dispatch_uid="ctg-member-rev")
        signal.connect(scope_changed, sender=CafScope, dispatch_uid="ctg-scope-rev")
    m2m_changed.connect(
        scope_epcis_changed, sender=CafScope.epcis.through, dispatch_uid="ctg-scope-e"
    )
