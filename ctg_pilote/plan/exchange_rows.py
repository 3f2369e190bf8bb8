"""The rows around an exchanged action: notes, history, and what an action the import has just
created carries (its many-to-many links, partners, milestones, budget lines, notes, history),
left to the section's `PendingRows`."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime

from ctg_pilote.exchange import values as ex
from ctg_pilote.exchange.bulk import PendingRows

from .action_history import creation_change
from .models import NOTE_FIELDS, Action, Change, Note


def write_new_action_rows(action, data, ctx, relations, rows, pending: PendingRows) -> None:
    """What `write_action` writes around an action the import has just created, left to
    `pending`: there is nothing saved to replace."""
    for name, objects in relations.items():
        pending.relate(action, name, objects)
    built = {}
    for name, items in rows.items():
        model = getattr(action, name).model
        built[name] = [model(action=action, **item) for item in items]
        pending.add(model, built[name])
    pending.add(Note, _notes(action, data))
    history = data.get("historique", [])
    pending.add(Change, _history(action, history))
    if not history and ctx.origin:
        pending.add(
            Change,
            [
                creation_change(
                    action=action,
                    by=None,
                    origin=ctx.origin,
                    undated=True,
                    budget_lines=built["budget_lines"],
                )
            ],
        )


def _notes(action: Action, data: dict) -> list[Note]:
    return [
        Note(action=action, **NOTE_FIELDS.from_exchange(n, None)) for n in data.get("notes", [])
    ]


def replace_notes(action: Action, data: dict) -> None:
    action.notes.all().delete()
    Note.objects.bulk_create(_notes(action, data))


def replace_history(action: Action, history: list[dict]) -> None:
    action.changes.all().delete()
    Change.objects.bulk_create(_history(action, history))


def _history(action: Action, history: list[dict]) -> list[Change]:
    users = ex.authors(history)
    return [
        Change(
            action=action,
            at=parse_datetime(h["le"]),
            author=users.get(h.get("auteur")),
            version=h.get("version", 0),
            field=h["champ"],
            label=h.get("libelle", ""),
            old=h.get("avant", ""),
            new=h.get("apres", ""),
            effective_on=ex.date(h["effet"]) if "effet" in h else None,
            origin=h.get("origine", ""),
            old_value=h.get("valeur_avant"),
            new_value=h.get("valeur_apres"),
        )
        for h in history
    ]
