"""Reads of the findings (blocks of statements) shared by the diagnostic pages and the public
page."""

from __future__ import annotations

from .models import SynthesisBlock


def blocks_for_page(convention, *, published_only: bool = False) -> list[SynthesisBlock]:
    """The CTG's blocks in order, with their statements and everything they cite loaded."""
    blocks = convention.synthesis_blocks.select_related("thematique").prefetch_related(
        "items__indicators",
        "items__key_figures",
        "items__offer_types",
        "items__survey_questions__survey",
        "items__surveys",
        "items__plan_nodes",
    )
    if published_only:
        blocks = blocks.filter(is_published=True)
    return list(blocks)
