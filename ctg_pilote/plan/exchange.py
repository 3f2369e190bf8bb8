"""The `plan` section of the exchange document (docs/format-echange-plan.md).

Identifiers inside the document: a node is named by its number ("1", "1.2"), an action by its
`ref` or by its number ("A3", "1.2"...) when no other action carries it (action_refs.py), an
indicator by its `ref`. Later sections (governance) find the created objects in
`ctx.plan_nodes` / `ctx.plan_actions`, keyed by number (nodes) or by those names (actions).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from django.utils.dateparse import parse_datetime

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.core.validators import ends_before_start
from ctg_pilote.exchange import values as ex
from ctg_pilote.exchange.bulk import PendingRows
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section

from .action_history import record_creation
from .action_refs import ActionReferences, action_names, give_refs
from .exchange_export import export_action, export_plan
from .exchange_indicators import write_indicator
from .exchange_rows import replace_history, replace_notes, write_new_action_rows
from .models import (
    ACTION_FIELDS,
    BUDGET_LINE_FIELDS,
    CROSS_CUTTING_FIELDS,
    NODE_FIELDS,
    Action,
    CrossCuttingIssue,
    Indicator,
    Level,
    Node,
    Snapshot,
)
from .services import update_action


def _period(ctx: ImportContext) -> tuple[int, int]:
    period = ctx.document["ctg"]["periode"]
    return period["debut"], period["fin"]


def write_nodes(
    items: list[dict], ctx: ImportContext, thematiques, pending: PendingRows
) -> dict[str, Node]:
    """The tree, in document order (parents first); NODE_FIELDS gives the fields."""
    existing = (
        {} if ctx.created else {n.number: n for n in Node.objects.filter(convention=ctx.convention)}
    )
    nodes: dict[str, Node] = {}
    new_by_depth: dict[int, list[Node]] = defaultdict(list)
    lookups = {"thematiques": lambda codes: [thematiques[c] for c in codes or []]}
    for data in items:
        values = NODE_FIELDS.from_exchange(data, lambda item, raw: lookups[item.name](raw))
        node = existing.get(data["numero"]) or Node(convention=ctx.convention)
        parts = data["numero"].split(".")
        node.parent = nodes.get(".".join(parts[:-1]))
        node.depth = len(parts)
        node.position = int(parts[-1])
        node.sort_key = ".".join(f"{int(p):03d}" for p in parts)
        relations = values.pop("thematiques")
        for name, field_value in values.items():
            setattr(node, name, field_value)
        if not existing:
            new_by_depth[node.depth].append(node)  # inserted below, parents first
            pending.relate(node, "thematiques", relations)
        elif node.pk is None:
            node.save()
            pending.relate(node, "thematiques", relations)
        else:
            node.save()
            node.thematiques.set(relations)
        nodes[node.number] = node
    # A new plan: one insert per depth of the tree, each after its parents'.
    for depth in sorted(new_by_depth):
        Node.objects.bulk_create(new_by_depth[depth])
    return nodes


def write_cross_cutting_issues(
    items: list[dict], convention, nodes: dict[str, Node], *, created: bool = False
) -> None:
    """Replace the enjeux transversaux (CROSS_CUTTING_FIELDS gives the fields); `created`: a
    new CTG, which has none yet."""
    if not created:
        CrossCuttingIssue.objects.filter(convention=convention).delete()
    for position, data in enumerate(items, start=1):
        values = CROSS_CUTTING_FIELDS.from_exchange(
            data, lambda item, numbers: [nodes[n] for n in numbers or []]
        )
        linked = values.pop("nodes")
        issue = CrossCuttingIssue.objects.create(convention=convention, position=position, **values)
        issue.nodes.set(linked)


def _matching_actions(items: list[dict], refs: ActionReferences, convention) -> list:
    """The saved action each item updates (None: a new one), matched by ref or unique number."""
    by_key = action_names(Action.objects.filter(convention=convention))
    matches: list[Action | None] = []
    used: set[int] = set()
    for i in range(len(items)):
        key = refs.existing_key(i)
        found = by_key.get(key) if key else None
        if found is not None and found.pk in used:
            found = None
        if found is not None:
            used.add(found.pk)
        matches.append(found)
    return matches


def write_actions(
    items: list[dict], ctx: ImportContext, nodes, thematiques, pending: PendingRows | None = None
) -> dict:
    """Create or update the actions in place (matched by ref or unique number, so what points
    at them survives a re-import); the ones the items do not name are removed. Returns the
    actions by every name that designates one of them."""
    refs = ActionReferences(items)
    if ctx.created:
        matches: list[Action | None] = [None] * len(items)  # a new CTG has no action yet
    else:
        matches = _matching_actions(items, refs, ctx.convention)
        kept = [a.pk for a in matches if a is not None]
        Action.objects.filter(convention=ctx.convention).exclude(pk__in=kept).delete()
        # A ref moving from one action to another must not meet itself midway.
        moving = [
            a.pk for a, d in zip(matches, items, strict=True) if a and a.ref != d.get("ref", "")
        ]
        Action.objects.filter(pk__in=moving).update(ref="")
    positions: dict[str, int] = {}
    saved: list[Action] = []
    created: list[Action] = []
    for data, match in zip(items, matches, strict=True):
        node = nodes[data["noeud"]]
        positions[node.number] = positions.get(node.number, 0) + 1
        action = match or Action(convention=ctx.convention)
        if match is None and ctx.editor is None and pending is not None:
            # A new action of a restored document: inserted with the others below, in one
            # query; its rows wait in `pending`, pointing at the instance.
            relations, rows = _restore(
                action, data, ctx, nodes, thematiques, positions[node.number]
            )
            write_new_action_rows(action, data, ctx, relations, rows, pending)
            created.append(action)
        else:
            write_action(
                action,
                data,
                ctx,
                nodes=nodes,
                thematiques=thematiques,
                position=positions[node.number],
                pending=pending,
            )
        saved.append(action)
    Action.objects.bulk_create(created, batch_size=500)
    give_refs(saved)
    actions = {key: saved[i] for key, i in refs.keys().items()}
    actions.update({a.ref: a for a in saved if a.ref})
    return actions


def _action_values(
    data: dict, ctx: ImportContext, nodes: dict[str, Node], thematiques: dict[str, Thematique]
) -> tuple:
    """Model values, many-to-many relations and child rows of one exchanged action."""
    lookups = {
        "node": lambda number: nodes[number],
        "pilot": lambda ref: ctx.organisations.get(ref),
        "thematiques": lambda codes: [thematiques[c] for c in codes or []],
    }
    values = ACTION_FIELDS.from_exchange(data, lambda item, raw: lookups[item.name](raw))
    relations = {
        name: values.pop(name) for name in ACTION_FIELDS.tracked_relations() if name in values
    }
    territory = data.get("territoire")
    values["whole_territory"] = territory is None
    relations["zones"] = [ctx.zones[z] for z in (territory or {}).get("zones", [])]
    relations["communes"] = [ctx.communes[c] for c in (territory or {}).get("communes", [])]
    orgs = ctx.organisations
    rows = {
        "partner_roles": [
            {"organisation": orgs[p["organisation"]], "role": p.get("role", "")}
            for p in data.get("partenaires", [])
        ],
        "milestones": [
            {"date": ex.date(m["date"]), "title": m["titre"], "done": m.get("atteint", False)}
            for m in data.get("jalons", [])
        ],
        "budget_lines": [
            BUDGET_LINE_FIELDS.from_exchange(b, lambda item, ref: orgs.get(ref))
            for b in data.get("budget", [])
        ],
    }
    return values, relations, rows


def _set_values(action: Action, values: dict, history: list[dict]) -> None:
    """A document restores the action as it was, at the version its history reached."""
    values["version"] = max([1, *(h.get("version", 0) for h in history)])
    for name, value in values.items():
        setattr(action, name, value)


def _restore(action, data, ctx, nodes, thematiques, position) -> tuple[dict, dict]:
    """The values of a new action of a restored document set on `action` (not saved yet);
    its many-to-many relations and child rows returned."""
    values, relations, rows = _action_values(data, ctx, nodes, thematiques)
    values["position"] = position
    _set_values(action, values, data.get("historique", []))
    return relations, rows


def write_action(
    action: Action,
    data: dict,
    ctx: ImportContext,
    *,
    nodes: dict[str, Node],
    thematiques: dict[str, Thematique],
    position: int,
    pending: PendingRows | None = None,
) -> None:
    """Write one exchanged action. A person editing through a spreadsheet (`ctx.editor`) goes
    through `services.update_action`, so each change enters the history in their name, as
    from the page or the API; a document restores the action with its own history."""
    values, relations, rows = _action_values(data, ctx, nodes, thematiques)
    values["position"] = position
    if ctx.editor is not None:
        if action.pk is not None and export_action(action) == data:
            return  # unchanged: no new version, no history
        update_action(
            action=action,
            by=ctx.editor,
            expected_version=action.version if action.pk else None,
            values=values,
            relations=relations,
            rows=rows,
            name_it=False,
            origin=ctx.origin,
            undated_creation=True,
        )
        replace_notes(action, data)
        return
    history = data.get("historique", [])
    _set_values(action, values, history)
    created = action.pk is None
    action.save()
    if created and pending is not None:
        write_new_action_rows(action, data, ctx, relations, rows, pending)
        return
    for name, objects in relations.items():
        getattr(action, name).set(objects)
    for name, items in rows.items():
        getattr(action, name).all().delete()
        model = getattr(action, name).model
        model.objects.bulk_create(model(action=action, **item) for item in items)
    replace_notes(action, data)
    replace_history(action, history)
    if not history and ctx.origin:
        # An imported file that gives no history: its import is the first thing known of the
        # action. (A document read without a file name, a backup's restore, is taken as is.)
        record_creation(action=action, by=None, origin=ctx.origin, undated=True)


class PlanSection(Section):
    key = "plan"
    title = "Plan d'action"
    order = 20
    schema_file = Path(__file__).parent / "exchange_schema.json"

    # ---- check -----------------------------------------------------------------------------

    def check(self, value: dict, ctx: ImportContext) -> list[Problem]:
        problems: list[Problem] = []

        def add(path: str, message: str) -> None:
            problems.append(Problem(f"plan.{path}", message))

        start, end = _period(ctx)
        known_thematiques = ctx.known_thematiques()
        levels = value.get("niveaux", [])

        node_ids: list[str] = []
        children: dict[str, int] = {}
        for n, node in enumerate(value.get("noeuds", [])):
            number = node["numero"]
            parts = number.split(".")
            parent = ".".join(parts[:-1])
            if number in node_ids:
                add(f"noeuds[{n}].numero", f"numéro « {number} » déjà utilisé")
                continue
            if parent and parent not in node_ids:
                add(
                    f"noeuds[{n}].numero",
                    f"le parent « {parent} » doit être décrit avant « {number} »",
                )
            expected = children.get(parent, 0) + 1
            if int(parts[-1]) != expected:
                add(
                    f"noeuds[{n}].numero",
                    f"numérotation automatique : « {'.'.join([*parts[:-1], str(expected)])} » "
                    f"attendu à cette place, « {number} » trouvé",
                )
            children[parent] = int(parts[-1])
            if levels and len(parts) > len(levels):
                add(
                    f"noeuds[{n}].numero",
                    f"niveau {len(parts)} alors que le plan n'a que {len(levels)} niveau(x)",
                )
            for t, code in enumerate(node.get("thematiques", [])):
                if code not in known_thematiques:
                    add(f"noeuds[{n}].thematiques[{t}]", f"thématique « {code} » inconnue")
            node_ids.append(number)

        issue_refs: set[str] = set()
        for i, issue in enumerate(value.get("enjeux_transversaux", [])):
            if issue["ref"] in issue_refs:
                add(f"enjeux_transversaux[{i}].ref", f"référence « {issue['ref']} » déjà utilisée")
            issue_refs.add(issue["ref"])
            for e, number in enumerate(issue.get("elements", [])):
                if number not in node_ids:
                    add(
                        f"enjeux_transversaux[{i}].elements[{e}]",
                        f"élément du plan « {number} » inconnu dans ce document",
                    )

        names = ActionReferences(value.get("actions", []))
        for path, message in names.problems:
            add(path, message)
        orgs = ctx.organisation_refs
        for a, action in enumerate(value.get("actions", [])):
            path = f"actions[{a}]"
            if action["noeud"] not in node_ids:
                add(f"{path}.noeud", f"nœud « {action['noeud']} » inconnu dans ce document")
            pilot = action.get("pilote", {})
            if "organisation" in pilot and pilot["organisation"] not in orgs:
                add(
                    f"{path}.pilote.organisation",
                    f"organisation « {pilot['organisation']} » inconnue dans ce document",
                )
            for p, partner in enumerate(action.get("partenaires", [])):
                if partner["organisation"] not in orgs:
                    add(
                        f"{path}.partenaires[{p}].organisation",
                        f"organisation « {partner['organisation']} » inconnue dans ce document",
                    )
            territory = action.get("territoire", {})
            for z, zone in enumerate(territory.get("zones", [])):
                if zone not in ctx.zone_names:
                    add(f"{path}.territoire.zones[{z}]", f"zone d'étude « {zone} » inconnue")
            for c, code in enumerate(territory.get("communes", [])):
                if code not in ctx.territory_codes:
                    add(
                        f"{path}.territoire.communes[{c}]",
                        f"la commune {code} n'est pas dans le territoire de la CTG",
                    )
            dates = {}
            for key in ("debut", "fin"):
                try:
                    dates[key] = ex.date(action.get(key))
                except ValueError:
                    add(f"{path}.{key}", f"date impossible : {action[key]}")
            if ends_before_start(dates.get("debut"), dates.get("fin")):
                add(f"{path}.fin", "la fin ne peut pas précéder le début")
            for j, milestone in enumerate(action.get("jalons", [])):
                try:
                    ex.date(milestone["date"])
                except ValueError:
                    add(f"{path}.jalons[{j}].date", f"date impossible : {milestone['date']}")
            for n, note in enumerate(action.get("notes", [])):
                try:
                    ex.date(note["date"])
                except ValueError:
                    add(f"{path}.notes[{n}].date", f"date impossible : {note['date']}")
            for b, line in enumerate(action.get("budget", [])):
                if not start <= line["annee"] <= end:
                    add(
                        f"{path}.budget[{b}].annee",
                        f"l'année {line['annee']} est hors de la période {start}-{end}",
                    )
                if "financeur" in line and line["financeur"] not in orgs:
                    add(
                        f"{path}.budget[{b}].financeur",
                        f"organisation « {line['financeur']} » inconnue dans ce document",
                    )
            for t, code in enumerate(action.get("thematiques", [])):
                if code not in known_thematiques:
                    add(f"{path}.thematiques[{t}]", f"thématique « {code} » inconnue")

        refs: set[str] = set()
        for i, indicator in enumerate(value.get("indicateurs", [])):
            path = f"indicateurs[{i}]"
            if indicator["ref"] in refs:
                add(f"{path}.ref", f"référence « {indicator['ref']} » déjà utilisée")
            refs.add(indicator["ref"])
            if ("action" in indicator) == ("noeud" in indicator):
                add(path, "un indicateur porte soit sur une action, soit sur un nœud")
            elif "action" in indicator and (message := names.problem(indicator["action"])):
                add(f"{path}.action", message)
            elif "noeud" in indicator and indicator["noeud"] not in node_ids:
                add(f"{path}.noeud", f"nœud « {indicator['noeud']} » inconnu")
            for kind in ("cibles", "valeurs"):
                years = set()
                for y, entry in enumerate(indicator.get(kind, [])):
                    if not start <= entry["annee"] <= end:
                        add(
                            f"{path}.{kind}[{y}].annee",
                            f"l'année {entry['annee']} est hors de la période {start}-{end}",
                        )
                    if entry["annee"] in years:
                        add(f"{path}.{kind}[{y}].annee", f"année {entry['annee']} en double")
                    years.add(entry["annee"])

        ctx.plan_node_numbers = set(node_ids)
        # Every name that designates one action: its ref, or a number no other action carries.
        ctx.plan_action_numbers = set(names.keys())
        return problems

    # ---- write -----------------------------------------------------------------------------

    def write(self, value: dict, ctx: ImportContext) -> None:
        convention = ctx.convention
        # Update in place, keyed by number (nodes) or name (actions), so what points at nodes
        # and actions (documents, governance decisions) survives a re-import; what the
        # document dropped is removed.
        node_numbers = [n["numero"] for n in value.get("noeuds", [])]
        refs = [i["ref"] for i in value.get("indicateurs", [])]
        if not ctx.created:  # a new CTG has nothing to remove
            Indicator.objects.filter(convention=convention).exclude(ref__in=refs).delete()
            Level.objects.filter(convention=convention).delete()
            Snapshot.objects.filter(convention=convention).delete()
        Level.objects.bulk_create(
            Level(convention=convention, depth=depth, name=name)
            for depth, name in enumerate(value.get("niveaux", []), start=1)
        )
        thematiques = ctx.thematiques()
        pending = PendingRows()
        nodes = write_nodes(value.get("noeuds", []), ctx, thematiques, pending)
        write_cross_cutting_issues(
            value.get("enjeux_transversaux", []), convention, nodes, created=ctx.created
        )
        actions = write_actions(value.get("actions", []), ctx, nodes, thematiques, pending)
        saved = (
            {}
            if ctx.created
            else {
                i.ref: i
                for i in Indicator.objects.filter(convention=convention).prefetch_related(
                    "targets", "values"
                )
            }
        )
        for data in value.get("indicateurs", []):
            write_indicator(
                data,
                ctx,
                nodes=nodes,
                actions=actions,
                indicator=saved.get(data["ref"]),
                pending=pending,
            )
        pending.write()
        Snapshot.objects.bulk_create(
            Snapshot(
                convention=convention,
                label=s["libelle"],
                taken_at=parse_datetime(s["pris_le"]),
                data=s["contenu"],
            )
            for s in value.get("instantanes", [])
        )
        if not ctx.created:
            Node.objects.filter(convention=convention).exclude(number__in=node_numbers).order_by(
                "-depth"
            ).delete()
        ctx.plan_nodes = nodes
        ctx.plan_actions = actions

    def export(self, convention) -> Any:
        return export_plan(convention)
