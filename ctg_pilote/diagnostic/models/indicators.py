"""Indicators: a shared catalogue, values per commune and year (national scale), and the
figures a CTG quotes from a source for its whole territory, a zone or a commune."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.conventions.models import Convention, Thematique, Zone
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.templatetags.ctg_tags import fr_number
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune


class AggregationRule(models.TextChoices):
    SUM = "somme", _("Somme des communes")
    RATIO = "ratio", _("Rapport de deux indicateurs sommés")
    WEIGHTED_MEAN = "moyenne_ponderee", _("Moyenne pondérée par la population")
    PUBLISHED = "publiee", _("Valeur publiée pour le territoire (ne s'agrège pas)")


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
    rounded_to = models.PositiveSmallIntegerField(
        _("effectifs arrondis à"),
        null=True,
        blank=True,
        validators=[bounds.RangeValidator(1, 1000)],
        help_text=_("Ex. 5 : la CAF arrondit ses effectifs à 5 par secret statistique."),
    )
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

    # No index of its own: the unique (indicator, year, commune) index starts with it, and one
    # index less makes a national import a quarter faster.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", db_index=False
    )
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
    EQUIPMENT = "equipement", _("Équipement")
    PERIMETER = "perimetre", _("Périmètre")


class Qualifier(models.TextChoices):
    """How a source qualifies a number ("plus de 23 %", "environ 1 000 réponses")."""

    MORE_THAN = "plus_de", _("plus de")
    LESS_THAN = "moins_de", _("moins de")
    ABOUT = "environ", _("environ")
    NEARLY = "pres_de", _("près de")
    AT_LEAST = "au_moins", _("au moins")
    AT_MOST = "au_plus", _("au plus")


# How the known units follow a number; any other unit ("h", "places") is printed as written.
UNIT_SUFFIXES = {
    IndicatorUnit.COUNT: "",
    IndicatorUnit.PERCENT: " %",
    IndicatorUnit.RATE: " pour 100",
    IndicatorUnit.EUROS: " €",
}

FIGURE_NEEDS_VALUE_OR_TEXT = _(
    "Un chiffre clé a une valeur, ou le texte du chiffre tel que la source l'écrit."
)
FIGURE_RANGE_OUT_OF_ORDER = _(
    "La valeur maximale d'une fourchette ne peut pas être inférieure à sa valeur."
)
FIGURE_PERIOD_OUT_OF_ORDER = _("La fin de la période ne peut pas précéder son début.")
FIGURE_ONE_SCOPE = _(
    "Un chiffre clé porte sur une seule étendue : une zone, une commune, un équipement "
    "ou un périmètre."
)


class KeyFigure(Versioned):
    """A figure of the CTG's diagnostic as a source states it (a brochure, a CAF table),
    for the whole territory, a zone, a commune, an équipement or a free perimeter. Kept as
    stated, not recomputed: `text` holds the words of the source ("plus de 23 %", "deux fois
    plus") and is what pages print when given."""

    not_exchanged = ("id", "version", "convention", "position")

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
    qualifier = models.CharField(
        _("qualificatif"), max_length=20, choices=Qualifier.choices, blank=True
    )
    value = models.DecimalField(
        _("valeur"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.MEASURE,
    )
    value_max = models.DecimalField(
        _("valeur maximale"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.MEASURE,
        help_text=_("Pour une fourchette (de la valeur à la valeur maximale)."),
    )
    unit = models.CharField(
        _("unité"),
        max_length=20,
        default=IndicatorUnit.COUNT,
        help_text=_(
            "nombre, pourcentage, taux (pour 100), euros, ou une unité courte écrite "
            "comme la source (h, places, fois, ans)."
        ),
    )
    text = models.CharField(
        _("texte du chiffre"),
        max_length=200,
        blank=True,
        help_text=_(
            "Le chiffre tel que la source l'écrit (« plus de 23 % », « deux fois plus », "
            "« 2/3 de la population ») : affiché tel quel."
        ),
    )
    thematique = models.ForeignKey(
        Thematique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thématique"),
    )
    # RESTRICT: a zone's figure is only read from a source, so deleting the zone must not
    # silently take it along.
    zone = models.ForeignKey(Zone, on_delete=models.RESTRICT, null=True, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    equipment = models.CharField(
        _("équipement"),
        max_length=200,
        blank=True,
        help_text=_("Nom de l'équipement ou du service dont parle le chiffre."),
    )
    perimeter = models.CharField(
        _("périmètre"),
        max_length=200,
        blank=True,
        help_text=_("Étendue écrite par la source (« RPE de X », « base non précisée »)."),
    )
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=bounds.YEAR
    )
    period_start = models.PositiveSmallIntegerField(
        _("début de la période"), null=True, blank=True, validators=bounds.YEAR
    )
    period_end = models.PositiveSmallIntegerField(
        _("fin de la période"), null=True, blank=True, validators=bounds.YEAR
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Absente : la page dit « source non précisée »."),
    )
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
            bounds.range_constraint("value", bounds.MEASURE, name="diagnostic_key_figure_bounds"),
            bounds.range_constraint(
                "value_max", bounds.MEASURE, name="diagnostic_key_figure_max_bounds"
            ),
            bounds.range_constraint(
                "period_start", bounds.YEAR, name="diagnostic_key_figure_period_start_bounds"
            ),
            bounds.range_constraint(
                "period_end", bounds.YEAR, name="diagnostic_key_figure_period_end_bounds"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(text=""),
                name="diagnostic_key_figure_value_or_text",
                violation_error_message=FIGURE_NEEDS_VALUE_OR_TEXT,
            ),
            models.CheckConstraint(
                condition=models.Q(value_max__isnull=True)
                | models.Q(value__isnull=False, value_max__gte=models.F("value")),
                name="diagnostic_key_figure_range",
                violation_error_message=FIGURE_RANGE_OUT_OF_ORDER,
            ),
            bounds.period_constraint(
                "period_start",
                "period_end",
                name="diagnostic_key_figure_period",
                message=FIGURE_PERIOD_OUT_OF_ORDER,
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.scope_label})" if self.scope_label else ""
        return f"{self.label}{where} : {self.shown}"

    def clean(self) -> None:
        super().clean()
        scopes = [self.zone_id, self.commune_id, self.equipment, self.perimeter]
        if sum(bool(s) for s in scopes) > 1:
            raise ValidationError(FIGURE_ONE_SCOPE)

    @property
    def scope(self) -> str:
        if self.commune_id:
            return KeyFigureScope.COMMUNE
        if self.zone_id:
            return KeyFigureScope.ZONE
        if self.equipment:
            return KeyFigureScope.EQUIPMENT
        if self.perimeter:
            return KeyFigureScope.PERIMETER
        return KeyFigureScope.TERRITORY

    @property
    def scope_label(self) -> str:
        """Where the figure applies, as pages print it ("" for the whole territory)."""
        if self.commune_id:
            return self.commune.name
        if self.zone_id:
            return self.zone.name
        return self.equipment or self.perimeter

    @property
    def unit_label(self) -> str:
        """A known unit's label ("nombre", "%"), else the unit as the source writes it."""
        known = dict(IndicatorUnit.choices)
        return str(known[self.unit]) if self.unit in known else self.unit

    @property
    def unit_suffix(self) -> str:
        return UNIT_SUFFIXES.get(self.unit, f" {self.unit}" if self.unit else "")

    @property
    def shown(self) -> str:
        """The figure as pages print it: the source's own words when kept, else the
        qualifier, the value or range and the unit ("plus de 23 %", "11 h", "40 à 45 %")."""
        if self.text:
            return self.text
        if self.value is None:
            return ""
        number = fr_number(self.value)
        if self.value_max is not None:
            number = _("%(low)s à %(high)s") % {"low": number, "high": fr_number(self.value_max)}
        words = f"{self.get_qualifier_display()} {number}" if self.qualifier else number
        return f"{words}{self.unit_suffix}"

    @property
    def when(self) -> str:
        """The year or the period the figure covers ("2021", "2008-2017"), "" if unknown."""
        if self.period_start or self.period_end:
            return f"{self.period_start or '…'}-{self.period_end or '…'}"
        return str(self.year) if self.year else ""
