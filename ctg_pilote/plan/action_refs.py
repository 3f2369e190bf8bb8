"""How actions are named in a document, a workbook or a page: by their number as the source
writes it, or by a short `ref` when they have no number or share it with another action.

Numbers are kept as written: a repeated number or a gap in a numbering is said (a warning),
never refused nor "corrected"; a reference to a repeated number is ambiguous and refused.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

TAIL_NUMBER = re.compile(r"^(.*?)(\d+)$")
GENERATED_REF = "action-{}"


@dataclass
class ActionReferences:
    """The references of a list of exchanged actions (items with `numero` and/or `ref`)."""

    items: list[dict]
    by_ref: dict[str, int] = field(default_factory=dict)
    by_number: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path below plan, message)

    def __post_init__(self):
        for i, item in enumerate(self.items):
            if item.get("numero"):
                self.by_number[item["numero"]].append(i)
        for i, item in enumerate(self.items):
            ref = item.get("ref")
            if not ref:
                continue
            if ref in self.by_ref:
                self.problems.append((f"actions[{i}].ref", f"référence « {ref} » déjà utilisée"))
                continue
            if any(j != i for j in self.by_number.get(ref, [])):
                self.problems.append(
                    (
                        f"actions[{i}].ref",
                        f"référence « {ref} » : c'est aussi le numéro d'une autre action ; "
                        "choisir une référence qui n'est le numéro d'aucune action",
                    )
                )
                continue
            self.by_ref[ref] = i

    def index(self, key: str) -> int | None:
        """The position of the action `key` names: its ref, or a number only it carries."""
        if key in self.by_ref:
            return self.by_ref[key]
        found = self.by_number.get(key, [])
        return found[0] if len(found) == 1 else None

    def problem(self, key: str) -> str | None:
        """Why `key` names no action (None: it names exactly one)."""
        if self.index(key) is not None:
            return None
        found = self.by_number.get(key, [])
        if len(found) > 1:
            return (
                f"le numéro « {key} » est porté par {len(found)} actions de ce document : "
                "désigner l'action par sa référence (clé « ref » de l'action)"
            )
        return f"action « {key} » inconnue dans ce document"

    def keys(self) -> dict[str, int]:
        """Every name that designates exactly one action, with its position."""
        keys = {n: found[0] for n, found in self.by_number.items() if len(found) == 1}
        keys.update(self.by_ref)
        return keys

    def existing_key(self, i: int) -> str | None:
        """The name by which the i-th action is matched with one already saved."""
        item = self.items[i]
        if item.get("ref"):
            return item["ref"]
        number = item.get("numero")
        if number and len(self.by_number[number]) == 1:
            return number
        return None


def numbering_warnings(numbers: Iterable[str]) -> list[tuple[int, str]]:
    """What is worth saying about a numbering kept as written: (position, message) for each
    repeated number and each gap ("1.2" then "1.4"). A gap is said once: the number after it
    is compared with the one just before it, not with the expected one."""
    warnings: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    last: dict[str, int] = {}
    for i, number in enumerate(numbers):
        if not number:
            continue
        if number in seen:
            warnings.append(
                (
                    i,
                    _("numéro « %(n)s » déjà porté par une autre action : gardé tel quel")
                    % {"n": number},
                )
            )
            continue
        seen[number] = i
        match = TAIL_NUMBER.match(number)
        if not match:
            continue
        prefix, value = match[1], int(match[2])
        before = last.get(prefix)
        if before is not None and value > before + 1:
            missing = f"{prefix}{before + 1}"
            if value > before + 2:
                missing += f" à {prefix}{value - 1}"
            warnings.append(
                (
                    i,
                    _(
                        "numérotation : « %(n)s » après « %(before)s » (%(missing)s absent) : gardée telle quelle"
                    )
                    % {"n": number, "before": f"{prefix}{before}", "missing": missing},
                )
            )
        last[prefix] = max(value, before or 0)
    return warnings


def new_refs(needed: int, taken: set[str]) -> list[str]:
    """`needed` generated refs ("action-1"...) that are neither a ref nor a number in use."""
    out: list[str] = []
    k = 1
    while len(out) < needed:
        candidate = GENERATED_REF.format(k)
        if candidate not in taken:
            out.append(candidate)
        k += 1
    return out


def give_refs(actions) -> None:
    """Give a generated ref to every saved action (of one CTG) that needs one to be named: no
    number, or a number another action carries. Actions are model instances."""
    actions = list(actions)
    counts: dict[str, int] = defaultdict(int)
    for a in actions:
        if a.number:
            counts[a.number] += 1
    needing = [a for a in actions if not a.ref and (not a.number or counts[a.number] > 1)]
    if not needing:
        return
    taken = {a.ref for a in actions if a.ref} | set(counts)
    for action, ref in zip(needing, new_refs(len(needing), taken), strict=True):
        action.ref = ref
        type(action).objects.filter(pk=action.pk).update(ref=ref)


def action_names(actions) -> dict:
    """Saved actions (of one CTG) by every name that designates exactly one of them: their
    ref, or a number no other action carries. What a later section reads when the document
    has no `plan` section (the plan's write gives the same names in `ctx.plan_actions`)."""
    actions = list(actions)
    counts: dict[str, int] = defaultdict(int)
    for a in actions:
        if a.number:
            counts[a.number] += 1
    names = {a.number: a for a in actions if a.number and counts[a.number] == 1}
    names.update({a.ref: a for a in actions if a.ref})
    return names
