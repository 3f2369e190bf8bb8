"""Family surveys: one row per respondent, one column per question, as survey tools export."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.approxdates import ApproximateDateField
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune

from .indicators import Qualifier


class QuestionKind(models.TextChoices):
    SINGLE = "choix_unique", _("Choix unique")
    MULTIPLE = "choix_multiple", _("Choix multiple")
    SCALE = "echelle", _("Échelle")
    TEXT = "texte", _("Texte libre")
    COMMUNE = "commune", _("Commune de résidence")


SURVEY_PERIOD_OUT_OF_ORDER = _("La fin de l'enquête ne peut pas précéder son début.")


class Survey(Versioned):
    """A family survey, with its raw answers (one row per respondent) or known only by the
    totals a document gives ("about 1,000 answers out of 4,500 families")."""

    not_exchanged = ("id", "version", "convention")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(_("titre"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=bounds.YEAR
    )
    period_start = ApproximateDateField(
        _("début de l'enquête"), blank=True, null=True, help_text=_("Ex. « mars 2022 »")
    )
    period_end = ApproximateDateField(
        _("fin de l'enquête"), blank=True, null=True, help_text=_("Ex. « fin avril 2022 »")
    )
    audience = models.CharField(
        _("public"),
        max_length=250,
        blank=True,
        help_text=_(
            "Qui était interrogé (« familles allocataires avec enfants de moins de 18 ans »)."
        ),
    )
    families_reached = models.PositiveIntegerField(
        _("familles sollicitées"),
        null=True,
        blank=True,
        help_text=_("Pour le taux de réponse."),
        validators=bounds.COUNT,
    )
    responses_received = models.PositiveIntegerField(
        _("réponses reçues"),
        null=True,
        blank=True,
        help_text=_(
            "Le total de réponses que donne la source ; sans lui, les réponses détaillées sont "
            "comptées."
        ),
        validators=bounds.COUNT,
    )
    responses_qualifier = models.CharField(
        _("qualificatif des réponses"),
        max_length=20,
        choices=Qualifier.choices,
        blank=True,
        help_text=_("« environ » 1 000 réponses, « plus de » 300 réponses."),
    )
    method = models.TextField(
        _("méthode"), blank=True, help_text=_("Questionnaire en ligne, entretiens, ateliers…")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("enquête auprès des familles")
        verbose_name_plural = _("enquêtes auprès des familles")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "title"], name="diagnostic_uniq_survey_title"
            ),
            bounds.range_constraint(
                "responses_received", bounds.COUNT, name="diagnostic_survey_responses_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.period_start and self.period_end and self.period_end.end < self.period_start.start:
            raise ValidationError({"period_end": SURVEY_PERIOD_OUT_OF_ORDER})

    @property
    def period(self) -> str:
        """The period as the source writes it ("de mars 2022 à fin 2022"), "" if unknown."""
        if self.period_start and self.period_end and self.period_start != self.period_end:
            return _("de %(start)s à %(end)s") % {
                "start": self.period_start,
                "end": self.period_end,
            }
        return str(self.period_start or self.period_end or "")

    @cached_property
    def response_count(self) -> int | None:
        """The answers: the source's total when it gives one, else the raw answers counted;
        None (unknown) when there is neither."""
        if self.responses_received is not None:
            return self.responses_received
        return self.responses.count() or None

    @property
    def response_rate(self) -> float | None:
        """Answers over families solicited, in %; None when either is unknown."""
        if not self.families_reached or self.response_count is None:
            return None
        return self.response_count / self.families_reached * 100

    @property
    def rate_is_approximate(self) -> bool:
        return bool(self.responses_qualifier) and self.responses_received is not None


class SurveyQuestion(models.Model):
    not_exchanged = ("id", "survey", "position")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(_("code"), max_length=60)
    text = models.CharField(_("intitulé"), max_length=500)
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    choices = models.JSONField(_("réponses possibles"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"], name="diagnostic_uniq_survey_question_code"
            )
        ]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(Versioned):
    """One respondent. `answers` maps a question code to a text, a number or a list of
    choices (multiple choice); free-text answers may carry thématique tags."""

    not_exchanged = ("id", "version", "survey", "number")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    number = models.PositiveIntegerField(_("numéro"), validators=bounds.COUNT)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(_("réponses"), default=dict)
    tags = models.JSONField(
        _("thématiques des réponses libres"),
        default=dict,
        blank=True,
        help_text=_("Code de question -> liste de codes de thématiques."),
    )

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "number"], name="diagnostic_uniq_survey_response"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.number}"
