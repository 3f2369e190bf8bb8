"""Export of the `plan` section of the exchange document (read back by exchange.py)."""

from __future__ import annotations

from typing import Any

from ctg_pilote.exchange import values as ex

from .models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    CROSS_CUTTING_FIELDS,
    INDICATOR_FIELDS,
    NODE_FIELDS,
    NOTE_FIELDS,
    Action,
    CrossCuttingIssue,
    Indicator,
    Level,
    Node,
    Snapshot,
)


def export_plan(convention) -> Any:
    out: dict[str, Any] = {}
    ex.put(out, "niveaux", [lvl.name for lvl in Level.objects.filter(convention=convention)])
    nodes = Node.objects.filter(convention=convention).in_tree_order()
    ex.put(
        out,
        "noeuds",
        [NODE_FIELDS.to_exchange(n) for n in nodes.prefetch_related("thematiques")],
    )
    issues = CrossCuttingIssue.objects.filter(convention=convention).prefetch_related("nodes")
    ex.put(
        out,
        "enjeux_transversaux",
        [CROSS_CUTTING_FIELDS.to_exchange(i) for i in issues],
    )
    actions = [export_action(a) for a in _actions_for_export(convention)]
    ex.put(out, "actions", actions)
    indicators = (
        Indicator.objects.filter(convention=convention)
        .select_related("action", "node")
        .prefetch_related("targets", "values", "value_changes__author")
    )
    ex.put(
        out,
        "indicateurs",
        [INDICATOR_FIELDS.to_exchange(i, INDICATOR_COMPOSITES) for i in indicators],
    )
    ex.put(
        out,
        "instantanes",
        [
            {"libelle": s.label, "pris_le": s.taken_at.isoformat(), "contenu": s.data}
            for s in Snapshot.objects.filter(convention=convention).order_by("taken_at", "id")
        ],
    )
    return out


def _baseline(ind: Indicator) -> dict | None:
    if ind.baseline_value is None:
        return None
    return {"valeur": ex.number(ind.baseline_value), "annee": ind.baseline_year}


def _targets(ind: Indicator) -> list[dict]:
    return [{"annee": t.year, "valeur": ex.number(t.value)} for t in ind.targets.all()]


def _values(ind: Indicator) -> list[dict]:
    values = []
    for v in ind.values.all():
        entry = {"annee": v.year, "valeur": ex.number(v.value)}
        ex.put(entry, "commentaire", v.comment)
        ex.put(entry, "source", v.source)
        ex.put(entry, "fictif", v.is_fictitious)
        values.append(entry)
    return values


def _indicator_history(ind: Indicator) -> list[dict]:
    history = []
    for change in sorted(ind.value_changes.all(), key=lambda c: (c.at, c.pk)):
        entry = {"le": change.at.isoformat()}
        ex.put(entry, "auteur", change.author and change.author.email)
        ex.put(entry, "nom_auteur", change.author_name)
        entry["origine"] = change.origin
        ex.put(entry, "fichier", change.origin_detail)
        entry["donnee"] = change.figure
        ex.put(entry, "annee", change.year)
        # A figure of 0 is a figure: only None (not known) is left out.
        for key, value in (("avant", change.old), ("apres", change.new)):
            if value is not None:
                entry[key] = ex.number(value)
        history.append(entry)
    return history


# The keys INDICATOR_FIELDS leaves to hand-written code.
INDICATOR_COMPOSITES = {
    "depart": _baseline,
    "cibles": _targets,
    "valeurs": _values,
    "historique": _indicator_history,
}


def _territory(a: Action) -> dict | None:
    if a.whole_territory:
        return None
    territory: dict[str, Any] = {}
    ex.put(territory, "zones", [z.name for z in a.zones.all()])
    ex.put(territory, "communes", sorted(c.code for c in a.communes.all()))
    return territory


def _partners(a: Action) -> list[dict]:
    partners = []
    for p in a.partner_roles.all():
        entry = {"organisation": p.organisation.ref}
        ex.put(entry, "role", p.role)
        partners.append(entry)
    return partners


def _milestones(a: Action) -> list[dict]:
    milestones = []
    for m in a.milestones.all():
        entry = {"date": m.date.isoformat(), "titre": m.title}
        ex.put(entry, "atteint", m.done)
        milestones.append(entry)
    return milestones


def _budget(a: Action) -> list[dict]:
    return [BUDGET_LINE_FIELDS.to_exchange(b) for b in a.budget_lines.all()]


def _notes(a: Action) -> list[dict]:
    return [NOTE_FIELDS.to_exchange(n) for n in sorted(a.notes.all(), key=lambda n: (n.date, n.pk))]


def _history(a: Action) -> list[dict]:
    history = []
    for h in sorted(a.changes.all(), key=lambda c: (c.at, c.pk)):
        entry = {"le": h.at.isoformat()}
        ex.put(entry, "auteur", h.author and h.author.email)
        ex.put(entry, "version", h.version)
        entry["champ"] = h.field
        ex.put(entry, "libelle", h.label)
        ex.put(entry, "avant", h.old)
        ex.put(entry, "apres", h.new)
        ex.put(entry, "effet", ex.date_text(h.effective_on))
        ex.put(entry, "origine", h.origin)
        # Machine values are kept even when empty (0 %, no budget line), unlike texts.
        for key, value in (("valeur_avant", h.old_value), ("valeur_apres", h.new_value)):
            if value is not None:
                entry[key] = value
        history.append(entry)
    return history


# The keys ACTION_FIELDS leaves to hand-written code, in the order it declares them.
COMPOSITES = {
    "territoire": _territory,
    "partenaires": _partners,
    "jalons": _milestones,
    "budget": _budget,
    "notes": _notes,
    "historique": _history,
}


def export_action(a: Action) -> dict:
    """One fiche action as the exchange document writes it (ACTION_FIELDS gives the keys)."""
    return ACTION_FIELDS.to_exchange(a, COMPOSITES)


def _actions_for_export(convention):
    return (
        Action.objects.filter(convention=convention)
        .for_list()
        .prefetch_related(
            "zones",
            "communes",
            "thematiques",
            "partner_roles__organisation",
            "milestones",
            "budget_lines__funder",
            "notes",
            "changes__author",
        )
    )
