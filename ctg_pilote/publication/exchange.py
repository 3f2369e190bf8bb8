"""The `publication` section of the exchange document (docs/format-echange-publication.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctg_pilote.exchange.sections import ImportContext, Section
from ctg_pilote.exchange.values import put

from .models import ALL_SECTIONS, Publication


class PublicationSection(Section):
    key = "publication"
    title = "Publication"
    order = 40
    schema_file = Path(__file__).parent / "exchange_schema.json"

    def write(self, value: dict[str, Any], ctx: ImportContext) -> None:
        # The schema already checked every key and value; nothing depends on other sections.
        chosen = set(value.get("rubriques", []))
        Publication.objects.update_or_create(
            convention=ctx.convention,
            defaults={
                "is_published": value["en_ligne"],
                "introduction": value.get("introduction", ""),
                "sections": [s for s in ALL_SECTIONS if s in chosen],
            },
        )

    def export(self, convention) -> dict[str, Any] | None:
        publication = Publication.objects.filter(convention=convention).first()
        if publication is None:
            return None
        out: dict[str, Any] = {"en_ligne": publication.is_published}
        put(out, "introduction", publication.introduction)
        out["rubriques"] = list(publication.sections)
        return out
