"""Key figures (`diagnostic.chiffres_cles`) in the exchange document: check, write, export."""

from __future__ import annotations

from typing import Any

from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.exchange.values import decimal, number, put

from .exchange_common import DiagnosticCheck
from .models import KeyFigure


def check_key_figures(check: DiagnosticCheck, figures: list[dict], indicators: set[str]) -> None:
    for i, figure in enumerate(figures):
        if "commune" in figure:
            check.commune(f"chiffres_cles[{i}].commune", figure["commune"])
        if "zone" in figure and figure["zone"] not in check.ctx.zone_names:
            check.add(f"chiffres_cles[{i}].zone", f"zone d'étude « {figure['zone']} » inconnue")
        if "zone" in figure and "commune" in figure:
            check.add(f"chiffres_cles[{i}]", "un chiffre clé porte sur une zone OU une commune")
        if "indicateur" in figure and figure["indicateur"] not in indicators:
            check.add(
                f"chiffres_cles[{i}].indicateur",
                f"indicateur « {figure['indicateur']} » absent du catalogue",
            )


def write_key_figures(
    figures: list[dict], ctx: ImportContext, communes: dict, indicators: dict
) -> dict[str, list[KeyFigure]]:
    """Create the figures; returns them by code (syntheses point at codes)."""
    by_code: dict[str, list[KeyFigure]] = {}
    for position, data in enumerate(figures):
        figure = KeyFigure.objects.create(
            convention=ctx.convention,
            code=data["code"],
            group=data.get("groupe", ""),
            label=data["libelle"],
            indicator=indicators.get(data.get("indicateur", "")),
            value=decimal(data["valeur"]),
            unit=data.get("unite", "nombre"),
            zone=ctx.zones.get(data.get("zone", "")),
            commune=communes.get(data.get("commune", "")),
            year=data.get("annee"),
            source=data["source"],
            note=data.get("remarque", ""),
            is_fictitious=data.get("fictif", False),
            position=position,
        )
        by_code.setdefault(figure.code, []).append(figure)
    return by_code


def export_key_figures(convention) -> list[dict[str, Any]]:
    figures = []
    for figure in convention.key_figures.select_related("indicator", "zone", "commune"):
        entry: dict[str, Any] = {
            "code": figure.code,
            "libelle": figure.label,
            "valeur": number(figure.value),
        }
        if figure.unit != "nombre":
            entry["unite"] = figure.unit
        put(entry, "groupe", figure.group)
        put(entry, "indicateur", figure.indicator and figure.indicator.code)
        put(entry, "zone", figure.zone and figure.zone.name)
        put(entry, "commune", figure.commune and figure.commune.code)
        put(entry, "annee", figure.year)
        entry["source"] = figure.source
        put(entry, "remarque", figure.note)
        put(entry, "fictif", figure.is_fictitious)
        figures.append(entry)
    return figures
