"""The logos a document prints: the signatories' (uploaded with their organisation, kept with
the CTG) in French alphabetical order, and the deploying organisation's (settings.CTG_BRAND
["logo_file"]). An organisation without a logo is simply not in the strip: nothing stands in."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ctg_pilote.core.images import brand_logo, data_uri
from ctg_pilote.core.text import french_sort_key


@dataclass(frozen=True)
class Logo:
    name: str  # the organisation: the image's alternative text
    data: bytes
    media_type: str

    @property
    def uri(self) -> str:
        return data_uri(self.data, self.media_type)


def signatory_logos(convention) -> list[Logo]:
    rows = (
        convention.organisations.signatories()
        .filter(logo__isnull=False)
        .values_list("name", "logo", "logo_type")
    )
    logos = [Logo(name, bytes(data), media_type) for name, data, media_type in rows if data]
    return sorted(logos, key=lambda logo: french_sort_key(logo.name))


def deploying_logo() -> Logo | None:
    found = brand_logo()
    if found is None:
        return None
    name = (getattr(settings, "CTG_BRAND", {}) or {}).get("name", "")
    return Logo(name, *found)


def logo_context(convention) -> dict:
    return {"logos": signatory_logos(convention), "brand_logo": deploying_logo()}
