"""Writes of the pilotage: bilan narratives, judgements, digest opt-outs."""

from __future__ import annotations

from django.db import transaction

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
) -> Bilan:
    """Save a bilan's narrative; `node_texts` maps a node id to comments/difficulties/next_steps."""
    bilan, _ = Bilan.objects.update_or_create(
        convention=convention,
        kind=kind,
        year=year,
        defaults={"introduction": introduction, "conclusion": conclusion},
    )
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
    *, node: Node, position: int, judgement: str, evidence: str, indicators, evaluated_on
) -> ResultEvaluation:
    evaluation, _ = ResultEvaluation.objects.update_or_create(
        node=node,
        position=position,
        defaults={
            "convention": node.convention,
            "judgement": judgement,
            "evidence": evidence,
            "evaluated_on": evaluated_on,
            "is_fictitious": False,
        },
    )
    evaluation.indicators.set(indicators)
    return evaluation


def set_digest(*, convention, user, wanted: bool) -> None:
    if wanted:
        DigestOptOut.objects.filter(convention=convention, user=user).delete()
    else:
        DigestOptOut.objects.get_or_create(convention=convention, user=user)
