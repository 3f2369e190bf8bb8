"""Deleting an object of a CTG, or saying in French why it cannot be deleted.

The rules live on the foreign keys (see docs/securite.md): CASCADE where the child means
nothing without its parent, RESTRICT where the exchange document requires the link (a
decision's owner, an action's place in the plan) or where a silent deletion would lose someone's
work. RESTRICT rather than PROTECT, so that deleting a whole CTG still takes everything with it.

A model holding such a link may say how it reads, next to its fields::

    deletion_holds = {"pilot": ngettext_lazy("pilote %(count)d action", "pilote ...", "count")}

and which of them the person deleting may move to a replacement of their choice, when no other
page changes them (a decision's owner)::

    deletion_reassignable = ("owner_organisation",)

Pages show the refusal as a message; the API answers 409 (`api.errors`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.text import Truncator, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BLOCKING = (models.RESTRICT, models.PROTECT)
LISTED = 5  # objects named per kind of link; the rest are counted


class DeletionRefused(ValidationError):
    """What holds the object, as one French sentence (a ValidationError, so forms show it)."""


def blocking_field(holder: models.Model, target: models.Model | None) -> models.Field | None:
    """The RESTRICT/PROTECT foreign key of `holder` that forbids deleting `target`."""
    fields = [
        f
        for f in holder._meta.concrete_fields
        if f.is_relation and f.many_to_one and f.remote_field.on_delete in BLOCKING
    ]
    if target is not None:
        # A link to the target itself first, then one to a model deleted with it (a sub-node).
        for f in fields:
            if f.related_model is type(target) and getattr(holder, f.attname) == target.pk:
                return f
        for f in fields:
            if f.related_model is type(target):
                return f
    return fields[0] if fields else None


def _hold_phrase(model: type[models.Model], field: models.Field | None, count: int) -> str:
    phrase = getattr(model, "deletion_holds", {}).get(field.name if field else None)
    if phrase is not None:
        return phrase % {"count": count}
    noun = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
    return _("est lié·e à %(count)d %(noun)s") % {"count": count, "noun": noun}


def explain(holders: Iterable[models.Model], target: models.Model | None = None) -> str:
    """« Centre social » porte 2 décisions (« … », « … ») et pilote 1 action (« … ») : …"""
    groups: dict[tuple, list[models.Model]] = defaultdict(list)
    for holder in holders:
        field = blocking_field(holder, target)
        groups[(type(holder), field)].append(holder)
    parts = []
    for (model, field), objects in sorted(
        groups.items(), key=lambda item: (item[0][0]._meta.label, str(item[0][1]))
    ):
        objects.sort(key=lambda o: o.pk)
        names = [f"« {Truncator(str(o)).chars(60)} »" for o in objects[:LISTED]]
        if len(objects) > LISTED:
            names.append(_("%(count)d autres") % {"count": len(objects) - LISTED})
        parts.append(f"{_hold_phrase(model, field, len(objects))} ({', '.join(names)})")
    holds = str(get_text_list(parts, gettext_lazy("et")))
    if target is None:
        return _(
            "Suppression impossible : l'élément %(holds)s. Réattribuez-les ou supprimez-les, "
            "puis recommencez."
        ) % {"holds": holds}
    return _("« %(name)s » %(holds)s : réattribuez-les ou supprimez-les, puis recommencez.") % {
        "name": Truncator(str(target)).chars(80),
        "holds": holds,
    }


def refusal_of(error: ProtectedError | RestrictedError, target=None) -> DeletionRefused:
    holders = getattr(error, "protected_objects", None) or error.restricted_objects
    return DeletionRefused(explain(holders, target), code="protected")


def reassignable_links(obj: models.Model) -> list[tuple[type[models.Model], str]]:
    """(model, field) of the links to `obj` a replacement may take over."""
    return [
        (rel.related_model, rel.field.name)
        for rel in obj._meta.related_objects
        if rel.one_to_many
        and rel.field.name in getattr(rel.related_model, "deletion_reassignable", ())
    ]


def reassignable_count(obj: models.Model) -> int:
    return sum(
        model._default_manager.filter(**{field: obj}).count()
        for model, field in reassignable_links(obj)
    )


def delete(*, obj: models.Model, replacement: models.Model | None = None) -> None:
    """Delete `obj` and what cascades from it, or raise DeletionRefused and change nothing.

    With a `replacement` (same model, same CTG: the caller checks), the reassignable links
    move to it first, in the same transaction."""
    try:
        with transaction.atomic():
            if replacement is not None:
                for model, field in reassignable_links(obj):
                    model._default_manager.filter(**{field: obj}).update(**{field: replacement})
            obj.delete()
    except (ProtectedError, RestrictedError) as error:
        raise refusal_of(error, obj) from error
