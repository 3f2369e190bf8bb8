"""What the pilotage adds to a CTG: bilan narratives, evaluations of the résultats attendus,
and who opted out of the weekly digest. Everything else it shows is read from the plan,
the governance and the diagnostic."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.governance.models import Meeting
from ctg_pilote.plan.models import Indicator, Node


class BilanKind(models.TextChoices):
    ANNUAL = "annuel", _("Bilan annuel")
    MIDTERM = "intermediaire", _("Bilan intermédiaire")
    FINAL = "final", _("Évaluation finale")


class Bilan(Versioned):
    """The narrative a coordinator writes around a generated bilan, for one year (annual)
    or for the period up to `year` (intermédiaire, final)."""

    not_exchanged = ("id", "version", "convention", "updated_at")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="bilans")
    kind = models.CharField(_("type"), max_length=20, choices=BilanKind.choices)
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    introduction = models.TextField(_("introduction"), blank=True)
    conclusion = models.TextField(_("conclusion et perspectives"), blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        ordering = ["convention", "year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "kind", "year"], name="uniq_bilan_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class AdoptedBilan(models.Model):
    """A bilan as it was presented to the comité de pilotage: what its documents showed
    (`data`) and the three files themselves, kept byte for byte. Never edited; a corrected
    re-adoption is a new row, and the latest one of a kind and year is "the adopted one".
    Deleted only with its CTG: no page or service deletes one.

    Not in the exchange document: the files stay in the database (docs/pilotage.md)."""

    not_exchanged = (
        "id",
        "convention",
        "kind",
        "year",
        "presented_on",
        "meeting",
        "meeting_title",
        "adopted_at",
        "adopted_by",
        "data",
        "docx",
        "pdf",
        "xlsx",
    )

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="adopted_bilans"
    )
    kind = models.CharField(_("type"), max_length=20, choices=BilanKind.choices)
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    presented_on = models.DateField(
        _("présenté au comité de pilotage le"),
        validators=bounds.DATE,
        error_messages={"null": _("La date de présentation est obligatoire.")},
    )
    # The meeting may be deleted later (a mistake): its title and date stay here.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("réunion"),
    )
    meeting_title = models.CharField(_("réunion (intitulé)"), max_length=200, blank=True)
    adopted_at = models.DateTimeField(_("enregistré le"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("contenu"))
    docx = models.BinaryField(_("document Word"))
    pdf = models.BinaryField(_("document PDF"))
    xlsx = models.BinaryField(_("tableur"))

    class Meta:
        verbose_name = _("bilan adopté")
        verbose_name_plural = _("bilans adoptés")
        ordering = ["convention", "year", "kind", "-adopted_at", "-id"]
        get_latest_by = ["adopted_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} ({self.presented_on:%d/%m/%Y})"


class BilanNodeText(models.Model):
    """Comments, difficulties and next steps of one axe/enjeu in a bilan."""

    not_exchanged = ("id", "bilan")

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="node_texts")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    comments = models.TextField(_("commentaires"), blank=True)
    difficulties = models.TextField(_("difficultés"), blank=True)
    next_steps = models.TextField(_("suites à donner"), blank=True)

    class Meta:
        ordering = ["node__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["bilan", "node"], name="uniq_bilan_node_text")
        ]

    def __str__(self) -> str:
        return f"{self.bilan} — {self.node}"


class Judgement(models.TextChoices):
    REACHED = "atteint", _("Atteint")
    PARTLY = "partiellement_atteint", _("Partiellement atteint")
    NOT_REACHED = "non_atteint", _("Non atteint")
    NOT_ASSESSABLE = "non_evaluable", _("Non évaluable")


class ResultEvaluation(Versioned):
    """The judgement on one résultat attendu of a node (`position` in its list, from 1)."""

    not_exchanged = ("id", "version", "convention")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="result_evaluations"
    )
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="result_evaluations")
    position = models.PositiveSmallIntegerField(_("résultat n°"), validators=bounds.ORDER)
    judgement = models.CharField(_("jugement"), max_length=30, choices=Judgement.choices)
    evidence = models.TextField(
        _("éléments de preuve"),
        blank=True,
        help_text=_("Indicateurs, notes de suivi, résultats d'enquête…"),
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="+", verbose_name=_("indicateurs à l'appui")
    )
    evaluated_on = models.DateField(_("évalué le"), null=True, blank=True, validators=bounds.DATE)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("évaluation d'un résultat attendu")
        verbose_name_plural = _("évaluations des résultats attendus")
        ordering = ["node__sort_key", "position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "position"], name="uniq_result_evaluation")
        ]

    def __str__(self) -> str:
        return f"{self.node.number} R{self.position} : {self.get_judgement_display()}"


class DigestOptOut(models.Model):
    """A person who no longer wants the weekly digest of this CTG."""

    not_exchanged = ("id", "convention", "created_at")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["convention", "user"], name="uniq_digest_opt_out")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.convention}"
