"""Key figures (`diagnostic.chiffres_cles`) in the exchange document: check, write, export.

A figure keeps the words of its source: a value or a range with a qualifier and a unit (known
or free), and/or the text as printed; a year or a period; a thématique; a scope (zone, commune,
équipement or free perimeter). Without a source, pages say "source non précisée"."""

from __future__ import annotations

from typing import Any

from ctg_pilote.exchange.sections import ImportContext
from ctg_pilote.exchange.values import decimal, number, put

from .exchange_common import DiagnosticCheck
from .models import KeyFigure

SCOPE_KEYS = ("zone", "commune", "equipement", "perimetre")


def known_thematiques(check: DiagnosticCheck) -> set[str]:
    """The thématique codes a diagnostic entry may name: shipped ones and the document's."""
    return check.ctx.known_thematiques()


def _check_words(check: DiagnosticCheck, path: str, figure: dict) -> None:
    if "valeur" not in figure and not figure.get("texte"):
        check.add(path, "un chiffre clé a une « valeur » ou un « texte » (le chiffre tel qu'écrit)")
    if "valeur_max" in figure:
        if "valeur" not in figure:
            check.add(f"{path}.valeur_max", "une fourchette a aussi une « valeur » (son minimum)")
        elif figure["valeur_max"] < figure["valeur"]:
            check.add(f"{path}.valeur_max", "la valeur maximale est inférieure à la valeur")
    period = figure.get("periode", {})
    if "annee" in figure and period:
        check.add(path, "un chiffre clé porte sur une « annee » OU une « periode »")
    if period.get("debut") and period.get("fin") and period["fin"] < period["debut"]:
        check.add(f"{path}.periode.fin", "la fin de la période précède son début")


def check_key_figures(check: DiagnosticCheck, figures: list[dict], indicators: set[str]) -> None:
    thematiques = known_thematiques(check)
    for i, figure in enumerate(figures):
        path = f"chiffres_cles[{i}]"
        if "commune" in figure:
            check.commune(f"{path}.commune", figure["commune"])
        if "zone" in figure and figure["zone"] not in check.ctx.zone_names:
            check.add(f"{path}.zone", f"zone d'étude « {figure['zone']} » inconnue")
        if sum(1 for key in SCOPE_KEYS if figure.get(key)) > 1:
            check.add(
                path,
                "un chiffre clé porte sur une seule étendue : zone, commune, equipement "
                "ou perimetre",
            )
        if "indicateur" in figure and figure["indicateur"] not in indicators:
            check.add(
                f"{path}.indicateur",
                f"indicateur « {figure['indicateur']} » absent du catalogue",
            )
        if "thematique" in figure and figure["thematique"] not in thematiques:
            check.add(f"{path}.thematique", f"thématique « {figure['thematique']} » inconnue")
        _check_words(check, path, figure)


def write_key_figures(
    figures: list[dict], ctx: ImportContext, communes: dict, indicators: dict
) -> dict[str, list[KeyFigure]]:
    """Create the figures; returns them by code (syntheses point at codes)."""
    by_code: dict[str, list[KeyFigure]] = {}
    thematiques = ctx.thematiques()
    for position, data in enumerate(figures):
        period = data.get("periode", {})
        figure = KeyFigure.objects.create(
            convention=ctx.convention,
            code=data["code"],
            group=data.get("groupe", ""),
            label=data["libelle"],
            indicator=indicators.get(data.get("indicateur", "")),
            qualifier=data.get("qualificatif", ""),
            value=decimal(data["valeur"]) if "valeur" in data else None,
            value_max=decimal(data["valeur_max"]) if "valeur_max" in data else None,
            unit=data.get("unite", "nombre"),
            text=data.get("texte", ""),
            thematique=thematiques.get(data.get("thematique", "")),
            zone=ctx.zones.get(data.get("zone", "")),
            commune=communes.get(data.get("commune", "")),
            equipment=data.get("equipement", ""),
            perimeter=data.get("perimetre", ""),
            year=data.get("annee"),
            period_start=period.get("debut"),
            period_end=period.get("fin"),
            source=data.get("source", ""),
            note=data.get("remarque", ""),
            is_fictitious=data.get("fictif", False),
            position=position,
        )
        by_code.setdefault(figure.code, []).append(figure)
    return by_code


def export_key_figures(convention) -> list[dict[str, Any]]:
    figures = []
    for figure in convention.key_figures.select_related(
        "indicator", "zone", "commune", "thematique"
    ):
        entry: dict[str, Any] = {"code": figure.code, "libelle": figure.label}
        put(entry, "qualificatif", figure.qualifier)
        # A zero is a value: written, where `put` would leave it out.
        for key, value in (("valeur", figure.value), ("valeur_max", figure.value_max)):
            if value is not None:
                entry[key] = number(value)
        if figure.unit != "nombre":
            entry["unite"] = figure.unit
        put(entry, "texte", figure.text)
        put(entry, "groupe", figure.group)
        put(entry, "indicateur", figure.indicator and figure.indicator.code)
        put(entry, "thematique", figure.thematique and figure.thematique.code)
        put(entry, "zone", figure.zone and figure.zone.name)
        put(entry, "commune", figure.commune and figure.commune.code)
        put(entry, "equipement", figure.equipment)
        put(entry, "perimetre", figure.perimeter)
        put(entry, "annee", figure.year)
        period: dict[str, Any] = {}
        put(period, "debut", figure.period_start)
        put(period, "fin", figure.period_end)
        put(entry, "periode", period)
        put(entry, "source", figure.source)
        put(entry, "remarque", figure.note)
        put(entry, "fictif", figure.is_fictitious)
        figures.append(entry)
    return figures
