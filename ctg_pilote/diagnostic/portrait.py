"""The portrait of a CTG's territory: comparison table, age bands, key figures."""

from __future__ import annotations

from dataclasses import dataclass

from ctg_pilote.conventions.models import Convention, TerritoryKind
from ctg_pilote.territories.models import Commune

from .aggregation import Aggregate, Area, aggregate_areas
from .models import Indicator, IndicatorUnit, IndicatorValue, KeyFigure, PublishedValue

AGE_BANDS = [
    "pop-0-2",
    "pop-3-5",
    "pop-6-10",
    "pop-11-17",
    "pop-18-24",
    "pop-25-39",
    "pop-40-54",
    "pop-55-64",
    "pop-65-79",
    "pop-80-plus",
]
AGE_GROUP = "tranches-age"


def areas_of(convention: Convention) -> list[Area]:
    """The columns of the comparison: each zone d'étude with communes, the territory, its
    département (that of the CAF), France."""
    areas = []
    for zone in convention.zones.order_by("position", "name"):
        communes = Commune.objects.filter(pk__in=zone.memberships.values("commune_id"))
        if communes.exists():
            areas.append(Area(f"zone-{zone.pk}", zone.name, communes))
    epci = convention.epci if convention.territory_kind == TerritoryKind.EPCI else None
    areas.append(
        Area(
            "territoire",
            "Territoire de la CTG",
            convention.communes.all(),
            level="epci" if epci else "",
            code=epci.siren if epci else "",
        )
    )
    departement = convention.caf_departement
    areas.append(
        Area(
            "departement",
            departement.name,
            Commune.objects.filter(departement=departement),
            level="departement",
            code=departement.code,
        )
    )
    areas.append(Area("france", "France", Commune.objects.filter(vintage=convention.vintage)))
    return areas


@dataclass
class Row:
    indicator: Indicator
    cells: list[tuple[Area, Aggregate]]

    source: str = ""
    fictif: bool = False
    rounded_to: int | None = None

    @property
    def year(self) -> int | None:
        return next((a.year for _, a in self.cells if a.year), None)


def comparison(convention: Convention, indicators: list[Indicator] | None = None):
    """(areas, rows): one row per indicator that has values for the territory."""
    areas = areas_of(convention)
    indicators = indicators or list(Indicator.objects.with_parts())
    territory = next(a for a in areas if a.key == "territoire")
    table = aggregate_areas(indicators, areas, year_area=territory)
    rows = [
        Row(ind, [(area, table[ind.code][area.key]) for area in areas])
        for ind in indicators
        if table[ind.code]["territoire"].year is not None
    ]
    for row in rows:
        row.source, row.fictif = dataset_source(row.indicator, row.year, territory)
        row.rounded_to = rounding(row.indicator, row.year, territory)
    return areas, rows


def _parts(indicator: Indicator) -> list[int]:
    if indicator.is_ratio:
        return [n.pk for n in indicator.numerators.all()] + [indicator.denominator_id]
    return [indicator.pk]


def rounding(indicator: Indicator, year: int, area: Area) -> int | None:
    """The rounding the source applied to the counts behind this row (5 for the CAF)."""
    found = (
        area.values()
        .filter(indicator_id__in=_parts(indicator), year=year, dataset__rounded_to__isnull=False)
        .values_list("dataset__rounded_to", flat=True)
        .first()
    )
    return found


def dataset_source(indicator: Indicator, year: int, area: Area) -> tuple[str, bool]:
    """The source of the values behind an aggregate ("a ; b" when its parts differ)."""
    parts = _parts(indicator)
    datasets = set(
        area.values()
        .filter(indicator_id__in=parts, year=year)
        .values_list("dataset__source", "dataset__vintage", "dataset__is_fictitious")
        .distinct()
    )
    if area.level:
        datasets |= set(
            PublishedValue.objects.filter(
                indicator_id__in=parts, year=year, level=area.level, code=area.code
            )
            .values_list("dataset__source", "dataset__vintage", "dataset__is_fictitious")
            .distinct()
        )
    found = sorted(datasets)
    text = " ; ".join(f"{source} ({vintage})" for source, vintage, _ in found)
    return text or indicator.source, any(f for _, _, f in found)


def format_value(indicator: Indicator, aggregate: Aggregate) -> str:
    """Plain text for CSV: a dot decimal; "" for no value."""
    if aggregate.value is None:
        return ""
    decimals = 0 if indicator.unit == IndicatorUnit.COUNT else 1
    return f"{aggregate.value:.{decimals}f}"


def age_chart(convention: Convention) -> dict | None:
    """Population by age band: the key figures of the "tranches-age" group when a source
    states them, else the commune values summed over the territory. None if neither."""
    figures = list(
        convention.key_figures.filter(
            group=AGE_GROUP, zone=None, commune=None, value__isnull=False
        ).order_by("position")
    )
    if figures:
        return {
            "labels": [f.label for f in figures],
            "values": [float(f.value) for f in figures],
            "unit": figures[0].unit_label,
            "source": figures[0].source,
            "year": figures[0].year,
            "fictif": any(f.is_fictitious for f in figures),
            "pairs": [(f.label, float(f.value)) for f in figures],
        }
    indicators = list(Indicator.objects.with_parts().filter(code__in=AGE_BANDS))
    if not indicators:
        return None
    territory = Area("territoire", "", convention.communes.all())
    table = aggregate_areas(indicators, [territory])
    by_code = {i.code: i for i in indicators}
    values = [(by_code[c], table[c]["territoire"]) for c in AGE_BANDS if c in by_code]
    if not any(a.value for _, a in values):
        return None
    year = max(a.year for _, a in values if a.year)
    dataset = (
        IndicatorValue.objects.filter(indicator__in=indicators, year=year)
        .select_related("dataset")
        .first()
    )
    return {
        "labels": [i.label for i, _ in values],
        "values": [a.value or 0 for _, a in values],
        "unit": "habitants",
        "source": dataset.dataset.source if dataset else "",
        "year": year,
        "fictif": bool(dataset and dataset.dataset.is_fictitious),
        "partial": any(a.partial for _, a in values),
        "pairs": [(i.label, a.value or 0) for i, a in values],
    }


def key_figures(convention: Convention) -> list[KeyFigure]:
    return list(
        convention.key_figures.exclude(group=AGE_GROUP).select_related(
            "zone", "commune", "thematique"
        )
    )
