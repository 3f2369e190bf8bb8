"""The findings of the diagnostic as its document writes them: ordered blocks (a thématique or
a free title), each with ordered statements, optional sub-headings and an optional kind.

A statement may lead to nodes of the plan d'action. The plan sits on the same layer as the
diagnostic, so neither imports the other: the link is a many-to-many declared by the model's
label ("plan.Node"), which needs no import, and the exchange section resolves node numbers
through the plan's own section (see `exchange_syntheses.py`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.versioning import Versioned

from .indicators import Indicator, KeyFigure
from .offer import OfferType
from .surveys import Survey, SurveyQuestion

BLOCK_NEEDS_TITLE = _("Un bloc de synthèse a un titre, une thématique, ou les deux.")


class SynthesisKind(models.TextChoices):
    FORCE = "force", _("Force")
    FRAGILITE = "fragilite", _("Fragilité")
    BESOIN = "besoin", _("Besoin")
    CONSTAT = "constat", _("Constat")


class SynthesisBlock(Versioned):
    """One block of findings ("À retenir : petite enfance", "Les constats partagés"), in the
    document's order."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="synthesis_blocks"
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    thematique = models.ForeignKey(
        Thematique,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thématique"),
    )
    is_published = models.BooleanField(
        _("publié"),
        default=False,
        help_text=_("Montré sur la page publique quand la CTG y publie ses synthèses."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)

    class Meta:
        verbose_name = _("bloc de synthèse")
        verbose_name_plural = _("blocs de synthèse")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title="") | models.Q(thematique__isnull=False),
                name="diagnostic_synthesis_block_titled",
                violation_error_message=BLOCK_NEEDS_TITLE,
            )
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The block's title as printed: its own title, else its thématique's label."""
        return self.title or (self.thematique.label if self.thematique_id else "")

    def clean(self) -> None:
        super().clean()
        if not self.title and not self.thematique_id:
            raise ValidationError(BLOCK_NEEDS_TITLE)


class SynthesisItem(Versioned):
    """One statement of a block, linked to the figures, surveys, offers and plan nodes behind
    or after it. Its kind is optional: a neutral statement has none."""

    not_exchanged = ("id", "version", "block", "position")

    block = models.ForeignKey(SynthesisBlock, on_delete=models.CASCADE, related_name="items")
    heading = models.CharField(
        _("intertitre"),
        max_length=200,
        blank=True,
        help_text=_("Un intertitre placé avant cet élément."),
    )
    kind = models.CharField(_("nature"), max_length=20, choices=SynthesisKind.choices, blank=True)
    text = models.TextField(_("texte"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+")
    key_figures = models.ManyToManyField(KeyFigure, blank=True, related_name="+")
    offer_types = models.ManyToManyField(OfferType, blank=True, related_name="+")
    survey_questions = models.ManyToManyField(SurveyQuestion, blank=True, related_name="+")
    surveys = models.ManyToManyField(Survey, blank=True, related_name="+")
    plan_nodes = models.ManyToManyField(
        "plan.Node",
        blank=True,
        related_name="+",
        verbose_name=_("éléments du plan"),
        help_text=_("Les enjeux, axes ou objectifs du plan d'action auxquels l'élément conduit."),
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("élément de synthèse")
        verbose_name_plural = _("éléments de synthèse")
        ordering = ["block__position", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def supports(self) -> list[str]:
        """What the item rests on, as labels: indicators, offers, survey questions (figures
        and surveys are links of their own on the pages)."""
        labels = [i.label for i in self.indicators.all()]
        labels += [t.label for t in self.offer_types.all()]
        labels += [f"« {q.text} » ({q.survey.title})" for q in self.survey_questions.all()]
        return labels

    @property
    def figures(self) -> list[KeyFigure]:
        """The key figures it cites, once per code."""
        return list({f.code: f for f in self.key_figures.all()}.values())
