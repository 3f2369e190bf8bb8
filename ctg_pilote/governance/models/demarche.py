"""The démarche: the six phases of a CTG with planned and actual dates, its key dates, and the
mobilisation figures a source published ("plus de 140 acteurs...")."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.versioning import Versioned


class PhaseKind(models.TextChoices):
    ENGAGEMENT = "engagement", _("Engagement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic partagé")
    ENJEUX = "enjeux", _("Enjeux")
    PLAN = "plan_action", _("Plan d'action")
    REALISATION = "realisation", _("Réalisation")
    EVALUATION = "evaluation", _("Évaluation")


PHASE_ORDER = {kind.value: i for i, kind in enumerate(PhaseKind)}


class DatePrecision(models.TextChoices):
    """How precisely a source gives a date: "janvier 2022" is stored as 2022-01-01, month."""

    DAY = "jour", _("Jour")
    MONTH = "mois", _("Mois")
    YEAR = "annee", _("Année")


class Phase(Versioned):
    not_exchanged = ("id", "version", "convention")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_phases"
    )
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    title = models.CharField(
        _("intitulé"), max_length=200, blank=True, help_text=_("Le nom que lui donne la CTG.")
    )
    planned_start = models.DateField(
        _("début prévu"), null=True, blank=True, validators=bounds.DATE
    )
    planned_end = models.DateField(_("fin prévue"), null=True, blank=True, validators=bounds.DATE)
    actual_start = models.DateField(_("début réel"), null=True, blank=True, validators=bounds.DATE)
    actual_end = models.DateField(_("fin réelle"), null=True, blank=True, validators=bounds.DATE)
    precision = models.CharField(
        _("précision des dates"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    note = models.TextField(_("remarque"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phase de la démarche")
        verbose_name_plural = _("phases de la démarche")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "kind"],
                name="uniq_phase_kind",
                violation_error_message=_("Cette phase est déjà décrite pour cette CTG."),
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()

    @property
    def order(self) -> int:
        return PHASE_ORDER.get(self.kind, 99)

    @property
    def is_late(self) -> bool:
        """Planned to end before today and not ended; or planned to start and not started."""
        today = timezone.localdate()
        if self.planned_end and not self.actual_end and self.planned_end < today:
            return True
        return bool(
            self.planned_start
            and not self.actual_start
            and not self.actual_end
            and self.planned_start < today
        )

    @property
    def state(self) -> str:
        if self.actual_end:
            return "terminee"
        if self.actual_start:
            return "en_cours"
        return "a_venir"


class KeyDateKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    COMITE = "comite", _("Comité")
    SEMINAIRE = "seminaire", _("Séminaire")
    GROUPE = "groupe", _("Groupes de travail")
    BILAN = "bilan", _("Bilan")
    ETAPE = "etape", _("Étape")


class KeyDateQuerySet(models.QuerySet):
    def timeline(self) -> KeyDateQuerySet:
        return self.order_by("date", "position", "id")


class KeyDate(Versioned):
    """A dated step of the démarche ("5 octobre 2022 : 1er Comité de Pilotage"). `end_date`
    makes it a period ("juin à novembre 2022")."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_key_dates"
    )
    date = models.DateField(_("date"), validators=bounds.DATE)
    end_date = models.DateField(_("jusqu'au"), null=True, blank=True, validators=bounds.DATE)
    precision = models.CharField(
        _("précision"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField(
        _("type"), max_length=12, choices=KeyDateKind.choices, default=KeyDateKind.ETAPE
    )
    label = models.CharField(_("libellé"), max_length=300)
    phase = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices, blank=True)
    done = models.BooleanField(_("réalisée"), default=False)
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.ORDER)
    note = models.TextField(_("remarque"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    objects = KeyDateQuerySet.as_manager()

    class Meta:
        verbose_name = _("date clé")
        verbose_name_plural = _("dates clés")
        ordering = ["date", "position", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def is_late(self) -> bool:
        return not self.done and (self.end_date or self.date) < timezone.localdate()


class Mobilisation(models.Model):
    """Published mobilisation figures, kept apart from what the platform counts itself."""

    not_exchanged = ("id", "convention")

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="governance_mobilisation"
    )
    actors = models.PositiveIntegerField(
        _("acteurs mobilisés"), null=True, blank=True, validators=bounds.COUNT
    )
    institutions = models.PositiveIntegerField(
        _("institutions représentées"), null=True, blank=True, validators=bounds.COUNT
    )
    is_minimum = models.BooleanField(
        _("« plus de »"), default=False, help_text=_("La source donne un minimum.")
    )
    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=bounds.YEAR
    )

    class Meta:
        verbose_name = _("mobilisation publiée")

    def __str__(self) -> str:
        return f"{self.actors} / {self.institutions} ({self.source})"
