"""The verdict on an indicator of the plan: how far its last measured value has gone from the
baseline towards the target of its year. Only a measured value gets a verdict: without one the
indicator is « non mesuré », whatever its targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Indicator

# Indicator health: share of the way from the baseline to the target reached.
ON_TRACK_RATIO = Decimal("0.9")
AT_RISK_RATIO = Decimal("0.7")


class Health:
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_TARGET = "no_target"
    UNMEASURED = "unmeasured"
    LABELS = {
        ON_TRACK: _("En bonne voie"),
        AT_RISK: _("À surveiller"),
        OFF_TRACK: _("En retard"),
        NO_TARGET: _("Sans cible"),
        UNMEASURED: _("Non mesuré"),
    }
    ORDER = (ON_TRACK, AT_RISK, OFF_TRACK, NO_TARGET, UNMEASURED)
    # A verdict is given only on a measured value compared with a target.
    VERDICTS = (ON_TRACK, AT_RISK, OFF_TRACK)


HEALTH_RULE = _(
    "Pour chaque indicateur, on compare la dernière valeur mesurée à la cible de la même année "
    "(à défaut, la cible la plus proche). Part du chemin parcouru depuis la valeur de départ "
    "(ou depuis zéro) : 90 % ou plus = en bonne voie ; de 70 à 90 % = à surveiller ; moins de "
    "70 % = en retard. Une cible inférieure à la valeur de départ se lit à la baisse. Sans "
    "valeur mesurée, aucune appréciation : « non mesuré »."
)


@dataclass
class IndicatorHealth:
    indicator: Indicator
    status: str
    value: Decimal | None = None
    value_year: int | None = None
    target: Decimal | None = None
    target_year: int | None = None
    ratio: Decimal | None = None
    fictitious: bool = False

    @property
    def label(self):
        return Health.LABELS[self.status]

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else round(self.ratio * 100)

    @property
    def measured(self) -> bool:
        return self.value is not None


def indicator_health(
    indicator: Indicator, year: int | None = None, *, values=None, targets=None
) -> IndicatorHealth:
    """The verdict on the last value measured (up to `year` when given) against the target of
    its year, or the nearest one; "non mesuré" without a value, "sans cible" without a target.
    Needs `targets` and `values` prefetched, or given (lists of the indicator's rows)."""
    values = sorted(
        (
            v
            for v in (indicator.values.all() if values is None else values)
            if year is None or v.year <= year
        ),
        key=lambda v: v.year,
    )
    targets = {t.year: t.value for t in (indicator.targets.all() if targets is None else targets)}
    if not values:
        return IndicatorHealth(indicator, Health.UNMEASURED)
    last = values[-1]
    measured = {"value": last.value, "value_year": last.year, "fictitious": last.is_fictitious}
    if not targets:
        return IndicatorHealth(indicator, Health.NO_TARGET, **measured)
    target_year = min(targets, key=lambda y: (abs(y - last.year), -y))
    target = targets[target_year]
    start = indicator.baseline_value or Decimal(0)
    if target == start:
        ratio = Decimal(1) if last.value == target else Decimal(0)
    else:
        ratio = (last.value - start) / (target - start)
    ratio = max(Decimal(0), ratio)
    if ratio >= ON_TRACK_RATIO:
        status = Health.ON_TRACK
    elif ratio >= AT_RISK_RATIO:
        status = Health.AT_RISK
    else:
        status = Health.OFF_TRACK
    return IndicatorHealth(
        indicator, status, target=target, target_year=target_year, ratio=ratio, **measured
    )
