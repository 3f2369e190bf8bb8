"""Syntheses (`diagnostic.syntheses`) in the exchange document: check, write, export.

A synthesis points at indicators, key figures, offer types and survey questions of the same
section, so it is checked and written last."""

from __future__ import annotations

from typing import Any

from ctg_pilote.conventions.models import Thematique
from ctg_pilote.exchange.values import put

from .exchange_common import DiagnosticCheck
from .models import SynthesisItem


def check_syntheses(
    check: DiagnosticCheck,
    syntheses: list[dict],
    *,
    indicators: set[str],
    figure_codes: set[str],
    types: set[str],
    questions: set[tuple[str, str]],
) -> None:
    thematiques = set(Thematique.objects.values_list("code", flat=True)) | {
        t["code"] for t in check.ctx.document.get("thematiques", [])
    }
    for i, item in enumerate(syntheses):
        path = f"syntheses[{i}]"
        if item["thematique"] not in thematiques:
            check.add(f"{path}.thematique", f"thématique « {item['thematique']} » inconnue")
        for j, code in enumerate(item.get("indicateurs", [])):
            if code not in indicators:
                check.add(f"{path}.indicateurs[{j}]", f"indicateur « {code} » inconnu")
        for j, code in enumerate(item.get("chiffres_cles", [])):
            if code not in figure_codes:
                check.add(
                    f"{path}.chiffres_cles[{j}]", f"chiffre clé « {code} » absent du document"
                )
        for j, code in enumerate(item.get("types_offre", [])):
            if code not in types:
                check.add(f"{path}.types_offre[{j}]", f"type d'offre « {code} » inconnu")
        for j, ref in enumerate(item.get("questions", [])):
            if (ref["enquete"], ref["code"]) not in questions:
                check.add(f"{path}.questions[{j}]", "question d'enquête absente du document")


def write_syntheses(
    syntheses: list[dict], convention, *, indicators, figures, types, questions
) -> None:
    """Create the syntheses; the other arguments map document codes to saved objects."""
    thematiques = {t.code: t for t in Thematique.objects.all()}
    for position, data in enumerate(syntheses):
        item = SynthesisItem.objects.create(
            convention=convention,
            thematique=thematiques[data["thematique"]],
            kind=data["type"],
            text=data["texte"],
            position=position,
            enjeux=data.get("enjeux", []),
            is_fictitious=data.get("fictif", False),
        )
        item.indicators.set(indicators[c] for c in data.get("indicateurs", []))
        item.key_figures.set(f for c in data.get("chiffres_cles", []) for f in figures[c])
        item.offer_types.set(types[c] for c in data.get("types_offre", []))
        item.survey_questions.set(
            questions[(r["enquete"], r["code"])] for r in data.get("questions", [])
        )


def export_syntheses(convention) -> list[dict[str, Any]]:
    syntheses = []
    for item in (
        convention.synthesis_items.select_related("thematique")
        .prefetch_related("indicators", "key_figures", "offer_types", "survey_questions__survey")
        .order_by("position", "pk")
    ):
        entry = {"thematique": item.thematique.code, "type": item.kind, "texte": item.text}
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
        put(entry, "enjeux", item.enjeux)
        put(entry, "fictif", item.is_fictitious)
        syntheses.append(entry)
    return syntheses
