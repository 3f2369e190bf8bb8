"""The indicators of the `plan` section of the exchange document (and of the workbook, which
becomes one), written over the saved ones of the same ref so their history stays."""

from __future__ import annotations

from django.utils.dateparse import parse_datetime

from ctg_pilote.exchange import values as ex
from ctg_pilote.exchange.bulk import PendingRows
from ctg_pilote.exchange.sections import ImportContext

from .models import (
    INDICATOR_FIELDS,
    Indicator,
    IndicatorFigure,
    IndicatorOrigin,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueChange,
)
from .services_indicators import (
    Origin,
    baseline_and_targets,
    record_baseline_and_targets,
    record_figure_change,
)


def write_indicator(
    data: dict,
    ctx: ImportContext,
    *,
    nodes,
    actions,
    indicator: Indicator | None = None,
    pending: PendingRows | None = None,
) -> Indicator:
    """One indicator with its targets and values (INDICATOR_FIELDS gives the fields), written
    over `indicator` when the CTG already has it under this ref, so its history stays. What
    a workbook sets, and what a document changes of a saved indicator, enters that history
    (the file named); a document creating an indicator restores it as it was. With `pending`,
    the rows of an indicator created here are left to it (one write per table)."""
    lookups = {"action": actions.get, "node": nodes.get}
    values = INDICATOR_FIELDS.from_exchange(data, lambda item, raw: lookups[item.name](raw))
    baseline = data.get("depart", {})
    record = indicator is not None or ctx.editor is not None
    indicator = indicator or Indicator(convention=ctx.convention)
    before = baseline_and_targets(indicator)
    old_values = {v.year: v.value for v in indicator.values.all()} if indicator.pk else {}
    indicator.baseline_value = ex.decimal(baseline["valeur"]) if baseline else None
    indicator.baseline_year = baseline.get("annee")
    indicator.action = indicator.node = None
    for name, value in values.items():
        setattr(indicator, name, value)
    created = indicator.pk is None
    targets = {t["annee"]: ex.decimal(t["valeur"]) for t in data.get("cibles", [])}
    if created and not record and pending is not None:
        pending.create(indicator)
        _add_new_rows(indicator, data, targets, pending)
        return indicator
    indicator.save()
    indicator.targets.all().delete()
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=indicator, year=year, value=value)
        for year, value in targets.items()
    )
    indicator.values.all().delete()
    measured = IndicatorValue.objects.bulk_create(_values(indicator, data))
    if ctx.editor is None and "historique" in data:
        _replace_history(indicator, data["historique"])
    elif record:
        origin = Origin(
            ctx.editor,
            IndicatorOrigin.WORKBOOK if ctx.editor is not None else IndicatorOrigin.EXCHANGE,
            ctx.source_name,
        )
        record_baseline_and_targets(indicator, origin, before, targets)
        new_values = {v.year: v.value for v in measured}
        for year in sorted(set(old_values) | set(new_values)):
            record_figure_change(
                indicator=indicator,
                origin=origin,
                figure=IndicatorFigure.VALUE,
                year=year,
                old=old_values.get(year),
                new=new_values.get(year),
            )
    return indicator


def _add_new_rows(indicator: Indicator, data: dict, targets: dict, pending: PendingRows) -> None:
    pending.add(
        IndicatorTarget,
        [
            IndicatorTarget(indicator=indicator, year=year, value=value)
            for year, value in targets.items()
        ],
    )
    pending.add(IndicatorValue, _values(indicator, data))
    pending.add(IndicatorValueChange, _history(indicator, data.get("historique", [])))


def _values(indicator: Indicator, data: dict) -> list[IndicatorValue]:
    return [
        IndicatorValue(
            indicator=indicator,
            year=v["annee"],
            value=ex.decimal(v["valeur"]),
            comment=v.get("commentaire", ""),
            source=v.get("source", ""),
            is_fictitious=v.get("fictif", False),
        )
        for v in data.get("valeurs", [])
    ]


def _replace_history(indicator: Indicator, history: list[dict]) -> None:
    """A document that carries an indicator's history restores it as written (a backup
    restored, a CTG moved to another platform): nothing new is recorded."""
    indicator.value_changes.all().delete()
    IndicatorValueChange.objects.bulk_create(_history(indicator, history))


def _history(indicator: Indicator, history: list[dict]) -> list[IndicatorValueChange]:
    users = ex.authors(history)
    return [
        IndicatorValueChange(
            indicator=indicator,
            at=parse_datetime(h["le"]),
            author=users.get(h.get("auteur")),
            author_name=h.get("nom_auteur", ""),
            origin=h["origine"],
            origin_detail=h.get("fichier", ""),
            figure=h["donnee"],
            year=h.get("annee"),
            old=ex.decimal(h["avant"]) if "avant" in h else None,
            new=ex.decimal(h["apres"]) if "apres" in h else None,
        )
        for h in history
    ]
