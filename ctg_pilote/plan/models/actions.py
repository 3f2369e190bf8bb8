"""Fiches actions: their vocabularies, the queries the pages share, and how they are named
outside (ACTION_FIELDS)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.conventions.models import Convention, Organisation, Thematique, Zone
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.fieldspec import (
    ChoiceListValidator,
    Composite,
    Exposed,
    Exposure,
)
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune

from .tree import NODE_NUMBER, Node


class ActionStatus(models.TextChoices):
    # Unknown is a value: what a source that does not say gets (never "à lancer").
    UNKNOWN = "", _("Non renseigné")
    TO_START = "a_lancer", _("À lancer")
    RUNNING = "en_cours", _("En cours")
    DONE = "realisee", _("Réalisée")
    PAUSED = "en_pause", _("En pause")
    POSTPONED = "reportee", _("Reportée")
    ABANDONED = "abandonnee", _("Abandonnée")


_STATUS_LABELS = dict(ActionStatus.choices)  # lazy labels, translated when shown


class AgeBand(models.TextChoices):
    UNDER_3 = "0-3", _("0-3 ans")
    CHILD = "3-11", _("3-11 ans")
    TEEN = "12-17", _("12-17 ans")
    YOUNG_ADULT = "18-25", _("18-25 ans")
    ADULT = "adultes", _("Adultes")
    SENIOR = "seniors", _("Seniors")


class LocalScheme(models.TextChoices):
    CLS = "cls", _("Contrat local de santé")
    CONTRAT_VILLE = "contrat_de_ville", _("Contrat de ville")
    PEDT = "pedt", _("Projet éducatif de territoire (PEdT)")
    PROJET_TERRITOIRE = "projet_de_territoire", _("Projet de territoire")
    SCOT = "scot", _("SCoT")
    PCAET = "pcaet", _("PCAET")
    SDSF = "sdsf", _("Schéma départemental des services aux familles")
    LEADER = "leader", _("Programme LEADER")


class Participation(models.TextChoices):
    NONE = "", _("Non renseignée")
    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    CONCERTATION = "concertation", _("Concertation")
    CO_CONSTRUCTION = "co_construction", _("Co-construction")


# An action is closed once done or abandoned: it can no longer be late nor "sans suivi".
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.ABANDONED)
# An action is late only when someone said it is still to do: an unknown status is never
# "en retard" (a plan of a CTG that ended years ago would otherwise be all red).
PENDING_STATUSES = (
    ActionStatus.TO_START,
    ActionStatus.RUNNING,
    ActionStatus.PAUSED,
    ActionStatus.POSTPONED,
)
# The filter value (pages, API) that selects the actions whose status is not known.
UNKNOWN_STATUS_FILTER = "non_renseigne"
# An action with no note and no recorded change for this many months is "sans suivi".
STALE_MONTHS = 3
# What a search of actions reads, besides its number (matched whole): the plan table's and the
# API's `q` filter and the departmental search by word proximity.
SEARCH_FIELDS = ("title", "constat", "objectives", "description", "publics")


def stale_before(today: datetime.date) -> datetime.date:
    """The day before which no follow-up makes an action "sans suivi": STALE_MONTHS earlier."""
    month = today.month - STALE_MONTHS
    year = today.year
    while month <= 0:
        month += 12
        year -= 1
    return datetime.date(year, month, min(today.day, 28))


def search_text(action: "Action") -> str:
    """The text of an action that a search reads (SEARCH_FIELDS), for ranking in Python."""
    return " ".join(getattr(action, name) or "" for name in SEARCH_FIELDS)


class ActionQuerySet(models.QuerySet):
    def for_list(self) -> "ActionQuerySet":
        return self.select_related("node", "pilot").order_by("node__sort_key", "position", "id")

    def involving(self, organisation_id: int) -> "ActionQuerySet":
        """Actions an organisation pilots or partners."""
        return self.filter(
            models.Q(pilot_id=organisation_id)
            | models.Q(partner_roles__organisation_id=organisation_id)
        ).distinct()

    def open(self) -> "ActionQuerySet":
        """Neither done nor abandoned (an unknown status is open: nobody said it ended)."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def with_status(self, status: str) -> "ActionQuerySet":
        """One status; UNKNOWN_STATUS_FILTER (or the empty code) selects the unknown ones."""
        if status == UNKNOWN_STATUS_FILTER:
            status = ActionStatus.UNKNOWN
        return self.filter(status=status)

    def with_follow_up(self) -> "ActionQuerySet":
        """Annotate `last_note` and `last_change` (dates of the latest follow-up; recording
        an action's creation, by an import for instance, is not following it up)."""
        if "last_note" in self.query.annotations:
            return self
        edits = ~models.Q(changes__field="creation")
        return self.annotate(
            last_note=models.Max("notes__date"),
            last_change=models.Max("changes__at", filter=edits),
        )

    @staticmethod
    def _late_q(today: datetime.date) -> models.Q:
        return models.Q(end_date__lt=today) & models.Q(status__in=PENDING_STATUSES)

    @staticmethod
    def _stale_q(today: datetime.date) -> models.Q:
        limit = stale_before(today)
        started = models.Q(status=ActionStatus.RUNNING) | models.Q(
            status=ActionStatus.TO_START, start_date__lt=limit
        )
        no_note = models.Q(last_note__isnull=True) | models.Q(last_note__lt=limit)
        no_change = models.Q(last_change__isnull=True) | models.Q(last_change__date__lt=limit)
        not_new = models.Q(start_date__isnull=True) | models.Q(start_date__lt=limit)
        return started & no_note & no_change & not_new

    def late(self, today: datetime.date | None = None) -> "ActionQuerySet":
        """End date passed (before `today`, by default the local date) and the action said to
        be still to do (PENDING_STATUSES). An action with no end date, or whose status is not
        known, is never late."""
        return self.filter(self._late_q(today or timezone.localdate()))

    def stale(self, today: datetime.date | None = None) -> "ActionQuerySet":
        """The actions "sans suivi": running (or due to have started) and started more than
        STALE_MONTHS months ago, with no note nor recorded change since then. Adds
        `with_follow_up`."""
        return self.with_follow_up().filter(self._stale_q(today or timezone.localdate()))

    def late_or_stale(self, today: datetime.date | None = None) -> "ActionQuerySet":
        """What the weekly digest reminds of: late or "sans suivi"."""
        today = today or timezone.localdate()
        return self.with_follow_up().filter(self._late_q(today) | self._stale_q(today))

    def search(self, q: str) -> "ActionQuerySet":
        """The number (whole, any case) or a piece of one of SEARCH_FIELDS."""
        q = (q or "").strip()
        if not q:
            return self
        condition = models.Q(number__iexact=q)
        for name in SEARCH_FIELDS:
            condition |= models.Q(**{f"{name}__icontains": q})
        return self.filter(condition)

    def matching(
        self, *, q="", thematique=None, status="", pilot="", priority="", place="", year=None
    ) -> "ActionQuerySet":
        """The plan table's filters; `place` is "z<zone id>" or "c<commune id>"."""
        qs = self.search(q)
        if thematique:
            qs = qs.filter(thematiques=thematique)
        if status:
            qs = qs.with_status(status)
        if pilot:
            qs = qs.filter(pilot_id=pilot)
        if priority:
            qs = qs.filter(is_priority=priority == "oui")
        if place[:1] == "z" and place[1:].isdigit():
            qs = qs.filter(models.Q(whole_territory=True) | models.Q(zones=int(place[1:])))
        elif place[:1] == "c" and place[1:].isdigit():
            commune = int(place[1:])
            qs = qs.filter(
                models.Q(whole_territory=True)
                | models.Q(communes=commune)
                | models.Q(zones__memberships__commune=commune)
            )
        if year:
            qs = qs.filter(
                models.Q(start_date__isnull=True) | models.Q(start_date__year__lte=year),
                models.Q(end_date__isnull=True) | models.Q(end_date__year__gte=year),
            )
        return qs.distinct()


ACTION_ENDS_BEFORE_START = _("La fin ne peut pas précéder le début.")
ACTION_NUMBER = r"^\S(.*\S)?$"
ACTION_REF = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
WITHOUT_NUMBER = _("sans n°")


class Action(Versioned):
    """A fiche action. `version` grows at every save: a form posting an older version is
    refused (two people editing the same action)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_actions"
    )
    node = models.ForeignKey(
        Node,
        on_delete=models.RESTRICT,
        related_name="actions",
        verbose_name=_("place dans le plan"),
    )
    number = models.CharField(
        _("numéro"),
        max_length=20,
        blank=True,
        help_text=_(
            "Tel que la source l'écrit (« 2 », « 2 bis », « A3 ») ; vide si elle n'en donne "
            "pas. Deux actions peuvent porter le même numéro si la source le fait."
        ),
    )
    ref = models.CharField(
        _("référence"),
        max_length=40,
        blank=True,
        validators=[RegexValidator(ACTION_REF, _("Lettres, chiffres, « - », « _ » ou « . »."))],
        help_text=_(
            "Identifiant court d'une action sans numéro (ou au numéro répété), pour la désigner "
            "sans ambiguïté ; donné automatiquement."
        ),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1, validators=bounds.ORDER)
    title = models.CharField(_("intitulé"), max_length=300)
    constat = models.TextField(_("constat"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    description = models.TextField(_("description"), blank=True)
    age_bands = models.JSONField(
        _("tranches d'âge"), default=list, blank=True, validators=[ChoiceListValidator(AgeBand)]
    )
    publics = models.CharField(_("publics"), max_length=300, blank=True)
    whole_territory = models.BooleanField(_("tout le territoire de la CTG"), default=True)
    zones = models.ManyToManyField(Zone, blank=True, related_name="+", verbose_name=_("zones"))
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="+", verbose_name=_("communes")
    )
    pilot = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="piloted_actions",
        verbose_name=_("pilote"),
    )
    pilot_person = models.CharField(_("personne référente"), max_length=150, blank=True)
    human_means = models.TextField(_("moyens humains"), blank=True)
    material_means = models.TextField(_("moyens matériels"), blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True, validators=bounds.DATE)
    end_date = models.DateField(_("fin"), null=True, blank=True, validators=bounds.DATE)
    is_priority = models.BooleanField(_("prioritaire"), default=False)
    priority_rank = models.PositiveSmallIntegerField(
        _("rang de priorité"),
        null=True,
        blank=True,
        validators=[bounds.RangeValidator(1, bounds.ORDER_MAX)],
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ActionStatus.choices,
        blank=True,
        default=ActionStatus.UNKNOWN,
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), null=True, blank=True, validators=bounds.PERCENT
    )
    linked_schemes = models.JSONField(
        _("dispositifs liés"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(LocalScheme)],
    )
    participation = models.CharField(
        _("participation des habitants"),
        max_length=20,
        choices=Participation.choices,
        blank=True,
        default="",
    )
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="plan_actions", verbose_name=_("thématiques")
    )
    follow_up_fictitious = models.BooleanField(
        _("suivi fictif"),
        default=False,
        help_text=_("Démonstration : statut, avancement et suivi inventés."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    deletion_holds = {
        "node": ngettext_lazy("porte %(count)d action", "porte %(count)d actions", "count"),
        "pilot": ngettext_lazy("pilote %(count)d action", "pilote %(count)d actions", "count"),
    }

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        ordering = ["convention", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                condition=~models.Q(ref=""),
                name="uniq_plan_action_ref",
                violation_error_message=_("Une action de cette CTG porte déjà cette référence."),
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="plan_action_progress_max_100"
            ),
            bounds.period_constraint(
                "start_date",
                "end_date",
                name="plan_action_ends_after_start",
                message=ACTION_ENDS_BEFORE_START,
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.number}. {self.title}"
        return f"{self.title} ({WITHOUT_NUMBER})"

    def get_status_display(self) -> str:
        """Django's, without hashing every label of the list at each call (a page lists
        hundreds of actions)."""
        return str(_STATUS_LABELS.get(self.status, self.status))

    @property
    def reference(self) -> str:
        """How a document names this action: its `ref` when it has one, else its number."""
        return self.ref or self.number

    @property
    def display_number(self) -> str:
        """The number as the source writes it, or "sans n°" (never an invented number)."""
        return self.number or str(WITHOUT_NUMBER)

    @property
    def progress_label(self) -> str:
        """ "40 %", or "non renseigné" when the source does not say (never "0 %")."""
        if self.progress is None:
            return str(_("non renseigné"))
        return f"{self.progress} %"

    def clean(self):
        if bounds.ends_before_start(self.start_date, self.end_date):
            raise ValidationError({"end_date": ACTION_ENDS_BEFORE_START})


# How a fiche action is named outside: exchange document, API, spreadsheet, history. Forms,
# history, the exchange schema, import, export, the workbook's Actions sheet and the API
# fields are derived from this list (core/fieldspec.py); its order is theirs.
ACTION_FIELDS = Exposure(
    Action,
    [
        Exposed(
            "number",
            "numero",
            "Numéro",
            pattern=ACTION_NUMBER,
            description="Numéro de la fiche action tel que la source l'écrit ; absent si elle "
            "n'en donne pas. Un numéro répété ou un trou dans la numérotation est signalé, pas "
            "refusé ; une référence à un numéro répété est refusée (utiliser `ref`).",
        ),
        Exposed(
            "ref",
            "ref",
            "Référence",
            form=False,
            api="read",
            tracked=False,
            pattern=ACTION_REF,
            description="Identifiant court, unique dans le document, d'une action sans numéro "
            "(ou au numéro répété) : les autres parties du document la désignent par lui. "
            "Jamais un numéro de la source.",
        ),
        Exposed(
            "node",
            "noeud",
            "Élément du plan",
            ref="number",
            pattern=NODE_NUMBER,
            description="Numéro du nœud où se place l'action.",
        ),
        Exposed("title", "titre", "Intitulé"),
        Exposed("constat", "constat", "Constat"),
        Exposed("objectives", "objectifs", "Objectifs"),
        Exposed("description", "description", "Description"),
        Exposed("age_bands", "tranches_age", "Tranches d'âge"),
        Exposed("publics", "publics", "Publics"),
        Composite(
            "territoire",
            fields=("whole_territory", "zones", "communes"),
            columns=("Tout le territoire", "Zones", "Communes"),
        ),
        Exposed("pilot", "pilote.organisation", "Pilote", ref="ref"),
        Exposed("pilot_person", "pilote.personne", "Personne référente"),
        Composite("partenaires", columns=("Partenaires",)),
        Exposed("human_means", "moyens_humains", "Moyens humains"),
        Exposed("material_means", "moyens_materiels", "Moyens matériels"),
        Exposed("start_date", "debut", "Début"),
        Exposed("end_date", "fin", "Fin"),
        Composite("jalons", columns=("Jalons",)),
        Exposed("is_priority", "prioritaire", "Prioritaire"),
        Exposed("priority_rank", "rang_priorite", "Rang de priorité"),
        Exposed(
            "status",
            "statut",
            "Statut",
            description="Absent : non renseigné (la source ne le dit pas).",
        ),
        Exposed(
            "progress",
            "avancement",
            "Avancement (%)",
            always=True,
            description="Absent : non renseigné ; 0 quand la source dit 0 %.",
        ),
        Exposed("linked_schemes", "dispositifs_lies", "Dispositifs liés"),
        Exposed("participation", "participation", "Participation", labels=False),
        Exposed("thematiques", "thematiques", "Thématiques", ref="code"),
        Exposed(
            "follow_up_fictitious",
            "suivi_fictif",
            "Suivi fictif",
            form=False,
            api="read",
            tracked=False,
        ),
        Composite("budget"),
        Composite("notes", form=False, tracked=False),
        Composite("historique", form=False, tracked=False),
        Exposed("updated_at", "modifiee_le", form=False, api="read", exchange=False, tracked=False),
    ],
    internal=("convention", "position", "version"),
    component="Plan",
)
