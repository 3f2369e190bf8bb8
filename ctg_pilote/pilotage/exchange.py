"""The `pilotage` section of the exchange document (docs/format-echange-pilotage.md).

Nodes are named by their number and indicators by their ref, as in the `plan` section
(resolved against that section when the document has one, else against the CTG's plan in
the database); people who opted out of the digest by the e-mail of a member.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from ctg_pilote.conventions.models import Convention
from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section
from ctg_pilote.exchange.values import date, date_text, put
from ctg_pilote.plan.models import Indicator, Node

from .models import Bilan, BilanNodeText, DigestOptOut, ResultEvaluation


def _existing(ctx: ImportContext):
    return Convention.objects.filter(slug=ctx.document["ctg"]["identifiant"]).first()


class PilotageSection(Section):
    key = "pilotage"
    title = "Pilotage et évaluation"
    order = 60
    schema_file = Path(__file__).parent / "exchange_schema.json"

    def _plan(self, ctx: ImportContext) -> tuple[dict[str, int], set[str]]:
        """Node number -> number of résultats attendus, and the indicator refs."""
        plan = ctx.document.get("plan")
        if plan is not None:
            nodes = {
                n["numero"]: len(n.get("resultats_attendus", [])) for n in plan.get("noeuds", [])
            }
            return nodes, {i["ref"] for i in plan.get("indicateurs", [])}
        existing = _existing(ctx)
        if existing is None:
            return {}, set()
        nodes = {
            n.number: len(n.expected_results or [])
            for n in Node.objects.filter(convention=existing)
        }
        refs = set(Indicator.objects.filter(convention=existing).values_list("ref", flat=True))
        return nodes, refs

    def check(self, value: dict, ctx: ImportContext) -> list[Problem]:
        problems: list[Problem] = []
        nodes, refs = self._plan(ctx)
        problems += _check_bilans(value.get("bilans", []), nodes, ctx.document["ctg"]["periode"])
        problems += _check_evaluations(value.get("evaluations", []), nodes, refs)
        members = {e.lower() for e in ctx.member_emails}
        for i, email in enumerate(value.get("rappels_desactives", [])):
            if email.lower() not in members:
                problems.append(
                    Problem(
                        f"pilotage.rappels_desactives[{i}]",
                        f"« {email} » n'est pas membre de cette CTG",
                    )
                )
        return problems

    def write(self, value: dict, ctx: ImportContext) -> None:
        convention = ctx.convention
        nodes = {n.number: n for n in Node.objects.filter(convention=convention)}
        _write_bilans(convention, value.get("bilans", []), nodes)
        _write_evaluations(convention, value.get("evaluations", []), nodes)
        DigestOptOut.objects.filter(convention=convention).delete()
        users = {e.lower(): u for e, u in ctx.users.items()}
        DigestOptOut.objects.bulk_create(
            DigestOptOut(convention=convention, user=users[e.lower()])
            for e in value.get("rappels_desactives", [])
        )

    def export(self, convention) -> Any:
        value: dict[str, Any] = {}
        put(value, "bilans", _export_bilans(convention))
        put(value, "evaluations", _export_evaluations(convention))
        put(
            value,
            "rappels_desactives",
            sorted(
                DigestOptOut.objects.filter(convention=convention).values_list(
                    "user__email", flat=True
                )
            ),
        )
        return value


# ---- bilans --------------------------------------------------------------------------------


def _check_bilans(bilans: list[dict], nodes: dict[str, int], period: dict) -> list[Problem]:
    problems: list[Problem] = []
    seen = set()
    for i, bilan in enumerate(bilans):
        path = f"pilotage.bilans[{i}]"
        if not period["debut"] <= bilan["annee"] <= period["fin"]:
            problems.append(
                Problem(
                    f"{path}.annee",
                    f"l'année {bilan['annee']} est hors de la période "
                    f"{period['debut']}-{period['fin']}",
                )
            )
        if (bilan["type"], bilan["annee"]) in seen:
            problems.append(Problem(path, "bilan en double (même type et même année)"))
        seen.add((bilan["type"], bilan["annee"]))
        numbers = set()
        for j, element in enumerate(bilan.get("elements", [])):
            if element["noeud"] not in nodes:
                problems.append(
                    Problem(
                        f"{path}.elements[{j}].noeud",
                        f"élément du plan « {element['noeud']} » inconnu",
                    )
                )
            if element["noeud"] in numbers:
                problems.append(Problem(f"{path}.elements[{j}].noeud", "élément en double"))
            numbers.add(element["noeud"])
    return problems


def _write_bilans(convention, bilans: list[dict], nodes: dict[str, Node]) -> None:
    Bilan.objects.filter(convention=convention).delete()
    for data in bilans:
        bilan = Bilan.objects.create(
            convention=convention,
            kind=data["type"],
            year=data["annee"],
            introduction=data.get("introduction", ""),
            conclusion=data.get("conclusion", ""),
            is_fictitious=data.get("fictif", False),
        )
        BilanNodeText.objects.bulk_create(
            BilanNodeText(
                bilan=bilan,
                node=nodes[e["noeud"]],
                comments=e.get("commentaires", ""),
                difficulties=e.get("difficultes", ""),
                next_steps=e.get("suites", ""),
            )
            for e in data.get("elements", [])
        )


def _export_bilans(convention) -> list[dict[str, Any]]:
    bilans = []
    for bilan in (
        Bilan.objects.filter(convention=convention)
        .prefetch_related("node_texts__node")
        .order_by("year", "kind")
    ):
        entry: dict[str, Any] = {"type": bilan.kind, "annee": bilan.year}
        put(entry, "introduction", bilan.introduction)
        put(entry, "conclusion", bilan.conclusion)
        put(entry, "fictif", bilan.is_fictitious)
        elements = []
        for text in sorted(bilan.node_texts.all(), key=lambda t: t.node.sort_key):
            element = {"noeud": text.node.number}
            put(element, "commentaires", text.comments)
            put(element, "difficultes", text.difficulties)
            put(element, "suites", text.next_steps)
            elements.append(element)
        put(entry, "elements", elements)
        bilans.append(entry)
    return bilans


# ---- evaluations of expected results -------------------------------------------------------


def _check_evaluations(
    evaluations: list[dict], nodes: dict[str, int], refs: set[str]
) -> list[Problem]:
    problems: list[Problem] = []
    seen_results = set()
    for i, evaluation in enumerate(evaluations):
        path = f"pilotage.evaluations[{i}]"
        number = evaluation["noeud"]
        if number not in nodes:
            problems.append(Problem(f"{path}.noeud", f"élément du plan « {number} » inconnu"))
        elif evaluation["resultat"] > nodes[number]:
            problems.append(
                Problem(
                    f"{path}.resultat",
                    f"l'élément {number} n'a que {nodes[number]} résultat(s) attendu(s)",
                )
            )
        if (number, evaluation["resultat"]) in seen_results:
            problems.append(Problem(path, "résultat évalué deux fois"))
        seen_results.add((number, evaluation["resultat"]))
        for k, ref in enumerate(evaluation.get("indicateurs", [])):
            if ref not in refs:
                problems.append(
                    Problem(f"{path}.indicateurs[{k}]", f"indicateur « {ref} » inconnu")
                )
        if "date" in evaluation:
            try:
                datetime.date.fromisoformat(evaluation["date"])
            except ValueError:
                problems.append(Problem(f"{path}.date", "date invalide (AAAA-MM-JJ)"))
    return problems


def _write_evaluations(convention, evaluations: list[dict], nodes: dict[str, Node]) -> None:
    indicators = {i.ref: i for i in Indicator.objects.filter(convention=convention)}
    ResultEvaluation.objects.filter(convention=convention).delete()
    for data in evaluations:
        evaluation = ResultEvaluation.objects.create(
            convention=convention,
            node=nodes[data["noeud"]],
            position=data["resultat"],
            judgement=data["jugement"],
            evidence=data.get("preuves", ""),
            evaluated_on=date(data.get("date")),
            is_fictitious=data.get("fictif", False),
        )
        evaluation.indicators.set([indicators[r] for r in data.get("indicateurs", [])])


def _export_evaluations(convention) -> list[dict[str, Any]]:
    evaluations = []
    for e in (
        ResultEvaluation.objects.filter(convention=convention)
        .select_related("node")
        .prefetch_related("indicators")
        .order_by("node__sort_key", "position")
    ):
        entry = {"noeud": e.node.number, "resultat": e.position, "jugement": e.judgement}
        put(entry, "preuves", e.evidence)
        put(entry, "indicateurs", sorted(i.ref for i in e.indicators.all()))
        put(entry, "date", date_text(e.evaluated_on))
        put(entry, "fictif", e.is_fictitious)
        evaluations.append(entry)
    return evaluations
