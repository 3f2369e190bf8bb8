"""Syntheses (`diagnostic.syntheses`) in the exchange document: check, write, export.

A block holds ordered statements that point at indicators, key figures, offer types, surveys
and survey questions of the same section, so blocks are checked and written last. They may
also lead to nodes of the plan d'action, named by number: the `plan` section is checked and
written before this one (`DiagnosticSection.order`), which finds them in `ctx.plan_nodes`, or
among the CTG's saved nodes when the document has no plan.

The legacy flat form (one entry per statement with `thematique`, `type`, `texte`) is still
read: its entries become one block per thématique, in order of first appearance."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.values import put

from .exchange_common import DiagnosticCheck
from .models import SynthesisBlock, SynthesisItem

LEGACY_KEYS = ("type", "texte", "indicateurs", "chiffres_cles", "types_offre", "questions")


def _node_model():
    """The plan's Node, found by label: the plan is not imported (same layer)."""
    return apps.get_model("plan", "Node")


def blocks_of(syntheses: list[dict]) -> list[tuple[str, dict]]:
    """The document's blocks with their paths; legacy flat entries grouped by thématique."""
    blocks: list[tuple[str, dict]] = []
    legacy: dict[str, dict] = {}
    for i, entry in enumerate(syntheses):
        path = f"syntheses[{i}]"
        if "elements" in entry or not any(key in entry for key in LEGACY_KEYS):
            blocks.append((path, {**entry, "_paths": None}))
            continue
        element = {key: entry[key] for key in (*LEGACY_KEYS, "fictif") if key in entry}
        if "enjeux" in entry:
            element["elements_plan"] = entry["enjeux"]
        code = entry.get("thematique", "")
        if code not in legacy:
            legacy[code] = {"thematique": code, "elements": [], "_paths": []}
            if "titre" in entry:
                legacy[code]["titre"] = entry["titre"]
            blocks.append((path, legacy[code]))
        legacy[code]["elements"].append(element)
        legacy[code]["_paths"].append(path)
    return blocks


def _element_paths(path: str, block: dict) -> list[str]:
    if block["_paths"] is not None:
        return block["_paths"]
    return [f"{path}.elements[{j}]" for j in range(len(block.get("elements", [])))]


def plan_node_numbers(check: DiagnosticCheck) -> set[str]:
    """The node numbers a statement may name: the document's plan, else the CTG's saved one."""
    if "plan" in check.ctx.document:
        return check.ctx.plan_node_numbers
    slug = check.ctx.document.get("ctg", {}).get("identifiant", "")
    return set(_node_model().objects.filter(convention__slug=slug).values_list("number", flat=True))


class _Known:
    """What a statement may cite, and the CTG's plan node numbers, looked up once."""

    def __init__(self, check: DiagnosticCheck, **codes: set[str]):
        self.check = check
        self.codes = codes
        self._nodes: set[str] | None = None

    @property
    def nodes(self) -> set[str]:
        if self._nodes is None:
            self._nodes = plan_node_numbers(self.check)
        return self._nodes


MESSAGES = {
    "indicateurs": "indicateur « {} » inconnu",
    "chiffres_cles": "chiffre clé « {} » absent du document",
    "types_offre": "type d'offre « {} » inconnu",
    "enquetes": "enquête « {} » absente du document",
}


def _check_element(known: _Known, epath: str, element: dict, legacy: bool) -> None:
    check = known.check
    if "texte" not in element:
        check.add(epath, "il manque le « texte » de l'élément")
    for key, message in MESSAGES.items():
        for j, code in enumerate(element.get(key, [])):
            if code not in known.codes[key]:
                check.add(f"{epath}.{key}[{j}]", message.format(code))
    for j, ref in enumerate(element.get("questions", [])):
        if (ref["enquete"], ref["code"]) not in known.codes["questions"]:
            check.add(f"{epath}.questions[{j}]", "question d'enquête absente du document")
    key = "enjeux" if legacy else "elements_plan"
    for j, number in enumerate(element.get("elements_plan", [])):
        if number not in known.nodes:
            check.add(f"{epath}.{key}[{j}]", f"élément « {number} » absent du plan d'action")


def check_syntheses(
    check: DiagnosticCheck,
    syntheses: list[dict],
    *,
    indicators: set[str],
    figure_codes: set[str],
    types: set[str],
    questions: set[tuple[str, str]],
    surveys: set[str],
) -> None:
    thematiques = check.ctx.known_thematiques()
    known = _Known(
        check,
        indicateurs=indicators,
        chiffres_cles=figure_codes,
        types_offre=types,
        enquetes=surveys,
        questions=questions,
    )
    for path, block in blocks_of(syntheses):
        if block.get("thematique") and block["thematique"] not in thematiques:
            check.add(f"{path}.thematique", f"thématique « {block['thematique']} » inconnue")
        if not block.get("thematique") and not block.get("titre"):
            check.add(path, "un bloc a un « titre », une « thematique », ou les deux")
        elements = block.get("elements", [])
        for epath, element in zip(_element_paths(path, block), elements, strict=True):
            _check_element(known, epath, element, legacy=block["_paths"] is not None)


def _plan_nodes(convention: Convention, resolved: dict) -> dict:
    """Plan nodes by number: the ones the plan section just wrote, else the saved ones."""
    if resolved:
        return resolved
    return {n.number: n for n in _node_model().objects.filter(convention=convention)}


def write_syntheses(
    syntheses: list[dict],
    convention,
    *,
    indicators,
    figures,
    types,
    questions,
    surveys,
    plan_nodes,
    thematiques,
) -> None:
    """Create the blocks and their statements; the other arguments map document codes to
    saved objects."""
    nodes = _plan_nodes(convention, plan_nodes)
    for position, (_path, data) in enumerate(blocks_of(syntheses)):
        block = SynthesisBlock.objects.create(
            convention=convention,
            title=data.get("titre", ""),
            thematique=thematiques.get(data.get("thematique", "")),
            is_published=data.get("publie", False),
            position=position,
        )
        for rank, element in enumerate(data.get("elements", [])):
            item = SynthesisItem.objects.create(
                block=block,
                heading=element.get("intertitre", ""),
                kind=element.get("type", ""),
                text=element["texte"],
                position=rank,
                is_fictitious=element.get("fictif", False),
            )
            item.indicators.set(indicators[c] for c in element.get("indicateurs", []))
            item.key_figures.set(f for c in element.get("chiffres_cles", []) for f in figures[c])
            item.offer_types.set(types[c] for c in element.get("types_offre", []))
            item.survey_questions.set(
                questions[(r["enquete"], r["code"])] for r in element.get("questions", [])
            )
            item.surveys.set(surveys[t] for t in element.get("enquetes", []))
            item.plan_nodes.set(nodes[n] for n in element.get("elements_plan", []))


def _export_item(item: SynthesisItem) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    put(entry, "intertitre", item.heading)
    put(entry, "type", item.kind)
    entry["texte"] = item.text
    put(entry, "indicateurs", sorted(i.code for i in item.indicators.all()))
    put(entry, "chiffres_cles", sorted({f.code for f in item.key_figures.all()}))
    put(entry, "types_offre", sorted(t.code for t in item.offer_types.all()))
    put(
        entry,
        "questions",
        [
            {"enquete": q.survey.title, "code": q.code}
            for q in sorted(item.survey_questions.all(), key=lambda q: q.pk)
        ],
    )
    put(entry, "enquetes", sorted(s.title for s in item.surveys.all()))
    put(entry, "elements_plan", [n.number for n in item.plan_nodes.order_by("sort_key")])
    put(entry, "fictif", item.is_fictitious)
    return entry


def export_syntheses(convention) -> list[dict[str, Any]]:
    blocks = []
    for block in convention.synthesis_blocks.select_related("thematique").prefetch_related(
        "items__indicators",
        "items__key_figures",
        "items__offer_types",
        "items__survey_questions__survey",
        "items__surveys",
    ):
        entry: dict[str, Any] = {}
        put(entry, "titre", block.title)
        put(entry, "thematique", block.thematique and block.thematique.code)
        put(entry, "publie", block.is_published)
        entry["elements"] = [_export_item(item) for item in block.items.all()]
        blocks.append(entry)
    return blocks
