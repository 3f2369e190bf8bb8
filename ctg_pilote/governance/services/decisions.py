"""Writes of decisions: recording one in a meeting, then following it up to its completion."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Contact, Organisation
from ctg_pilote.core.versioning import save_versioned

from ..models import ChangeOrigin, Decision, DecisionChange, DecisionStatus, Meeting
from .common import check_same_convention as _check_same_convention

# `due_on` not given to `follow_decision`: the decision keeps its due date.
KEEP = object()


def check_decision_owner(owner_organisation, owner_contact) -> None:
    if owner_organisation is None and owner_contact is None:
        raise ValidationError(
            {
                "owner_organisation": _(
                    "Une décision doit avoir un responsable : choisissez une organisation "
                    "ou une personne."
                )
            }
        )


@transaction.atomic
def record_decision(
    *,
    meeting: Meeting,
    text: str,
    owner_organisation: Organisation | None = None,
    owner_contact: Contact | None = None,
    due_on: datetime.date | None = None,
    actions: Iterable = (),
    nodes: Iterable = (),
    by=None,
    origin: str = ChangeOrigin.PAGE,
) -> Decision:
    if not (text or "").strip():
        raise ValidationError({"text": _("Écrivez la décision.")})
    check_decision_owner(owner_organisation, owner_contact)
    convention = meeting.convention
    _check_same_convention(convention, owner_organisation=owner_organisation)
    if owner_contact is not None and owner_contact.organisation.convention_id != convention.pk:
        raise ValidationError({"owner_contact": _("Cette personne n'appartient pas à cette CTG.")})
    if owner_contact is not None and owner_organisation is None:
        owner_organisation = owner_contact.organisation
    actions, nodes = list(actions), list(nodes)
    for action in actions:
        _check_same_convention(convention, actions=action)
    for node in nodes:
        _check_same_convention(convention, nodes=node)
    decision = Decision.objects.create(
        convention=convention,
        meeting=meeting,
        text=text.strip(),
        owner_organisation=owner_organisation,
        owner_contact=owner_contact,
        due_on=due_on,
        position=meeting.decisions.count() + 1,
    )
    decision.actions.set(actions)
    decision.nodes.set(nodes)
    record_change(decision=decision, by=by, origin=origin)
    return decision


def record_change(
    *,
    decision: Decision,
    by=None,
    origin: str,
    source: str = "",
    effective_on: datetime.date | None = None,
) -> DecisionChange:
    """Enter the decision's follow-up as it stands now in its history, with who, how (page,
    API, import of the file `source`) and the day it took effect when it is not the day it is
    entered (the day a decision was done)."""
    return DecisionChange.objects.create(
        decision=decision,
        author=by if getattr(by, "is_authenticated", False) else None,
        origin=origin,
        source=source[:200],
        status=decision.status,
        due_on=decision.due_on,
        done_on=decision.done_on,
        effective_on=effective_on,
    )


@transaction.atomic
def follow_decision(
    *,
    decision: Decision,
    expected_version: int | None,
    status: str | None = None,
    done_on: datetime.date | None = None,
    due_on: datetime.date | object | None = KEEP,
    by=None,
    origin: str = ChangeOrigin.PAGE,
) -> Decision:
    """Record where a decision stands (`status`, None keeps it; `done_on` with the status
    "faite", today by default) and its new `due_on` when given, in one save, unless someone
    saved it since `expected_version` (StaleEdit). A change enters the decision's history
    with its author `by` and its `origin`."""
    status = decision.status if status is None else status
    if status not in DecisionStatus.values:
        raise ValidationError({"status": _("Suivi inconnu : %(v)s.") % {"v": status}})
    decision.status = status
    if status == DecisionStatus.DONE:
        decision.done_on = done_on or decision.done_on or timezone.localdate()
    else:
        decision.done_on = None
    fields = ["status", "done_on"]
    if due_on is not KEEP:
        decision.due_on = due_on
        fields.append("due_on")
    before = Decision.objects.filter(pk=decision.pk).values("status", "due_on", "done_on").first()
    save_versioned(decision, expected_version=expected_version, update_fields=fields)
    after = {"status": decision.status, "due_on": decision.due_on, "done_on": decision.done_on}
    if before != after:
        newly_done = status == DecisionStatus.DONE and (
            before is None or (before["status"], before["done_on"]) != (status, decision.done_on)
        )
        record_change(
            decision=decision,
            by=by,
            origin=origin,
            effective_on=decision.done_on if newly_done else None,
        )
    return decision
