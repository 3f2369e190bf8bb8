"""Aggregate commune values over any set of communes with each indicator's rule.

- somme: the sum of the communes' values;
- ratio: the numerators and the denominator are each summed over the communes, then divided
  (never an average of commune ratios); a zero denominator gives no value (shown "—");
- moyenne pondérée: sum(value x weight) / sum(weight) over the communes having both.

An aggregate is "partiel" when some communes of the set have no value (masked by the source
or absent from the files): it then says how many communes it covers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum

from ctg_pilote.territories.models import Commune, Epci

from .models import AggregationRule, Indicator, IndicatorValue, PublishedValue


@dataclass(frozen=True)
class Aggregate:
    value: float | None
    year: int | None
    covered: int  # communes with a value
    expected: int  # communes in the set
    zero_denominator: bool = False
    published: bool = False  # the value the source publishes for the area itself
    approximate: bool = False  # a weighted mean of commune rates

    @property
    def partial(self) -> bool:
        return self.value is not None and self.covered < self.expected

    @property
    def uncovered(self) -> int:
        """Communes of the set without a value (masked or absent)."""
        return max(self.expected - self.covered, 0)

    @property
    def missing(self) -> bool:
        return self.value is None


EMPTY = Aggregate(None, None, 0, 0)


@dataclass
class _Sums:
    total: float = 0.0
    covered: int = 0  # non-null values
    weighted: float = 0.0  # sum(value x weight), weighted means only
    weights: float = 0.0


def numerator_ids(indicator: Indicator) -> list[int]:
    """The numerators of a ratio, read once per indicator object (prefetched or not)."""
    found = indicator.__dict__.get("_numerator_ids")
    if found is None:
        found = indicator.__dict__["_numerator_ids"] = [n.pk for n in indicator.numerators.all()]
    return found


def base_indicators(indicators: list[Indicator]) -> set[int]:
    """The indicators whose values must be read to compute these (ratios need their parts)."""
    needed: set[int] = set()
    for indicator in indicators:
        if indicator.rule == AggregationRule.RATIO:
            needed.update(numerator_ids(indicator))
            if indicator.denominator_id:
                needed.add(indicator.denominator_id)
        else:
            needed.add(indicator.pk)
    return needed


def grouped_sums(
    values: QuerySet[IndicatorValue], indicators: list[Indicator], group: str | None = None
) -> dict[tuple, _Sums]:
    """Sums per (group, indicator id, year) of the values of these indicators (one query,
    plus one per weighted mean). `group` is a field path of IndicatorValue, e.g.
    "commune__epci_id"; None sums everything."""
    needed = base_indicators(indicators)
    fields = ["indicator_id", "year"] + ([group] if group else [])
    out: dict[tuple, _Sums] = defaultdict(_Sums)
    rows = (
        values.filter(indicator_id__in=needed)
        .values(*fields)
        .annotate(total=Sum("value"), covered=Count("value"))
        .order_by()
    )
    for row in rows:
        key = (row.get(group) if group else None, row["indicator_id"], row["year"])
        out[key].total = row["total"] or 0.0
        out[key].covered = row["covered"]
    for indicator in indicators:
        if indicator.rule == AggregationRule.WEIGHTED_MEAN and indicator.weight_id:
            _weighted_sums(values, indicator, group, out)
    return out


def _weighted_sums(values, indicator: Indicator, group: str | None, out: dict) -> None:
    """sum(value x weight) and sum(weight) per (group, indicator id, year), into `out`."""
    fields = ["indicator_id", "year"] + ([group] if group else [])
    weight = IndicatorValue.objects.filter(
        indicator_id=indicator.weight_id,
        commune_id=OuterRef("commune_id"),
        year=OuterRef("year"),
    ).values("value")[:1]
    rows = (
        values.filter(indicator=indicator, value__isnull=False)
        .annotate(w=Subquery(weight))
        .filter(w__isnull=False)
        .values(*fields)
        .annotate(weighted=Sum(F("value") * F("w")), weights=Sum("w"))
        .order_by()
    )
    for row in rows:
        key = (row.get(group) if group else None, row["indicator_id"], row["year"])
        found = out.setdefault(key, _Sums())
        found.weighted = row["weighted"] or 0.0
        found.weights = row["weights"] or 0.0


def compute(
    indicator: Indicator, sums: dict[tuple, _Sums], group, year: int, expected: int
) -> Aggregate:
    """The aggregate of one indicator for one group and year, from grouped_sums()."""
    if indicator.rule == AggregationRule.RATIO:
        parts = [sums.get((group, pk, year)) for pk in numerator_ids(indicator)]
        denominator = sums.get((group, indicator.denominator_id, year))
        if denominator is None or not denominator.covered or not parts or None in parts:
            return Aggregate(None, year, 0, expected)
        covered = min([denominator.covered] + [p.covered for p in parts])
        if not covered or any(not p.covered for p in parts):
            return Aggregate(None, year, 0, expected)
        if denominator.total == 0:
            return Aggregate(None, year, covered, expected, zero_denominator=True)
        value = sum(p.total for p in parts) / denominator.total * indicator.factor
        return Aggregate(value, year, covered, expected)
    found = sums.get((group, indicator.pk, year))
    if found is None or not found.covered:
        return Aggregate(None, year, 0, expected)
    if indicator.rule == AggregationRule.PUBLISHED and expected != 1:
        return Aggregate(None, year, 0, expected)  # a median is not computed from communes
    if indicator.rule == AggregationRule.WEIGHTED_MEAN:
        if not found.weights:
            return Aggregate(None, year, found.covered, expected, zero_denominator=True)
        value = found.weighted / found.weights
        return Aggregate(value, year, found.covered, expected, approximate=expected > 1)
    return Aggregate(found.total, year, found.covered, expected)


def years_of(indicator: Indicator, sums: dict[tuple, _Sums], group=None) -> list[int]:
    """Years for which this indicator can be computed for the group, oldest first."""
    if indicator.rule == AggregationRule.RATIO:
        part_ids = [*numerator_ids(indicator), indicator.denominator_id]
        sets = [{y for (g, i, y) in sums if g == group and i == pk} for pk in part_ids]
        return sorted(set.intersection(*sets)) if sets else []
    return sorted({y for (g, i, y) in sums if g == group and i == indicator.pk})


@dataclass
class Area:
    """A set of communes to aggregate over: a commune, a zone, the territory, a département,
    France. `values` are the IndicatorValue rows of its communes; `expected` their number."""

    key: str
    label: str
    communes: QuerySet[Commune]
    level: str = ""  # "epci" or "departement" when the area is one, for published values
    code: str = ""

    def values(self) -> QuerySet[IndicatorValue]:
        return IndicatorValue.objects.filter(commune__in=self.communes.values("pk"))


NON_ADDITIVE = (AggregationRule.WEIGHTED_MEAN, AggregationRule.PUBLISHED)


def published_values(indicators: list[Indicator], areas: list[Area]) -> dict[tuple, float | None]:
    """{(indicator id, area key, year): value} published for the areas that are an EPCI or a
    département, for the non-additive indicators (medians, rates)."""
    wanted = [i.pk for i in indicators if i.rule in NON_ADDITIVE]
    keys = {(a.level, a.code): a.key for a in areas if a.level}
    if not wanted or not keys:
        return {}
    rows = PublishedValue.objects.filter(
        indicator_id__in=wanted, code__in=[c for _, c in keys]
    ).values_list("indicator_id", "level", "code", "year", "value")
    return {
        (i, keys[(level, code)], year): value
        for i, level, code, year, value in rows
        if (level, code) in keys
    }


def prefer_published(aggregate: Aggregate, published: dict, indicator, key, year) -> Aggregate:
    if (indicator.pk, key, year) not in published:
        return aggregate
    value = published[(indicator.pk, key, year)]
    return Aggregate(value, year, aggregate.expected, aggregate.expected, published=True)


def aggregate_areas(
    indicators: list[Indicator], areas: list[Area], year_area: Area | None = None
) -> dict[str, dict[str, Aggregate]]:
    """{indicator code: {area key: Aggregate}} for the latest year available for
    `year_area` (by default the first area: the comparison uses one year per indicator).
    A value the source publishes for the area itself wins over a computation for medians
    and rates."""
    per_area = {}
    for area in areas:
        per_area[area.key] = (grouped_sums(area.values(), indicators), area.communes.count())
    published = published_values(indicators, areas)
    reference = (year_area or areas[0]).key
    table: dict[str, dict[str, Aggregate]] = {}
    for indicator in indicators:
        years = set(years_of(indicator, per_area[reference][0]))
        years |= {y for (i, k, y) in published if i == indicator.pk and k == reference}
        row = {}
        for area in areas:
            sums, expected = per_area[area.key]
            if not years:
                row[area.key] = Aggregate(None, None, 0, expected)
                continue
            year = max(years)
            found = compute(indicator, sums, None, year, expected)
            row[area.key] = prefer_published(found, published, indicator, area.key, year)
        table[indicator.code] = row
    return table


def evolution(indicator: Indicator, area: Area) -> list[Aggregate]:
    """The indicator for every year available for this area, oldest first."""
    sums = grouped_sums(area.values(), [indicator])
    expected = area.communes.count()
    return [compute(indicator, sums, None, y, expected) for y in years_of(indicator, sums)]


def by_commune(indicator: Indicator, communes: QuerySet[Commune], year: int | None = None):
    """{commune code: Aggregate} for each commune (for the choropleth map)."""
    values = IndicatorValue.objects.filter(commune__in=communes.values("pk"))
    sums = grouped_sums(values, [indicator], group="commune__code")
    if year is None:
        years = {y for (_, i, y) in sums}
        year = max(years) if years else None
    out = {}
    for code in communes.values_list("code", flat=True):
        out[code] = compute(indicator, sums, code, year, 1) if year else EMPTY
    return out


def _epci_sums(vintage, year: int, indicators: list[Indicator]) -> dict:
    """{(epci id, indicator id, year): _Sums}, summed by the database (GROUP BY the commune's
    EPCI) in plain SQL, rows read as tuples. SQLite sorts for a GROUP BY: one query per
    indicator read (the unique index gives its rows; many small sorts are cheaper than one
    sort of every value of the year); PostgreSQL hashes: one query for them all."""
    quote = connection.ops.quote_name
    values, communes = quote(IndicatorValue._meta.db_table), quote(Commune._meta.db_table)
    source = f"FROM {values} v INNER JOIN {communes} c ON v.commune_id = c.id"
    where = "WHERE c.vintage_id = %s AND c.epci_id IS NOT NULL AND v.year = %s"
    sums: dict[tuple, _Sums] = {}
    needed = sorted(base_indicators(indicators))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT c.epci_id, v.indicator_id, SUM(v.value), COUNT(v.value) {source} "
                f"{where} AND v.indicator_id = ANY(%s) GROUP BY c.epci_id, v.indicator_id",
                [vintage.pk, year, needed],
            )
            rows = cursor.fetchall()
        else:
            sql = (
                f"SELECT c.epci_id, %s, SUM(v.value), COUNT(v.value) {source} {where} "
                "AND v.indicator_id = %s GROUP BY c.epci_id"
            )
            rows = []
            for pk in needed:
                cursor.execute(sql, [pk, vintage.pk, year, pk])
                rows += cursor.fetchall()
        for epci_id, pk, total, covered in rows:
            sums[(epci_id, pk, year)] = _Sums(total or 0.0, covered)
        for indicator in indicators:
            if indicator.rule != AggregationRule.WEIGHTED_MEAN or not indicator.weight_id:
                continue
            # sum(value x weight) and sum(weight) over the communes having both
            cursor.execute(
                f"SELECT c.epci_id, SUM(v.value * w.value), SUM(w.value) {source} "
                f"INNER JOIN {values} w ON w.indicator_id = %s AND w.year = v.year "
                f"AND w.commune_id = v.commune_id {where} AND v.indicator_id = %s "
                "AND v.value IS NOT NULL AND w.value IS NOT NULL GROUP BY c.epci_id",
                [indicator.weight_id, vintage.pk, year, indicator.pk],
            )
            for epci_id, weighted, weights in cursor.fetchall():
                found = sums.setdefault((epci_id, indicator.pk, year), _Sums())
                found.weighted = weighted or 0.0
                found.weights = weights or 0.0
    return sums


def by_epci(indicators: list[Indicator], vintage, year: int) -> dict[int, dict[str, Aggregate]]:
    """Every indicator for every EPCI of a vintage (`_epci_sums`), then one pass in Python."""
    sums = _epci_sums(vintage, year, indicators)
    expected = dict(
        Commune.objects.filter(vintage=vintage, epci__isnull=False)
        .values("epci_id")
        .annotate(n=Count("pk"))
        .values_list("epci_id", "n")
    )
    sirens = dict(Epci.objects.filter(vintage=vintage).values_list("pk", "siren"))
    wanted = [i.pk for i in indicators if i.rule in NON_ADDITIVE]
    published: dict[str, dict[int, float | None]] = defaultdict(dict)
    for i, code, value in PublishedValue.objects.filter(
        indicator_id__in=wanted, level="epci", year=year
    ).values_list("indicator_id", "code", "value"):
        published[code][i] = value
    read = {i for (_, i, _) in sums}
    # Indicators with no value this year give the same empty aggregate for every EPCI.
    # A sum (most of the catalogue) is read straight from its sums, the others by compute().
    computed = [
        (i.code, i.pk if i.rule == AggregationRule.SUM else None, i)
        for i in indicators
        if base_indicators([i]) <= read
    ]
    empty = [i.code for i in indicators if not base_indicators([i]) <= read]
    codes = {i.pk: i.code for i in indicators}
    found_in = sums.get
    out = {}
    for epci_id, n in expected.items():
        row = dict.fromkeys(empty, Aggregate(None, year, 0, n))
        for code, summed, ind in computed:
            if summed is None:
                row[code] = compute(ind, sums, epci_id, year, n)
                continue
            found = found_in((epci_id, summed, year))
            if found is None or not found.covered:
                row[code] = Aggregate(None, year, 0, n)
            else:
                row[code] = Aggregate(found.total, year, found.covered, n)
        for pk, value in published.get(sirens.get(epci_id), {}).items():
            row[codes[pk]] = Aggregate(value, year, n, n, published=True)
        out[epci_id] = row
    return out


@dataclass(frozen=True)
class _Base:
    """An indicator read only as the part of a ratio (its own rule does not matter)."""

    pk: int
    rule: str = AggregationRule.SUM
    weight_id: int | None = None


__all__ = ["Aggregate", "Area", "aggregate_areas", "by_commune", "by_epci", "evolution"]
