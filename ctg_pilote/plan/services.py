"""Writes on the plan d'action: numbering, edits with history, follow-up, snapshots."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ctg_pilote.core import deletion
from ctg_pilote.core.versioning import StaleEdit, claim, save_versioned

from .action_history import record_creation, replace_action_rows
from .action_refs import give_refs
from .history import SCALAR_FIELDS, check_effective_on, raw_value
from .models import (
    ACTION_FIELDS,
    Action,
    ActionDocument,
    Change,
    Indicator,
    IndicatorOrigin,
    Level,
    Node,
    Note,
    Snapshot,
)
from .services_indicators import save_indicator as save_indicator
from .services_indicators import set_indicator_value as set_indicator_value
from .signals import action_followed_up

# Fields of an action whose changes are recorded in its history (declared in ACTION_FIELDS).
TRACKED_FIELDS = ACTION_FIELDS.tracked()

MAX_DOCUMENT_SIZE = settings.CTG_FILE_LIMITS["document_bytes"]
ALLOWED_DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def renumber(*, convention) -> None:
    """Give every node its number (1, 1.2, 1.2.3) and sort key from the positions."""
    nodes = list(Node.objects.filter(convention=convention).order_by("depth", "position", "id"))
    by_parent: dict[int | None, list[Node]] = {}
    for node in nodes:
        by_parent.setdefault(node.parent_id, []).append(node)

    changed = []

    def walk(parent_id, prefix, key):
        for index, node in enumerate(by_parent.get(parent_id, []), start=1):
            number = f"{prefix}{index}"
            sort_key = f"{key}{index:03d}"
            if (node.number, node.sort_key, node.position) != (number, sort_key, index):
                node.number, node.sort_key, node.position = number, sort_key, index
                changed.append(node)
            walk(node.pk, f"{number}.", f"{sort_key}.")

    walk(None, "", "")
    if changed:
        # Two passes so the unique (convention, number) never sees a duplicate midway.
        for node in changed:
            node.number = f"~{node.pk}"
        Node.objects.bulk_update(changed, ["number"])
        walk(None, "", "")
        Node.objects.bulk_update(changed, ["number", "sort_key", "position"])


@transaction.atomic
def add_node(*, convention, parent: Node | None, **fields) -> Node:
    siblings = Node.objects.filter(convention=convention, parent=parent)
    node = Node.objects.create(
        convention=convention,
        parent=parent,
        depth=(parent.depth + 1) if parent else 1,
        position=siblings.count() + 1,
        number=f"~new{siblings.count()}-{parent.pk if parent else 0}",
        **fields,
    )
    renumber(convention=convention)
    node.refresh_from_db()
    return node


UNCHANGED = object()


@transaction.atomic
def save_node(
    *,
    convention,
    node: Node | None,
    expected_version: int | None,
    values: dict,
    thematiques=None,
    parent=UNCHANGED,
) -> Node:
    """The one write route of an element of the tree (page form and API). A new element
    (`node` None) goes last under `parent`; an existing one gets `values`, unless someone saved
    it since `expected_version` (StaleEdit), and moves with its branch when `parent` changes.
    The tree is renumbered; it holds at most 4 levels (ValidationError)."""
    if node is None:
        parent = None if parent is UNCHANGED else parent
        if parent is not None and parent.depth >= 4:
            raise ValidationError(_("L'arborescence compte au plus 4 niveaux."))
        node = add_node(convention=convention, parent=parent, **values)
    else:
        for name, value in values.items():
            setattr(node, name, value)
        save_versioned(node, expected_version=expected_version)
        if parent is not UNCHANGED and parent != node.parent:
            reparent_node(node=node, parent=parent)
    if thematiques is not None:
        node.thematiques.set(thematiques)
    return node


def delete_action(*, action: Action) -> None:
    """Remove a fiche action with its follow-up (milestones, budget, indicators, notes...)."""
    deletion.delete(obj=action)


@transaction.atomic
def delete_node(*, node: Node) -> None:
    """Remove an element of the tree and its branch; refused (`DeletionRefused`, naming them)
    while an action sits anywhere in the branch (`Action.node` is RESTRICT)."""
    convention = node.convention
    deletion.delete(obj=node)
    renumber(convention=convention)


@transaction.atomic
def reparent_node(*, node: Node, parent: Node | None) -> None:
    """Move a node (and its branch) under another node, as its last child; renumber."""
    branch = list(Node.objects.filter(convention=node.convention_id).branch_of(node))
    if parent is not None and parent.pk in {n.pk for n in branch}:
        raise ValidationError(_("Un élément ne peut pas être placé dans sa propre branche."))
    shift = (parent.depth + 1 if parent else 1) - node.depth
    if max(n.depth for n in branch) + shift > 4:
        raise ValidationError(_("L'arborescence compte au plus 4 niveaux."))
    for member in branch:
        member.depth += shift
    Node.objects.bulk_update(branch, ["depth"])
    node.parent = parent
    node.position = Node.objects.filter(convention=node.convention_id, parent=parent).count() + 1
    node.save(update_fields=["parent", "position"])
    renumber(convention=node.convention)


@transaction.atomic
def move_node(*, node: Node, offset: int) -> None:
    """Move a node up (-1) or down (+1) among its siblings, then renumber."""
    siblings = list(
        Node.objects.filter(convention=node.convention_id, parent=node.parent_id).order_by(
            "position", "id"
        )
    )
    index = next(i for i, n in enumerate(siblings) if n.pk == node.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Node.objects.bulk_update(siblings, ["position"])
    renumber(convention=node.convention)


@transaction.atomic
def update_action(
    *,
    action: Action,
    by,
    expected_version: int | None,
    values: dict | None = None,
    relations: dict | None = None,
    rows: dict[str, list[dict] | None] | None = None,
    name_it: bool = True,
    effective_on: datetime.date | None = None,
    origin: str = "",
    undated_creation: bool = False,
) -> list[Change]:
    """The one write route of a fiche action: the page form, the API and the spreadsheet
    import all call it, so an edit leaves the same history whichever way it came.

    `values` are model field -> value; `relations` many-to-many name -> objects; `rows` the
    new `partner_roles`, `milestones` or `budget_lines` (lists of field dicts; None or absent
    leaves them). A new action has `pk` None and `expected_version` None. If someone saved
    since `expected_version`, nothing is written and StaleEdit lists what they changed.
    An action left without a number, or given one another action carries, gets a generated
    `ref` (`name_it`; an import names all its actions at the end instead).

    Each change takes effect on `effective_on` (a change entered late; by default today) and
    says how it came (`origin`: "" the page, "API", the imported file). The creation of an
    action is recorded too, with its first values; an import creates it `undated_creation`
    (the source does not say since when the action exists).
    """
    new = action.pk is None
    for name, value in (values or {}).items():
        setattr(action, name, value)
    how = {"effective_on": effective_on, "origin": origin}
    changes = save_action(
        action=action, by=by, expected_version=expected_version, m2m=relations, **how
    )
    changes += replace_action_rows(action=action, by=by, **how, **(rows or {}))
    if new:
        changes.append(record_creation(action=action, by=by, undated=undated_creation, **how))
    if name_it:
        give_refs(Action.objects.filter(convention_id=action.convention_id))
    # A person's edit (page, grid, API) enters the feed; an imported file says it otherwise.
    if changes and not new and by is not None and origin in ("", "API"):
        labels = list(dict.fromkeys(change.label for change in changes))
        action_followed_up.send(sender=Action, action=action, by=by, what=labels)
    return changes


@transaction.atomic
def save_action(
    *,
    action: Action,
    by,
    expected_version: int | None,
    m2m: dict | None = None,
    effective_on: datetime.date | None = None,
    origin: str = "",
) -> list[Change]:
    """Save an edited action, recording each changed field in its history (with its machine
    values, its effective date, by default today, and its `origin`).

    `expected_version` is the version the editor started from: if someone saved since, nothing
    is written and StaleEdit lists what they changed.
    """
    action.full_clean(exclude=["convention", "node", "version"])
    check_effective_on(action.convention, effective_on)
    how = {"effective_on": effective_on or timezone.localdate(), "origin": origin}
    if action.pk is None:
        action.version = 1
        action.save()
        if m2m:
            for name, values in m2m.items():
                getattr(action, name).set(values)
        return []
    try:
        claim(action, expected_version=expected_version)
    except StaleEdit as error:
        if error.current is not None:
            error.changes = list(
                error.current.changes.filter(version__gt=expected_version).order_by("at", "id")
            )
        raise
    # The claim bumped only the version: the other fields are still as saved before.
    before = Action.objects.get(pk=action.pk)
    action.save()
    m2m_changes = []
    for name, values in (m2m or {}).items():
        old = " ; ".join(sorted(str(v) for v in getattr(before, name).all()))
        getattr(action, name).set(values)
        new = " ; ".join(sorted(str(v) for v in values))
        if old != new:
            label = ACTION_FIELDS.label(name)
            m2m_changes.append((name, label, old, new))
    changes = [
        Change(
            action=action,
            author=by,
            version=action.version,
            field=field,
            label=ACTION_FIELDS.label(field),
            old=ACTION_FIELDS.display(before, field),
            new=ACTION_FIELDS.display(action, field),
            old_value=raw_value(before, field) if field in SCALAR_FIELDS else None,
            new_value=raw_value(action, field) if field in SCALAR_FIELDS else None,
            **how,
        )
        for field in TRACKED_FIELDS
        if getattr(before, field) != getattr(action, field)
    ] + [
        Change(
            action=action,
            author=by,
            version=action.version,
            field=name,
            label=label,
            old=old,
            new=new,
            **how,
        )
        for name, label, old, new in m2m_changes
    ]
    Change.objects.bulk_create(changes)
    return changes


@dataclass
class IndicatorEntry:
    """A year's value from the quick update (comment None: keep the saved one)."""

    indicator: Indicator
    year: int
    value: Decimal | None
    comment: str | None = None


@transaction.atomic
def record_progress(
    *,
    action: Action,
    by,
    expected_version: int,
    status: str,
    progress: int,
    note: str = "",
    values: list[IndicatorEntry] | None = None,
    effective_on: datetime.date | None = None,
) -> list[Change]:
    """The pilot's quick update: status, progress (taking effect on `effective_on`, by default
    today), a note, this year's indicator values."""
    action.status = status
    action.progress = progress
    changes = save_action(
        action=action, by=by, expected_version=expected_version, effective_on=effective_on
    )
    if note.strip():
        add_note(action=action, by=by, text=note)
    for entry in values or []:
        set_indicator_value(
            indicator=entry.indicator,
            year=entry.year,
            value=entry.value,
            comment=entry.comment,
            by=by,
            origin=IndicatorOrigin.QUICK_UPDATE,
        )
    return changes


def add_note(*, action: Action, by, text: str, date: datetime.date | None = None) -> Note:
    author_name = (by.get_full_name() or by.email) if by else ""
    note = Note.objects.create(
        action=action,
        date=date or datetime.date.today(),
        author=by,
        author_name=author_name,
        text=text.strip(),
    )
    if by is not None:
        action_followed_up.send(sender=Action, action=action, by=by, what=[str(_("Note"))])
    return note


def validate_upload(upload) -> None:
    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in ALLOWED_DOCUMENT_TYPES:
        raise ValidationError(
            _("Type de fichier refusé (%(suffix)s). Types acceptés : %(allowed)s.")
            % {"suffix": suffix or "?", "allowed": ", ".join(sorted(ALLOWED_DOCUMENT_TYPES))}
        )
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("Fichier trop lourd : %(size)s Mo, au plus %(max)s Mo.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "max": MAX_DOCUMENT_SIZE // 1024 // 1024,
            }
        )


def add_document(*, action: Action, by, title: str, upload) -> ActionDocument:
    validate_upload(upload)
    return ActionDocument.objects.create(
        action=action, title=title or upload.name, file=upload, size=upload.size, uploaded_by=by
    )


def plan_state(convention) -> dict:
    """What a snapshot keeps: per action its number, title, node, status and progress."""
    return {
        "actions": {
            a.reference: {
                "titre": a.title,
                "noeud": a.node.number,
                "statut": a.status,
                "avancement": a.progress,
            }
            for a in Action.objects.filter(convention=convention).select_related("node")
        },
        "noeuds": {n.number: n.title for n in Node.objects.filter(convention=convention)},
    }


def take_snapshot(*, convention, by, label: str) -> Snapshot:
    return Snapshot.objects.create(
        convention=convention, label=label, taken_by=by, data=plan_state(convention)
    )


@transaction.atomic
def set_levels(*, convention, names: list[str]) -> None:
    Level.objects.filter(convention=convention).delete()
    Level.objects.bulk_create(
        Level(convention=convention, depth=depth, name=name)
        for depth, name in enumerate(names, start=1)
    )
