"""The kinds of objects people comment on and follow: an action of the plan, a decision of a
meeting, a block of findings of the diagnostic. Each kind says its model, how to name it and
where it is shown; a URL names the kind by its key and the object by its id, always looked up
inside the CTG (an id of another CTG is a 404)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ctg_pilote.diagnostic.models import SynthesisBlock
from ctg_pilote.governance.models import Decision
from ctg_pilote.plan.models import Action


@dataclass(frozen=True)
class Kind:
    key: str
    model: type[models.Model]
    label: str
    name: Callable[[models.Model], str]
    url: Callable[[models.Model], str]


def _action_url(action) -> str:
    return reverse("plan:action", args=[action.convention.slug, action.pk])


def _decision_url(decision) -> str:
    return reverse("governance:meeting", args=[decision.convention.slug, decision.meeting_id])


def _block_url(block) -> str:
    return reverse("diagnostic:syntheses", args=[block.convention.slug]) + f"#bloc-{block.pk}"


KINDS = {
    kind.key: kind
    for kind in (
        Kind("action", Action, _("action"), lambda a: str(a), _action_url),
        Kind("decision", Decision, _("décision"), lambda d: str(d)[:200], _decision_url),
        Kind("constat", SynthesisBlock, _("constats"), lambda b: str(b)[:200], _block_url),
    )
}


def kind_of(obj) -> Kind:
    for kind in KINDS.values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(f"{type(obj).__name__} cannot be commented")


def get_target(convention, key: str, pk: int):
    """The object of this kind and id in this CTG, else a 404."""
    kind = KINDS.get(key)
    if kind is None:
        raise Http404
    try:
        return kind.model.objects.get(convention=convention, pk=pk)
    except kind.model.DoesNotExist as missing:
        raise Http404 from missing


def content_type_of(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))


def label_of(obj) -> str:
    kind = kind_of(obj)
    return f"{kind.label.capitalize()} {kind.name(obj)}"[:300]


def url_of(obj) -> str:
    return kind_of(obj).url(obj)
