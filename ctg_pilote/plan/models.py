"""The plan d'action of a CTG: its strategic tree, fiches actions, indicators and follow-up."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
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
    TextListValidator,
)
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune


class Level(models.Model):
    """The name of one depth of a CTG's tree (1 = top), e.g. "Axe", "Objectif stratégique"."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="plan_levels")
    depth = models.PositiveSmallIntegerField(
        _("profondeur"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    name = models.CharField(_("nom"), max_length=60)

    class Meta:
        verbose_name = _("niveau du plan")
        verbose_name_plural = _("niveaux du plan")
        ordering = ["convention", "depth"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "depth"], name="uniq_plan_level_depth")
        ]

    def __str__(self) -> str:
        return self.name


class NodeQuerySet(models.QuerySet):
    def in_tree_order(self) -> "NodeQuerySet":
        # `sort_key` is the zero-padded path of positions, so one ORDER BY gives the tree.
        return self.order_by("sort_key")

    def branch_of(self, node: "Node") -> "NodeQuerySet":
        """The node and everything below it."""
        return self.filter(
            models.Q(pk=node.pk) | models.Q(sort_key__startswith=f"{node.sort_key}.")
        )


class Node(Versioned):
    """A node of the strategic tree (enjeu, axe, objectif...). Its number (1.2.3) is computed
    from positions by `services.renumber` and stays stable until the tree is reordered."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="plan_nodes")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("placé sous"),
    )
    depth = models.PositiveSmallIntegerField(
        _("niveau"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1, validators=bounds.ORDER)
    number = models.CharField(_("numéro"), max_length=20, blank=True)
    sort_key = models.CharField(max_length=40, blank=True, editable=False)
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    vision = models.TextField(_("vision"), blank=True, help_text=_("« En 2027, … »"))
    expected_results = models.JSONField(
        _("résultats attendus"),
        default=list,
        blank=True,
        help_text=_("Un résultat par ligne."),
        validators=[TextListValidator(max_items=50, max_length=1000)],
    )
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="plan_nodes", verbose_name=_("thématiques")
    )

    objects = NodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("élément du plan")
        verbose_name_plural = _("éléments du plan")
        ordering = ["convention", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "number"],
                name="uniq_plan_node_number",
                violation_error_message=_("Un élément du plan porte déjà ce numéro."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


NODE_NUMBER = r"^[1-9][0-9]*(\.[1-9][0-9]*){0,3}$"

# How an element of the tree is named outside (see ACTION_FIELDS below): its number, depth,
# position and parent follow from the tree; the Tree sheet's "Niveau" column names its level.
NODE_FIELDS = Exposure(
    Node,
    [
        Exposed(
            "number",
            "numero",
            "Numéro",
            pattern=NODE_NUMBER,
            description="Numéro automatique (1, 1.2, 1.2.3) : identifiant du nœud dans le "
            "document, donné dans l'ordre de l'arborescence.",
            always=True,
            required=True,
            form=False,
            api="read",
        ),
        Exposed("depth", "niveau", exchange=False, form=False, api="read", tracked=False),
        Exposed("position", "position", exchange=False, form=False, api="read", tracked=False),
        Exposed(
            "parent",
            "parent",
            exchange=False,
            form=False,
            ref="number",
            description="Élément parent ; absent ou null : premier niveau.",
        ),
        Composite("niveau_nom", columns=("Niveau",), form=False, tracked=False),
        Exposed("title", "titre", "Titre"),
        Exposed("description", "description", "Description"),
        Exposed("vision", "vision", "Vision"),
        Exposed("expected_results", "resultats_attendus", "Résultats attendus"),
        Exposed("thematiques", "thematiques", "Thématiques", ref="code"),
    ],
    internal=("convention", "sort_key", "version"),
    component="Plan",
)


class ActionStatus(models.TextChoices):
    TO_START = "a_lancer", _("À lancer")
    RUNNING = "en_cours", _("En cours")
    DONE = "realisee", _("Réalisée")
    PAUSED = "en_pause", _("En pause")
    POSTPONED = "reportee", _("Reportée")
    ABANDONED = "abandonnee", _("Abandonnée")


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
        """Neither done nor abandoned."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def with_follow_up(self) -> "ActionQuerySet":
        """Annotate `last_note` and `last_change` (dates of the latest follow-up)."""
        if "last_note" in self.query.annotations:
            return self
        return self.annotate(
            last_note=models.Max("notes__date"), last_change=models.Max("changes__at")
        )

    @staticmethod
    def _late_q(today: datetime.date) -> models.Q:
        return models.Q(end_date__lt=today) & ~models.Q(status__in=CLOSED_STATUSES)

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
        """End date passed (before `today`, by default the local date) and the action neither
        done nor abandoned. An action with no end date is never late."""
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
            qs = qs.filter(status=status)
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
    number = models.CharField(_("numéro"), max_length=20)
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
        _("statut"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.TO_START
    )
    progress = models.PositiveSmallIntegerField(
        _("avancement (%)"), default=0, validators=bounds.PERCENT
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
                fields=["convention", "number"],
                name="uniq_plan_action_number",
                violation_error_message=_("Une action de cette CTG porte déjà ce numéro."),
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
        return f"{self.number}. {self.title}"

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
            pattern=r"^[^\s]+$",
            description="Numéro de la fiche action, unique dans la CTG : son identifiant.",
            always=True,
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
        Exposed("status", "statut", "Statut", always=True),
        Exposed("progress", "avancement", "Avancement (%)"),
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


class PartnerRole(models.Model):
    """An organisation taking part in an action, and what it does there."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partner_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partner_roles"
    )
    role = models.CharField(_("rôle"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "organisation"], name="uniq_action_partner")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("date"), validators=bounds.DATE)
    title = models.CharField(_("jalon"), max_length=200)
    done = models.BooleanField(_("atteint"), default=False)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title}"


class BudgetNature(models.TextChoices):
    OPERATING = "fonctionnement", _("Fonctionnement")
    INVESTMENT = "investissement", _("Investissement")


class BudgetState(models.TextChoices):
    PLANNED = "prevu", _("Prévu")
    GRANTED = "acquis", _("Acquis")
    PAID = "verse", _("Versé")


class BudgetLine(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("financeur"),
    )
    amount = models.DecimalField(
        _("montant (€)"), max_digits=12, decimal_places=2, validators=bounds.MONEY
    )
    nature = models.CharField(
        _("nature"), max_length=20, choices=BudgetNature.choices, default=BudgetNature.OPERATING
    )
    state = models.CharField(
        _("état"), max_length=10, choices=BudgetState.choices, default=BudgetState.PLANNED
    )
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    deletion_holds = {
        "funder": ngettext_lazy(
            "finance %(count)d ligne de budget", "finance %(count)d lignes de budget", "count"
        ),
    }

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="plan_budget_positive"),
            bounds.range_constraint("amount", bounds.MONEY, name="plan_budget_amount_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.amount} €"


def document_path(instance, filename: str) -> str:
    return f"plan/{instance.action.convention_id}/{instance.action_id}/{filename}"


class ActionDocument(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=document_path)
    size = models.PositiveIntegerField(default=0, validators=bounds.INTERNAL)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title


class IndicatorKind(models.TextChoices):
    OUTPUT = "realisation", _("Réalisation")
    RESULT = "resultat", _("Résultat")
    IMPACT = "impact", _("Impact")


class Indicator(Versioned):
    """Measured on an action or on a node of the tree (exactly one of the two)."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_indicators"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators"
    )
    ref = models.CharField(_("référence"), max_length=30)
    name = models.CharField(_("intitulé"), max_length=300)
    kind = models.CharField(
        _("type"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.OUTPUT
    )
    unit = models.CharField(_("unité"), max_length=40, blank=True)
    baseline_value = models.DecimalField(
        _("valeur de départ"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.MEASURE,
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("année de départ"), null=True, blank=True, validators=bounds.YEAR
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "ref"], name="uniq_plan_indicator_ref"),
            models.CheckConstraint(
                condition=models.Q(action__isnull=True, node__isnull=False)
                | models.Q(action__isnull=False, node__isnull=True),
                name="plan_indicator_on_action_or_node",
            ),
            bounds.range_constraint(
                "baseline_value", bounds.MEASURE, name="plan_indicator_baseline_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.name


# How an indicator is named outside (see ACTION_FIELDS above); its targets and values are
# rows written by hand, the targets as one "Cible <année>" column per year of the period.
INDICATOR_FIELDS = Exposure(
    Indicator,
    [
        Exposed(
            "ref",
            "ref",
            "Référence",
            always=True,
            form=False,
            api_required=False,
            description="Identifiant de l'indicateur dans la CTG.",
        ),
        Exposed("action", "action", "Action", ref="number", pattern=r"^[^\s]+$", form=False),
        Exposed("node", "noeud", "Élément du plan", ref="number", pattern=NODE_NUMBER, form=False),
        Exposed("name", "intitule", "Intitulé"),
        Exposed("kind", "type", "Type", always=True, labels=False),
        Exposed("unit", "unite", "Unité"),
        Composite(
            "depart",
            fields=("baseline_value", "baseline_year"),
            columns=("Valeur de départ", "Année de départ"),
        ),
        Exposed("source", "source", "Source"),
        Composite("cibles"),
        Composite("valeurs", form=False),
    ],
    internal=("convention", "version"),
    component="Plan",
)


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.DecimalField(
        _("cible"), max_digits=14, decimal_places=2, validators=bounds.MEASURE
    )

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="uniq_indicator_target"),
            bounds.range_constraint("value", bounds.MEASURE, name="plan_indicator_target_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value}"


class IndicatorValue(Versioned):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_("année"), validators=bounds.YEAR)
    value = models.DecimalField(
        _("valeur mesurée"), max_digits=14, decimal_places=2, validators=bounds.MEASURE
    )
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="uniq_indicator_value"),
            bounds.range_constraint("value", bounds.MEASURE, name="plan_indicator_value_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value}"


class Note(models.Model):
    """A dated follow-up note on an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"), validators=bounds.DATE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("auteur"), max_length=150, blank=True)
    text = models.TextField(_("note"))
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.author_name}"


class Change(models.Model):
    """One field of an action changed by someone: the action's history."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=0,
        help_text="The action's version this change produced.",
        validators=bounds.INTERNAL,
    )
    field = models.CharField(max_length=60)
    label = models.CharField(max_length=100)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} : {self.old} → {self.new}"


class Snapshot(models.Model):
    """The whole plan frozen at a date (e.g. before a COPIL), to compare with today."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="plan_snapshots"
    )
    label = models.CharField(_("libellé"), max_length=200)
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_at", "-id"]

    def __str__(self) -> str:
        return self.label
