"""What each column of an indicator file means: the plan the importer follows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .import_report import IndicatorImportError
from .layouts import (
    CAF_GENERIC,
    FILOSOFI,
    GENERIC_CODE_COLUMNS,
    GENERIC_YEAR_COLUMNS,
    INSEE_RP,
    Layout,
    normalise,
    recognise,
    with_labels,
)
from .models import Indicator, IndicatorUnit

INSEE_SOURCE = INSEE_RP
CAF_SOURCE = CAF_GENERIC
FILOSOFI_SUFFIXES = ("MED", "TP60", "PIMP", "NBMENFISC")
MELODI_KEYS = ("geo", "geo_object", "time_period", "obs_value", "obs_status", "obs_status_fr")


@dataclass
class Plan:
    title: str
    source: str
    header: list[str]
    code_index: int
    year_index: int | None = None
    level: str | None = None
    level_index: int | None = None
    # (index, column name, indicator pk, year from the column or None, is a count)
    columns: list[tuple[int, str, int, int | None, bool]] = field(default_factory=list)
    dimension_index: int | None = None
    dimension_map: dict[str, int] = field(default_factory=dict)
    value_index: int = 0
    total_filters: list[int] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    rounded_to: int | None = None

    @property
    def needs_year(self) -> bool:
        return bool(self.dimension_map) or any(c[3] is None for c in self.columns)


def _insee_patterns(indicators: list[Indicator]) -> list[tuple[re.Pattern, Indicator]]:
    patterns = []
    for indicator in indicators:
        if indicator.insee_suffix:
            suffix = re.escape(indicator.insee_suffix.upper())
            patterns.append((re.compile(rf"^[PC](\d\d)_{suffix}$"), indicator))
            patterns.append((re.compile(rf"^{suffix}(\d\d)$"), indicator))
    return patterns


def _first(names: list[str], candidates: tuple[str, ...]) -> int | None:
    return next((names.index(c) for c in candidates if c in names), None)


def _wide_columns(plan: Plan, names: list[str], indicators: list[Indicator], skip: set[int]):
    patterns = _insee_patterns(indicators)
    caf_names = {normalise(alias): ind for ind in indicators for alias in ind.caf_columns}
    for index, header in enumerate(plan.header):
        if index in skip:
            continue
        upper = header.strip().upper()
        match = next(((p.match(upper), ind) for p, ind in patterns if p.match(upper)), None)
        if match:
            indicator, year = match[1], 2000 + int(match[0].group(1))
        elif names[index] in caf_names:
            indicator, year = caf_names[names[index]], None
        else:
            plan.ignored.append(header)
            continue
        is_count = indicator.unit == IndicatorUnit.COUNT
        plan.columns.append((index, header, indicator.pk, year, is_count))


def _long_columns(plan: Plan, layout: Layout, names: list[str], indicators: list[Indicator]):
    by_code = {i.code: i.pk for i in indicators}
    plan.value_index = names.index(layout.value_column)
    if layout.dimension not in names:
        raise IndicatorImportError(
            [
                f"ligne 1 : colonne {layout.dimension.upper()} absente ; ce fichier "
                f"« {layout.title} » n'est pas l'un de ceux que l'import connaît "
                f"(colonnes lues : {', '.join(plan.header)})"
            ]
        )
    plan.dimension_index = names.index(layout.dimension)
    plan.dimension_map = {k: by_code[v] for k, v in layout.dimension_map.items()}
    if layout.key == "melodi":
        used = set(MELODI_KEYS) | {layout.dimension}
        plan.total_filters = [i for i, n in enumerate(names) if n not in used]


def _check(plan: Plan) -> None:
    problems = []
    if plan.needs_year and plan.year_index is None:
        problems.append(
            "ligne 1 : les colonnes "
            + ", ".join(c[1] for c in plan.columns if c[3] is None)
            + " demandent une colonne d'année (« Année », « annee »…)"
        )
    seen: dict[tuple[int, int | None], str] = {}
    codes = {i.pk: i.code for i in Indicator.objects.all()}
    for _, name, indicator, year, _ in plan.columns:
        if (indicator, year) in seen:
            problems.append(
                f"ligne 1 : les colonnes {seen[(indicator, year)]} et {name} donnent toutes deux "
                f"l'indicateur « {codes[indicator]} »" + (f" pour {year}" if year else "")
            )
        seen.setdefault((indicator, year), name)
    if problems:
        raise IndicatorImportError(problems)


def make_plan(header: list[str], indicators: list[Indicator]) -> Plan:
    """Which column holds the place, the year, the level, and what each value column is."""
    names = with_labels(header)
    layout = recognise(names)
    if layout is not None:
        plan = Plan(
            layout.title,
            layout.source,
            header,
            _first(names, layout.code_columns),
            year_index=_first(names, layout.year_columns),
            level=layout.level,
            level_index=names.index(layout.level_column) if layout.level_column else None,
            rounded_to=layout.rounded_to,
        )
    else:
        code_index = _first(names, GENERIC_CODE_COLUMNS)
        if code_index is None:
            raise IndicatorImportError(
                [
                    "ligne 1 : aucune colonne de code commune (attendu : CODGEO, « Code "
                    f"commune », NUMCOMDO…) ; colonnes lues : {', '.join(header)}"
                ]
            )
        plan = Plan("", "", header, code_index, year_index=_first(names, GENERIC_YEAR_COLUMNS))
    if layout is not None and layout.value_column:
        _long_columns(plan, layout, names, indicators)
    else:
        skip = {plan.code_index, plan.year_index, plan.level_index}
        _wide_columns(plan, names, indicators, skip)
        if not plan.columns:
            raise IndicatorImportError(
                [
                    "ligne 1 : aucune colonne ne correspond à un indicateur connu (ex. P21_POP, "
                    f"C21_FAMMONO, MED21, indfoy_ndur) ; colonnes lues : {', '.join(header)}"
                ]
            )
    if layout is None:
        caf = any(c[3] is None for c in plan.columns)
        plan.title = "CAF" if caf else "INSEE"
        filosofi = any(c[1].strip().upper().startswith(FILOSOFI_SUFFIXES) for c in plan.columns)
        plan.source = CAF_SOURCE if caf else FILOSOFI if filosofi else INSEE_SOURCE
    _check(plan)
    return plan
