"""Writing an action's history: one `Change` per changed list of rows (partners, milestones,
budget lines) and for the creation of an action, with the machine values `plan.history`
rebuilds the past from. Called by `services.update_action`, the one write route of an action."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .history import budget_raw, creation_values
from .models import Action, Change

ROW_LABELS = {
    "partner_roles": gettext_lazy("Partenaires"),
    "milestones": gettext_lazy("Jalons"),
    "budget_lines": gettext_lazy("Budget"),
}


def describe_rows(rows) -> str:
    """A readable summary of related rows (partners, milestones, budget) for the history."""
    return " ; ".join(str(row) for row in rows)


def record_change(*, action: Action, by, label: str, old: str, new: str, **raw) -> Change:
    """A change to an action's related rows: it counts as a new version of the action. `raw`:
    `old_value`, `new_value`, `effective_on` (by default today) and `origin`."""
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.refresh_from_db(fields=["version"])
    raw["effective_on"] = raw.get("effective_on") or timezone.localdate()
    return Change.objects.create(
        action=action,
        author=by,
        version=action.version,
        field=label.lower(),
        label=label,
        old=old,
        new=new,
        **raw,
    )


def record_creation(
    *, action: Action, by, effective_on=None, origin: str = "", undated: bool = False
) -> Change:
    """The creation of an action, with its first tracked values (see `plan.history`)."""
    change = creation_change(
        action=action, by=by, effective_on=effective_on, origin=origin, undated=undated
    )
    change.save()
    return change


def creation_change(
    *,
    action: Action,
    by,
    effective_on=None,
    origin: str = "",
    undated: bool = False,
    budget_lines=None,
) -> Change:
    """The creation record of `record_creation`, not saved yet (a bulk import writes many at
    once; `budget_lines`: the action's lines, not saved yet either)."""
    return Change(
        action=action,
        author=by,
        version=action.version,
        field=Change.CREATION,
        label=_("Création"),
        new=action.title,
        new_value=creation_values(action, budget_lines),
        effective_on=None if undated else (effective_on or timezone.localdate()),
        origin=origin,
    )


@transaction.atomic
def replace_action_rows(
    *, action: Action, by, effective_on=None, origin: str = "", **rows: list[dict] | None
) -> list[Change]:
    """Replace an action's partners, milestones or budget lines (keyword `partner_roles`,
    `milestones`, `budget_lines`: a list of field dicts; None leaves them as they are),
    recording each replaced list in the history like the action form does (budget lines with
    their machine values, see `plan.history`)."""
    changes = []
    for name, items in rows.items():
        if items is None:
            continue
        manager = getattr(action, name)
        before = describe_rows(manager.all())
        old_raw = budget_raw(manager.all()) if name == "budget_lines" else None
        manager.all().delete()
        manager.model.objects.bulk_create(manager.model(action=action, **item) for item in items)
        now = manager.model.objects.filter(action=action)
        after = describe_rows(now)
        if before != after:
            raw = {"effective_on": effective_on, "origin": origin}
            if name == "budget_lines":
                raw.update(old_value=old_raw, new_value=budget_raw(now))
            changes.append(
                record_change(
                    action=action, by=by, label=str(ROW_LABELS[name]), old=before, new=after, **raw
                )
            )
    return changes
