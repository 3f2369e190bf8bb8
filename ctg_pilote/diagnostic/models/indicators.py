"""Indicators: a shared catalogue, values per commune and year (national scale), and the
figures a CTG quotes from a source for its whole territory, a zone or a commune."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.conventions.models import Convention, Thematique, Zone
from ctg_pilote.core import validators as bounds
from ctg_pilote.territories.models import Commune


class AggregationRule(models.TextChoices):
    SUM = "somme", _("Somme des communes")
    RATIO = "ratio", _("Rapport de deux indicateurs sommés")
    WEIGHTED_MEAN = "moyenne_ponderee", _("Moyenne pondérée par la population")


class IndicatorUnit(models.TextChoices):
    COUNT = "nombre", _("nombre")
    PERCENT = "pourcentage", _("%")
    RATE = "taux", _("pour 100")
    EUROS = "euros", _("€")


class IndicatorQuerySet(models.QuerySet):
    def with_parts(self) -> "IndicatorQuerySet":
        return self.select_related("denominator", "weight", "thematique").prefetch_related(
            "numerators"
        )


class Indicator(models.Model):
    """One indicator of the catalogue, with the rule that aggregates commune values.

    A ratio is never averaged: its numerator and denominator are summed over the communes,
    then divided (coverage = places / children under 3 x 100)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=200)
    unit = models.CharField(
        _("unité"), max_length=20, choices=IndicatorUnit.choices, default=IndicatorUnit.COUNT
    )
    thematique = models.ForeignKey(
        Thematique,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thématique"),
    )
    source = models.CharField(_("source habituelle"), max_length=200, blank=True)
    definition = models.TextField(_("définition"), blank=True)
    rule = models.CharField(
        _("règle d'agrégation"),
        max_length=20,
        choices=AggregationRule.choices,
        default=AggregationRule.SUM,
    )
    numerators = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        help_text=_("Pour un rapport : les indicateurs sommés au numérateur."),
    )
    denominator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    factor = models.PositiveIntegerField(
        _("facteur du rapport"), default=100, validators=[bounds.RangeValidator(1, 1_000_000)]
    )
    weight = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Pour une moyenne pondérée : l'indicateur de pondération (la population)."),
    )
    insee_suffix = models.CharField(
        _("suffixe de colonne INSEE"),
        max_length=40,
        blank=True,
        help_text=_("Ex. POP0014 pour les colonnes P21_POP0014, P19_POP0014…"),
    )
    caf_columns = models.JSONField(_("colonnes des fichiers CAF"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=100, validators=bounds.ORDER)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_ratio(self) -> bool:
        return self.rule == AggregationRule.RATIO


class Dataset(models.Model):
    """Where a batch of values comes from: the source, its vintage, the file imported."""

    source = models.CharField(_("source"), max_length=200)
    vintage = models.CharField(
        _("millésime de la source"), max_length=40, help_text=_("Ex. RP 2021, données 2023.")
    )
    file_name = models.CharField(_("fichier"), max_length=255, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("jeu de valeurs")
        verbose_name_plural = _("jeux de valeurs")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source}, {self.vintage}"


class IndicatorValue(models.Model):
    """The value of an indicator for one commune and one year. `value` is None when the
    source does not publish it (secret statistique, "s", "nd", empty cell): never zero."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.FloatField(_("valeur"), null=True, blank=True, validators=bounds.MEASURE)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="values")

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "commune"], name="diagnostic_uniq_indicator_value"
            ),
            bounds.range_constraint(
                "value", bounds.MEASURE, name="diagnostic_indicator_value_bounds"
            ),
        ]

    def __str__(self) -> str:
        shown = "non diffusé" if self.value is None else self.value
        return f"{self.indicator_id} {self.commune_id} {self.year} = {shown}"


class KeyFigureScope(models.TextChoices):
    TERRITORY = "territoire", _("Territoire de la CTG")
    ZONE = "zone", _("Zone d'étude")
    COMMUNE = "commune", _("Commune")


class KeyFigure(models.Model):
    """A figure of the CTG's diagnostic as a source states it (a brochure, a CAF table),
    for the whole territory, a zone or a commune. Kept as stated, not recomputed."""

    not_exchanged = ("id", "convention", "position")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="key_figures")
    code = models.SlugField(_("code"), max_length=60)
    group = models.CharField(
        _("groupe"),
        max_length=60,
        blank=True,
        help_text=_("Figures lues ensemble, ex. « tranches-age » pour la pyramide des âges."),
    )
    label = models.CharField(_("libellé"), max_length=200)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(
        _("valeur"), max_digits=14, decimal_places=2, validators=bounds.MEASURE
    )
    unit = models.CharField(
        _("unité"), max_length=20, choices=IndicatorUnit.choices, default=IndicatorUnit.COUNT
    )
    # RESTRICT: a zone's figure is only read from a source, so deleting the zone must not
    # silently take it along.
    zone = models.ForeignKey(Zone, on_delete=models.RESTRICT, null=True, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=bounds.YEAR
    )
    source = models.CharField(_("source"), max_length=200)
    note = models.TextField(_("remarque"), blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)

    deletion_holds = {
        "zone": ngettext_lazy(
            "porte %(count)d chiffre clé du diagnostic",
            "porte %(count)d chiffres clés du diagnostic",
            "count",
        ),
    }

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["position", "pk"]
        constraints = [
            bounds.range_constraint("value", bounds.MEASURE, name="diagnostic_key_figure_bounds")
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.value}"

    @property
    def scope(self) -> str:
        if self.commune_id:
            return KeyFigureScope.COMMUNE
        if self.zone_id:
            return KeyFigureScope.ZONE
        return KeyFigureScope.TERRITORY
