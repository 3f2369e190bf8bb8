"""The démarche: the CTG's own ordered phases (the six CNAF steps offered by default) with
planned and actual dates, its key dates, and the mobilisation figures a source published
("plus de 140 acteurs...")."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.approxdates import MONTH, MONTHS, ApproximateDate, ApproximateDateField
from ctg_pilote.core.versioning import Versioned


def period_label(start: ApproximateDate | None, end: ApproximateDate | None) -> str:
    """A period as the source writes it: "juin à novembre 2022", "2021 → fin 2023"; one date
    alone when the other is unknown or the same."""
    if start and end and end != start:
        same_year = start.year == end.year and not (start.position or end.position)
        if same_year and start.precision == end.precision == MONTH:
            return f"{MONTHS[start.month - 1]} à {end}"
        return f"{start} → {end}"
    return str(start or end or "")


ENDS_BEFORE_START = _("La fin précède le début.")


def ends_before(start: ApproximateDate | None, end: ApproximateDate | None) -> bool:
    """An approximate period is refused only when its end is over before its start begins."""
    return bool(start and end) and end.end < start.start


def open_period_label(start: ApproximateDate | None, end: ApproximateDate | None) -> str:
    """A period of which one bound may be unknown: "depuis 2023", "jusqu'en 2027"."""
    if start and not end:
        return _("depuis %(date)s") % {"date": start}
    if end and not start:
        return _("jusqu'à %(date)s") % {"date": end}
    return period_label(start, end)


class CnafPhase(models.TextChoices):
    """The six steps of a CTG as the CNAF describes them: offered to a CTG that has recorded
    no phase of its own, and read from documents of version 1 (`phase: diagnostic`)."""

    ENGAGEMENT = "engagement", _("Engagement")
    DIAGNOSTIC = "diagnostic", _("Diagnostic partagé")
    ENJEUX = "enjeux", _("Enjeux")
    PLAN = "plan_action", _("Plan d'action")
    REALISATION = "realisation", _("Réalisation")
    EVALUATION = "evaluation", _("Évaluation")


class PhaseStatus(models.TextChoices):
    A_VENIR = "a_venir", _("À venir")
    EN_COURS = "en_cours", _("En cours")
    REALISEE = "realisee", _("Réalisée")


class Phase(Versioned):
    """One phase of the CTG's démarche, in the CTG's own words and order. `status` left empty
    follows the dates: a phase whose dates have passed is réalisée."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_phases"
    )
    ref = models.SlugField(
        _("référence"),
        max_length=60,
        help_text=_("Code court, unique dans la CTG : par exemple « diagnostic »."),
    )
    title = models.CharField(
        _("intitulé"), max_length=200, help_text=_("Le nom que lui donne la CTG.")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)
    planned_start = ApproximateDateField(_("début prévu"), null=True, blank=True)
    planned_end = ApproximateDateField(_("fin prévue"), null=True, blank=True)
    actual_start = ApproximateDateField(_("début réel"), null=True, blank=True)
    actual_end = ApproximateDateField(_("fin réelle"), null=True, blank=True)
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=PhaseStatus.choices,
        blank=True,
        help_text=_("Laissé vide, l'état suit les dates : une phase passée est réalisée."),
    )
    note = models.TextField(_("remarque"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phase de la démarche")
        verbose_name_plural = _("phases de la démarche")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                name="uniq_phase_ref",
                violation_error_message=_("Une phase de cette CTG a déjà cette référence."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if ends_before(getattr(self, start), getattr(self, end)):
                errors[end] = ENDS_BEFORE_START
        if errors:
            raise ValidationError(errors)

    @property
    def actual_label(self) -> str:
        return open_period_label(self.actual_start, self.actual_end)

    @property
    def planned_label(self) -> str:
        return open_period_label(self.planned_start, self.planned_end)

    @property
    def start(self) -> datetime.date | None:
        when = self.actual_start or self.planned_start
        return when.start if when else None

    @property
    def end(self) -> datetime.date | None:
        when = self.actual_end or self.planned_end
        return when.end if when else None

    @property
    def state(self) -> str:
        """The status said, else one read from the dates; "" when nothing says it."""
        if self.status:
            return self.status
        today = timezone.localdate()
        if self.end and self.end < today:
            return PhaseStatus.REALISEE
        if self.start and self.start <= today:
            return PhaseStatus.EN_COURS
        if self.start:  # it starts later
            return PhaseStatus.A_VENIR
        # Only an end to come ("jusqu'en 2029"): whether it has begun, nothing says.
        return ""

    @property
    def state_label(self) -> str:
        return PhaseStatus(self.state).label if self.state else _("non renseigné")

    @property
    def is_late(self) -> bool:
        """Only a phase explicitly said not done whose planned end has passed."""
        return (
            self.status in (PhaseStatus.A_VENIR, PhaseStatus.EN_COURS)
            and self.planned_end is not None
            and self.planned_end.is_past()
        )


class KeyDateKind(models.TextChoices):
    SIGNATURE = "signature", _("Signature")
    COMITE = "comite", _("Comité")
    SEMINAIRE = "seminaire", _("Séminaire")
    GROUPE = "groupe", _("Groupes de travail")
    BILAN = "bilan", _("Bilan")
    ETAPE = "etape", _("Étape")


class KeyDateStatus(models.TextChoices):
    REALISEE = "realisee", _("Réalisée")
    A_FAIRE = "a_faire", _("À faire")
    ANNULEE = "annulee", _("Annulée")


class KeyDateQuerySet(models.QuerySet):
    def timeline(self) -> list[KeyDate]:
        """The steps in time order; an undated step stays where the list puts it, right after
        the step before it (steps listed before any dated one come first)."""
        steps = list(self.select_related("phase").order_by("position", "id"))
        keys, last = [], None
        for step in steps:
            last = step.date.sort_key if step.date else last
            keys.append((last is not None, last, step.position, step.pk or 0))
        return [step for _key, step in sorted(zip(keys, steps, strict=True), key=lambda p: p[0])]


class KeyDate(Versioned):
    """A step of the démarche ("5 octobre 2022 : 1er Comité de Pilotage"), dated or not, in a
    phase of the CTG or in none. `end_date` makes it a period ("juin à novembre 2022").
    `status` left empty follows the date: a past step is réalisée; "en retard" is only for a
    step said still to do (`a_faire`) after its date."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_key_dates"
    )
    date = ApproximateDateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "Telle que la source l'écrit : 05/10/2022, novembre 2021, fin 2023… "
            "Vide pour une étape non datée."
        ),
    )
    end_date = ApproximateDateField(_("jusqu'au"), null=True, blank=True)
    kind = models.CharField(
        _("type"), max_length=12, choices=KeyDateKind.choices, default=KeyDateKind.ETAPE
    )
    label = models.CharField(_("libellé"), max_length=300)
    phase = models.ForeignKey(
        Phase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_dates",
        verbose_name=_("phase"),
    )
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=KeyDateStatus.choices,
        blank=True,
        help_text=_("Laissé vide, l'état suit la date : une étape passée est réalisée."),
    )
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.ORDER)
    note = models.TextField(_("remarque"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    objects = KeyDateQuerySet.as_manager()

    class Meta:
        verbose_name = _("date clé")
        verbose_name_plural = _("dates clés")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label

    def clean(self):
        super().clean()
        if self.end_date and not self.date:
            raise ValidationError({"date": _("Une période demande sa date de début.")})
        if ends_before(self.date, self.end_date):
            raise ValidationError({"end_date": ENDS_BEFORE_START})

    @property
    def when_label(self) -> str:
        """The date as the source gives it ("novembre 2021", "juin à novembre 2022"); ""
        for an undated step."""
        return period_label(self.date, self.end_date)

    @property
    def last_day(self) -> datetime.date | None:
        when = self.end_date or self.date
        return when.end if when else None

    @property
    def state(self) -> str:
        """The status said, else one read from the date ("a_venir" for a future step); ""
        when nothing says it (an undated step with no status)."""
        if self.status:
            return self.status
        if self.date is None:
            return ""
        return KeyDateStatus.REALISEE if self.last_day < timezone.localdate() else "a_venir"

    @property
    def is_done(self) -> bool:
        return self.state == KeyDateStatus.REALISEE

    @property
    def is_late(self) -> bool:
        return (
            self.status == KeyDateStatus.A_FAIRE
            and self.last_day is not None
            and self.last_day < timezone.localdate()
        )


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
