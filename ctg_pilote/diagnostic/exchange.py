"""The `diagnostic` section of the exchange document (docs/format-echange-diagnostic.md).

Indicator values per commune are shared reference data (imported with `ctg import_indicators`)
and are not part of a CTG's document; everything the CTG itself states is: key figures, its
offer, its surveys and its syntheses. A present section replaces all of them.

One module per entity checks, writes and exports it: `exchange_figures.py`,
`exchange_offer.py`, `exchange_surveys.py`, `exchange_syntheses.py`; this one orders them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ctg_pilote.exchange.problems import Problem
from ctg_pilote.exchange.sections import ImportContext, Section
from ctg_pilote.exchange.values import put
from ctg_pilote.territories.models import Commune

from .catalogue import INDICATORS
from .exchange_common import DiagnosticCheck
from .exchange_figures import check_key_figures, export_key_figures, write_key_figures
from .exchange_offer import (
    BASE_OFFER_TYPES,
    check_equipments,
    check_offer_counts,
    export_offer,
    export_offer_types,
    write_equipments,
    write_offer_counts,
    write_offer_types,
)
from .exchange_surveys import check_surveys, export_surveys, write_surveys
from .exchange_syntheses import check_syntheses, export_syntheses, write_syntheses
from .models import Indicator, OfferType

BASE_INDICATORS = {item["code"] for item in INDICATORS}


def _commune_codes(value: dict) -> set[str]:
    """Every commune code the section names."""
    codes = {f["commune"] for f in value.get("chiffres_cles", []) if "commune" in f}
    for item in value.get("offre", {}).get("equipements", []):
        codes.update([item["commune"]] if "commune" in item else [])
        codes.update(item.get("communes_desservies", []))
    for survey in value.get("enquetes", []):
        codes.update(r["commune"] for r in survey.get("reponses", []) if "commune" in r)
    return codes


class DiagnosticSection(Section):
    key = "diagnostic"
    schema_file = Path(__file__).parent / "exchange_schema.json"
    # After the plan (20), whose nodes the syntheses lead to; before governance and
    # publication.
    order = 25
    title = "Diagnostic partagé"

    def check(self, value: dict[str, Any], ctx: ImportContext) -> list[Problem]:
        check = DiagnosticCheck(ctx, _commune_codes(value))
        indicators = set(Indicator.objects.values_list("code", flat=True)) | BASE_INDICATORS
        check_key_figures(check, value.get("chiffres_cles", []), indicators)
        types = set(OfferType.objects.values_list("code", flat=True)) | BASE_OFFER_TYPES
        types.update(item["code"] for item in value.get("types_offre", []))
        offre = value.get("offre", {})
        check_offer_counts(check, offre.get("decomptes", []), types)
        check_equipments(check, offre.get("equipements", []), types)
        questions = check_surveys(check, value.get("enquetes", []))
        check_syntheses(
            check,
            value.get("syntheses", []),
            indicators=indicators,
            figure_codes={f["code"] for f in value.get("chiffres_cles", [])},
            types=types,
            questions=questions,
            surveys={s["titre"] for s in value.get("enquetes", [])},
        )
        return check.problems

    def write(self, value: dict[str, Any], ctx: ImportContext) -> None:
        from .catalogue import ensure_catalogue
        from .services import ensure_population_values

        # The shipped catalogue, if a flushed test database lost what the migration loaded.
        if not OfferType.objects.exists() or not Indicator.objects.exists():
            ensure_catalogue()
        ensure_population_values(vintage=ctx.vintage)
        convention = ctx.convention
        communes = {
            c.code: c
            for c in Commune.objects.filter(vintage=ctx.vintage, code__in=_commune_codes(value))
        }
        indicators = {i.code: i for i in Indicator.objects.all()}
        if not ctx.created:  # a new CTG has nothing to replace
            convention.synthesis_blocks.all().delete()
            convention.key_figures.all().delete()
            convention.offers.all().delete()
            convention.offer_counts.all().delete()
            convention.surveys.all().delete()

        figures = write_key_figures(value.get("chiffres_cles", []), ctx, communes, indicators)
        types = write_offer_types(value.get("types_offre", []))
        offre = value.get("offre", {})
        write_offer_counts(offre.get("decomptes", []), convention, types)
        write_equipments(offre.get("equipements", []), ctx, types, communes)
        surveys, questions = write_surveys(value.get("enquetes", []), convention, communes)
        write_syntheses(
            value.get("syntheses", []),
            convention,
            indicators=indicators,
            figures=figures,
            types=types,
            questions=questions,
            surveys=surveys,
            plan_nodes=ctx.plan_nodes,
            thematiques=ctx.thematiques(),
        )

    def export(self, convention) -> dict[str, Any]:
        out: dict[str, Any] = {}
        put(out, "chiffres_cles", export_key_figures(convention))
        put(out, "types_offre", export_offer_types(convention))
        put(out, "offre", export_offer(convention))
        put(out, "enquetes", export_surveys(convention))
        put(out, "syntheses", export_syntheses(convention))
        return out
