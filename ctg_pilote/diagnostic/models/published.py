"""Values a source publishes for a whole EPCI or département, and the history of the edits
made in the diagnostic's pages (key figures, findings, values typed per commune)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds

from .indicators import Dataset, Indicator


class GeoLevel(models.TextChoices):
    EPCI = "epci", _("EPCI")
    DEPARTEMENT = "departement", _("Département")


class PublishedValue(models.Model):
    """An indicator as its source publishes it for an EPCI (SIREN) or a département (code).

    Medians and rates do not add up from communes: when a source publishes the value of the
    area itself (Filosofi, CAF coverage rates, Melodi), pages show it rather than a computation.
    `value` is None when the source masks it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="published")
    level = models.CharField(_("niveau"), max_length=12, choices=GeoLevel.choices)
    code = models.CharField(_("code officiel"), max_length=9)
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.FloatField(_("valeur"), null=True, blank=True, validators=bounds.MEASURE)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="published")

    class Meta:
        verbose_name = _("valeur publiée pour un territoire")
        verbose_name_plural = _("valeurs publiées pour un territoire")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "level", "code", "year"],
                name="diagnostic_uniq_published_value",
            ),
            bounds.range_constraint(
                "value", bounds.MEASURE, name="diagnostic_published_value_bounds"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.level} {self.code} {self.year} = {self.value}"


class EditKind(models.TextChoices):
    KEY_FIGURE = "chiffre", _("Chiffre clé")
    BLOCK = "bloc", _("Bloc de synthèse")
    ITEM = "constat", _("Élément de synthèse")
    VALUE = "valeur", _("Valeur par commune")


class DiagnosticEdit(models.Model):
    """One field changed by a page of the diagnostic: who, when, before and after (as text)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="diagnostic_edits"
    )
    kind = models.CharField(_("objet"), max_length=10, choices=EditKind.choices)
    object_id = models.PositiveIntegerField(_("identifiant"), null=True, blank=True)
    label = models.CharField(_("libellé"), max_length=300)
    field = models.CharField(_("champ"), max_length=100)
    before = models.TextField(_("avant"), blank=True)
    after = models.TextField(_("après"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("modification du diagnostic")
        verbose_name_plural = _("modifications du diagnostic")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} · {self.field}"
