"""Per-thématique syntheses of the diagnostic: what to remember (forces, fragilités, besoins)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.core import validators as bounds

from .indicators import Indicator, KeyFigure
from .offer import OfferType
from .surveys import SurveyQuestion


class SynthesisKind(models.TextChoices):
    FORCE = "force", _("Force")
    FRAGILITE = "fragilite", _("Fragilité")
    BESOIN = "besoin", _("Besoin")


class SynthesisItem(models.Model):
    """One "à retenir" item, linked to the figures, offers and survey results behind it."""

    not_exchanged = ("id", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="synthesis_items"
    )
    thematique = models.ForeignKey(Thematique, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("nature"), max_length=20, choices=SynthesisKind.choices)
    text = models.TextField(_("texte"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    key_figures = models.ManyToManyField(KeyFigure, blank=True, related_name="+")
    offer_types = models.ManyToManyField(OfferType, blank=True, related_name="+")
    survey_questions = models.ManyToManyField(SurveyQuestion, blank=True, related_name="+")
    enjeux = models.JSONField(
        _("enjeux du plan"),
        default=list,
        blank=True,
        help_text=_("Références des enjeux du plan d'action auxquels l'élément conduit."),
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("élément de synthèse")
        verbose_name_plural = _("éléments de synthèse")
        ordering = ["thematique__position", "position"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def supports(self) -> list[str]:
        """What the item rests on, as labels: figures (once per code), indicators, offers,
        survey questions."""
        labels = list(dict.fromkeys(f.label for f in self.key_figures.all()))
        labels += [i.label for i in self.indicators.all()]
        labels += [t.label for t in self.offer_types.all()]
        labels += [f"« {q.text} » ({q.survey.title})" for q in self.survey_questions.all()]
        return labels
