"""Indicators of the plan, measured on an action or on a node, with targets and values."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldspec import (
    Composite,
    Exposed,
    Exposure,
)
from ctg_pilote.core.versioning import Versioned

from .actions import ACTION_NUMBER, Action
from .tree import NODE_NUMBER, Node


class IndicatorKind(models.TextChoices):
    OUTPUT = "realisation", _("Réalisation")
    RESULT = "resultat", _("Résultat")
    IMPACT = "impact", _("Impact")


class Indicator(Versioned):
    """Measured on an action or on a node of the tree (exactly one of the two)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_indicators"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    ref = models.CharField(_("référence"), max_length=30)
    name = models.CharField(_("intitulé"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.OUTPUT
    )
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("valeur de départ"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.MEASURE,
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("année de départ"), null=True, blank=True, validators=bounds.YEAR
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "ref"], name="uniq_plan_indicator_ref"),
            models.CheckConstraint(
                condition=models.Q(action__isnull=True, node__isnull=False)
                | models.Q(action__isnull=False, node__isnull=True),
                name="plan_indicator_on_action_or_node",
            ),
            bounds.range_constraint(
                "baseline_value", bounds.MEASURE, name="plan_indicator_baseline_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# How an indicator is named outside (see ACTION_FIELDS above); its targets and values are
# rows written by hand, the targets as one "Cible <année>" column per year of the period.
INDICATOR_FIELDS = Exposure(
    Indicator,
    [
        Exposed(
            "ref",
            "ref",
            "Référence",
            always=True,
            form=False,
            api_required=False,
            description="Identifiant de l'indicateur dans la CTG.",
        ),
        Exposed("action", "action", "Action", ref="reference", pattern=ACTION_NUMBER, form=False),
        Exposed("node", "noeud", "Élément du plan", ref="number", pattern=NODE_NUMBER, form=False),
        Exposed("name", "intitule", "Intitulé"),
        Exposed("kind", "type", "Type", always=True, labels=False),
        Exposed("unit", "unite", "Unité"),
        Composite(
            "depart",
            fields=("baseline_value", "baseline_year"),
            columns=("Valeur de départ", "Année de départ"),
        ),
        Exposed("source", "source", "Source"),
        Composite("cibles"),
        Composite("valeurs", form=False),
        Composite("historique", form=False),
    ],
    internal=("convention", "version"),
    component="Plan",
)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.DecimalField(
        _("cible"), max_digits=14, decimal_places=2, validators=bounds.MEASURE
    )

    not_exchanged = ("id", "indicator")

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="uniq_indicator_target"),
            bounds.range_constraint("value", bounds.MEASURE, name="plan_indicator_target_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value}"


class IndicatorValue(Versioned):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.DecimalField(
        _("valeur mesurée"), max_digits=14, decimal_places=2, validators=bounds.MEASURE
    )
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    not_exchanged = ("id", "indicator", "version")

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="uniq_indicator_value"),
            bounds.range_constraint("value", bounds.MEASURE, name="plan_indicator_value_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value}"


class IndicatorOrigin(models.TextChoices):
    """The way a change of an indicator's figures came in."""

    PAGE = "page", _("page de l'indicateur")
    QUICK_UPDATE = "suivi", _("mise à jour rapide")
    API = "api", _("API")
    WORKBOOK = "classeur", _("classeur")
    EXCHANGE = "echange", _("document d'échange")


class IndicatorFigure(models.TextChoices):
    BASELINE = "depart", _("valeur de départ")
    TARGET = "cible", _("cible")
    VALUE = "valeur", _("valeur mesurée")


class IndicatorValueChange(models.Model):
    """One figure of an indicator (a year's measured value, a target, the baseline) entered,
    corrected or cleared: when, by whom, which way. None is "not known" (entered or cleared)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="value_changes")
    at = models.DateTimeField(_("le"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("auteur"), max_length=150, blank=True)
    origin = models.CharField(_("origine"), max_length=20, choices=IndicatorOrigin.choices)
    # The file a workbook or exchange import came from, as its sender named it.
    origin_detail = models.CharField(_("fichier"), max_length=200, blank=True)
    figure = models.CharField(_("donnée"), max_length=20, choices=IndicatorFigure.choices)
    year = models.PositiveSmallIntegerField(_("année"), null=True, validators=bounds.YEAR)
    old = models.DecimalField(
        _("avant"), max_digits=14, decimal_places=2, null=True, validators=bounds.MEASURE
    )
    new = models.DecimalField(
        _("après"), max_digits=14, decimal_places=2, null=True, validators=bounds.MEASURE
    )

    not_exchanged = ("id", "indicator")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            bounds.range_constraint("old", bounds.MEASURE, name="plan_indicator_change_old"),
            bounds.range_constraint("new", bounds.MEASURE, name="plan_indicator_change_new"),
        ]

    def __str__(self) -> str:
        return f"{self.get_figure_display()} {self.year or ''} : {self.old} → {self.new}"
