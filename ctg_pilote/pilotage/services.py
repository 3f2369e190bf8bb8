"""Writes of the pilotage: bilan narratives, judgements, digest opt-outs."""

from __future__ import annotations

from django.db import transaction

from ctg_pilote.core.versioning import save_versioned
from ctg_pilote.plan.models import Node

from .models import Bilan, BilanNodeText, DigestOptOut, ResultEvaluation


@transaction.atomic
def save_bilan(
    *,
    convention,
    kind: str,
    year: int,
    introduction: str,
    conclusion: str,
    node_texts: dict[int, dict[str, str]],
    expected_version: int | None = None,
) -> Bilan:
    """Save a bilan's narrative; `node_texts` maps a node id to comments/difficulties/next_steps.
    Refused (StaleEdit) if someone saved it since `expected_version` (0: none written yet)."""
    bilan = Bilan.objects.filter(convention=convention, kind=kind, year=year).first() or Bilan(
        convention=convention, kind=kind, year=year
    )
    bilan.introduction, bilan.conclusion = introduction, conclusion
    save_versioned(bilan, expected_version=expected_version)
    nodes = set(Node.objects.filter(convention=convention).values_list("pk", flat=True))
    bilan.node_texts.all().delete()
    BilanNodeText.objects.bulk_create(
        BilanNodeText(bilan=bilan, node_id=node_id, **texts)
        for node_id, texts in node_texts.items()
        if node_id in nodes and any(texts.values())
    )
    return bilan


@transaction.atomic
def evaluate_result(
    *,
    node: Node,
    position: int,
    judgement: str,
    evidence: str,
    indicators,
    evaluated_on,
    expected_version: int | None = None,
) -> ResultEvaluation:
    """Judge a résultat attendu, unless someone saved its evaluation since `expected_version`."""
    evaluation = ResultEvaluation.objects.filter(
        node=node, position=position
    ).first() or ResultEvaluation(node=node, position=position)
    evaluation.convention = node.convention
    evaluation.judgement, evaluation.evidence = judgement, evidence
    evaluation.evaluated_on, evaluation.is_fictitious = evaluated_on, False
    save_versioned(evaluation, expected_version=expected_version)
    evaluation.indicators.set(indicators)
    return evaluation


def set_digest(*, convention, user, wanted: bool) -> None:
    if wanted:
        DigestOptOut.objects.filter(convention=convention, user=user).delete()
    else:
        DigestOptOut.objects.get_or_create(convention=convention, user=user)
