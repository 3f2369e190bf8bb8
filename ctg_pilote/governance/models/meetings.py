"""Instances (COPIL, COTECH...), their meetings, invitations and attendance, decisions."""

from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.conventions.models import Contact, Convention, Organisation, Thematique
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldvalues import TextListValidator
from ctg_pilote.core.versioning import Versioned


class InstanceKind(models.TextChoices):
    COPIL = "copil", _("Comité de pilotage")
    COTECH = "cotech", _("Comité technique")
    COMITE_ACTEURS = "comite_acteurs", _("Comité d'acteurs")
    GROUPE_TRAVAIL = "groupe_travail", _("Groupe de travail")
    GROUPE_PROJET = "groupe_projet", _("Groupe projet")
    SEMINAIRE = "seminaire", _("Séminaire")
    AUTRE = "autre", _("Autre instance")


class CompositionCategory(models.TextChoices):
    """Who sits in an instance when a source names categories rather than organisations."""

    ELUS = "elus", _("Élus")
    HABITANTS = "habitants", _("Habitants")
    FAMILLES = "familles", _("Familles")
    JEUNES = "jeunes", _("Jeunes")
    TECHNICIENS = "techniciens", _("Techniciens")
    PARTENAIRES = "partenaires", _("Partenaires")
    PROFESSIONNELS = "professionnels", _("Professionnels")
    ASSOCIATIONS = "associations", _("Associations")


def composition_label(item: str) -> str:
    """A category's French label for a code, the source's own words otherwise."""
    return CompositionCategory(item).label if item in CompositionCategory.values else item


class Instance(Versioned):
    """A body of the CTG's governance. `kind_label` names a kind the list lacks (kind=autre)."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_instances"
    )
    ref = models.SlugField(_("référence"), max_length=60)
    kind = models.CharField(_("type"), max_length=20, choices=InstanceKind.choices)
    kind_label = models.CharField(
        _("type (libellé libre)"),
        max_length=100,
        blank=True,
        help_text=_("Pour un type absent de la liste : par exemple « Comité unique »."),
    )
    name = models.CharField(_("nom"), max_length=200)
    role = models.TextField(_("rôle"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="+", verbose_name=_("thématiques")
    )
    actions = models.ManyToManyField(
        "plan.Action", blank=True, related_name="governance_instances", verbose_name=_("actions")
    )
    nodes = models.ManyToManyField(
        "plan.Node",
        blank=True,
        related_name="governance_instances",
        verbose_name=_("éléments du plan"),
    )
    composition = models.JSONField(
        _("composition"),
        default=list,
        blank=True,
        validators=[TextListValidator(max_items=20, max_length=100)],
        help_text=_(
            "Catégories qui y siègent, en plus des organisations membres : codes (elus, "
            "habitants, familles, jeunes, techniciens, partenaires, professionnels, "
            "associations) ou texte libre (« partenaires de terrain »)."
        ),
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["convention", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                name="uniq_instance_ref",
                violation_error_message=_("Une instance de cette CTG a déjà cette référence."),
            ),
            models.UniqueConstraint(
                fields=["convention", "name"],
                name="uniq_instance_name",
                violation_error_message=_("Une instance de cette CTG porte déjà ce nom."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_display(self) -> str:
        return self.kind_label or self.get_kind_display()

    @property
    def composition_labels(self) -> list[str]:
        return [composition_label(item) for item in self.composition]


class InstanceMember(models.Model):
    """An organisation (and possibly one of its contacts) sitting in an instance."""

    not_exchanged = ("id", "instance")

    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="instance_seats"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="instance_seats"
    )
    role = models.CharField(_("rôle dans l'instance"), max_length=150, blank=True)

    class Meta:
        ordering = ["organisation__name", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.instance}"


class MeetingStatus(models.TextChoices):
    PLANNED = "prevue", _("Prévue")
    HELD = "tenue", _("Tenue")
    POSTPONED = "reportee", _("Reportée")
    CANCELLED = "annulee", _("Annulée")


# Still to happen, as far as anyone said: once their date has passed, someone must say whether
# they were held (until then their status is "to confirm", never "Prévue").
NOT_YET_HELD = (MeetingStatus.PLANNED, MeetingStatus.POSTPONED)
TO_CONFIRM_LABEL = _("Date passée, statut à confirmer")


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None) -> MeetingQuerySet:
        """Planned (or postponed) meetings whose date is still to come: never a past one, a
        held one or a cancelled one."""
        now = now or timezone.now()
        return self.filter(starts_at__gte=now, status__in=NOT_YET_HELD)

    def past(self, now=None) -> MeetingQuerySet:
        return self.filter(starts_at__lt=now or timezone.now())

    def to_confirm(self, now=None) -> MeetingQuerySet:
        """Past meetings nobody marked held, postponed again or cancelled."""
        return self.past(now).filter(status__in=NOT_YET_HELD)

    def for_email(self, email: str) -> MeetingQuerySet:
        """Meetings a person is invited to (by the e-mail of one of the CTG's contacts)."""
        return self.filter(invitations__contact__email__iexact=email).distinct()


MEETING_ENDS_BEFORE_START = _("La fin de la réunion précède son début.")


class Meeting(Versioned):
    not_exchanged = ("id", "version", "convention", "instance", "uid")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_meetings"
    )
    instance = models.ForeignKey(Instance, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("intitulé"), max_length=200)
    starts_at = models.DateTimeField(
        _("date et heure"),
        error_messages={"null": _("La date de la réunion est obligatoire.")},
        validators=bounds.DATE,
    )
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True, validators=bounds.DATE)
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    agenda = models.TextField(_("ordre du jour"), blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True, help_text=_("HTML nettoyé."))
    status = models.CharField(
        _("statut"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    rescheduled_from = models.DateTimeField(
        _("date initialement prévue"),
        null=True,
        blank=True,
        validators=bounds.DATE,
        help_text=_("Pour une réunion reportée : la date d'origine."),
    )
    cancellation_reason = models.CharField(_("motif de l'annulation"), max_length=300, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-starts_at", "id"]
        constraints = [
            bounds.period_constraint(
                "starts_at",
                "ends_at",
                name="governance_meeting_ends_after_start",
                message=MEETING_ENDS_BEFORE_START,
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if bounds.ends_before_start(self.starts_at, self.ends_at):
            raise ValidationError({"ends_at": MEETING_ENDS_BEFORE_START})

    @property
    def to_confirm(self) -> bool:
        """Its date has passed and nobody said whether it was held."""
        return self.status in NOT_YET_HELD and self.starts_at < timezone.now()

    @property
    def status_label(self) -> str:
        """Its status as people should read it: « Date passée, statut à confirmer » rather
        than « Prévue » once the date has passed; a postponement says from when to when."""
        if self.to_confirm:
            return str(TO_CONFIRM_LABEL)
        if self.status == MeetingStatus.POSTPONED and self.rescheduled_from:
            return _("Reportée du %(from)s au %(to)s") % {
                "from": _short_date(self.rescheduled_from),
                "to": _short_date(self.starts_at),
            }
        return self.get_status_display()


def _short_date(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y")


class MeetingDocument(models.Model):
    not_exchanged = ("id", "meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    url = models.URLField(_("adresse"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    UNKNOWN = "", _("Non renseignée")
    PRESENT = "present", _("Présent·e")
    EXCUSED = "excuse", _("Excusé·e")
    ABSENT = "absent", _("Absent·e")
    REPRESENTED = "represente", _("Représenté·e")


class Invitation(models.Model):
    """An organisation (or one of its contacts) invited to a meeting, and its attendance."""

    not_exchanged = ("id", "meeting")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="governance_invitations"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="governance_invitations",
    )
    attendance = models.CharField(
        _("présence"), max_length=12, choices=AttendanceStatus.choices, blank=True, default=""
    )
    represented_by = models.CharField(_("représenté·e par"), max_length=200, blank=True)
    sent_at = models.DateTimeField(
        _("invitation envoyée le"), null=True, blank=True, validators=bounds.DATE
    )

    class Meta:
        ordering = ["organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(contact__isnull=True),
                name="uniq_invitation_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"],
                condition=Q(contact__isnull=False),
                name="uniq_invitation_contact",
            ),
        ]

    def __str__(self) -> str:
        return str(self.contact or self.organisation)


class DecisionStatus(models.TextChoices):
    OPEN = "ouverte", _("À faire")
    RUNNING = "en_cours", _("En cours")
    DONE = "faite", _("Faite")
    ABANDONED = "abandonnee", _("Abandonnée")


OPEN_STATUSES = (DecisionStatus.OPEN, DecisionStatus.RUNNING)


class DecisionQuerySet(models.QuerySet):
    def open(self) -> DecisionQuerySet:
        """Followed until done: neither done nor abandoned."""
        return self.filter(status__in=OPEN_STATUSES)

    def for_action(self, action) -> DecisionQuerySet:
        return self.filter(actions=action)

    def for_node(self, node) -> DecisionQuerySet:
        return self.filter(nodes=node)

    def late(self, today=None) -> DecisionQuerySet:
        today = today or timezone.localdate()
        return self.open().filter(due_on__lt=today)

    def for_list(self) -> DecisionQuerySet:
        return (
            self.select_related(
                "meeting", "meeting__instance", "owner_organisation", "owner_contact"
            )
            .prefetch_related("changes__author")
            .order_by(models.F("due_on").asc(nulls_last=True), "id")
        )


class Decision(Versioned):
    """A decision taken at a meeting, with an owner and a due date, followed until done."""

    not_exchanged = ("id", "version", "convention", "meeting", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_decisions"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("décision"))
    # RESTRICT: the exchange document requires a decision's owner organisation.
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="governance_decisions",
        verbose_name=_("responsable (organisation)"),
    )
    owner_contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="governance_decisions",
        verbose_name=_("responsable (personne)"),
    )
    due_on = models.DateField(_("échéance"), null=True, blank=True, validators=bounds.DATE)
    status = models.CharField(
        _("suivi"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    done_on = models.DateField(_("faite le"), null=True, blank=True, validators=bounds.DATE)
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.ORDER)
    actions = models.ManyToManyField(
        "plan.Action", blank=True, related_name="governance_decisions", verbose_name=_("actions")
    )
    nodes = models.ManyToManyField(
        "plan.Node",
        blank=True,
        related_name="governance_decisions",
        verbose_name=_("éléments du plan"),
    )

    objects = DecisionQuerySet.as_manager()

    deletion_holds = {
        "owner_organisation": ngettext_lazy(
            "porte %(count)d décision", "porte %(count)d décisions", "count"
        ),
    }
    # No page changes a decision's owner: deleting the organisation may hand them over.
    deletion_reassignable = ("owner_organisation",)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        return bool(self.is_open and self.due_on and self.due_on < timezone.localdate())

    @property
    def owner_display(self) -> str:
        if self.owner_contact and self.owner_organisation:
            return f"{self.owner_contact} ({self.owner_organisation})"
        return str(self.owner_contact or self.owner_organisation or "")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The private address of one person's calendar feed (for a calendar application)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["convention", "email"], name="uniq_calendar_token")
        ]

    def __str__(self) -> str:
        return self.email
