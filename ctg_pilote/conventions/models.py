"""The convention itself: territory, period, status, thématiques, zones d'étude,
organisations and their contacts, and who holds which role in it."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from ctg_pilote.core import validators as bounds
from ctg_pilote.core.approxdates import ApproximateDateField
from ctg_pilote.core.fieldspec import Composite, Exposed, Exposure
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune, Departement, Epci, Vintage

from .caf_scopes import CafScope, scoped_filter  # noqa: F401 (a model of this app)
from .vocabularies import (  # noqa: F401 (vocabularies of this app's models)
    QUALITY_ORDER,
    LogoType,
    OrganisationKind,
    OrganisationQuality,
)


class Thematique(models.Model):
    """A field of family and social policy a CTG covers. The list is extensible."""

    not_exchanged = ("id", "is_core", "position")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=100, unique=True)
    is_core = models.BooleanField(
        _("socle"), default=False, help_text=_("Champ que toute CTG doit couvrir.")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=100, validators=bounds.ORDER)

    class Meta:
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class ConventionStatus(models.TextChoices):
    PREPARATION = "en_preparation", _("En préparation")
    SIGNED = "signee", _("Signée")
    RUNNING = "en_cours", _("En cours")
    EVALUATION = "en_evaluation", _("En évaluation")
    ENDED = "terminee", _("Terminée")


def derived_status_lookup(today: datetime.date) -> models.Case:
    """The status a CTG shows: the one set on it, else what its period and signature say
    (after the period: terminée; not signed yet, or signature unknown: en préparation; signed
    before its first year: signée; else en cours)."""
    return models.Case(
        models.When(~models.Q(status=""), then=models.F("status")),
        models.When(end_year__lt=today.year, then=models.Value(ConventionStatus.ENDED)),
        models.When(
            # Stored text starts with the first day the signature date covers.
            models.Q(signed_on__isnull=True)
            | models.Q(signed_on__gte=today + datetime.timedelta(days=1)),
            then=models.Value(ConventionStatus.PREPARATION),
        ),
        models.When(start_year__gt=today.year, then=models.Value(ConventionStatus.SIGNED)),
        default=models.Value(ConventionStatus.RUNNING),
        output_field=models.CharField(),
    )


class TerritoryKind(models.TextChoices):
    EPCI = "epci", _("Un EPCI et ses communes membres")
    COMMUNE = "commune", _("Une seule commune")
    LIST = "liste", _("Une liste de communes")


class ConventionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ConventionQuerySet":
        """The CTGs a person may open: all for administrators, else memberships and CAF scopes."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self.all()
        condition = models.Q(memberships__user=user)
        scoped = scoped_filter(user)
        if scoped is not None:
            condition |= scoped
        return self.filter(condition).distinct()

    def with_shown_status(self, today: datetime.date | None = None) -> "ConventionQuerySet":
        """Annotates `status_shown`, the status pages show and filter on."""
        return self.annotate(status_shown=derived_status_lookup(today or timezone.localdate()))


class Convention(Versioned):
    """A Convention Territoriale Globale."""

    not_exchanged = ("id", "version", "created_at", "updated_at")

    slug = models.SlugField(
        _("identifiant"),
        max_length=80,
        unique=True,
        help_text=_("Court, en minuscules, sert dans les adresses : ex. rochefort-ocean."),
        error_messages={"unique": _("Une CTG porte déjà cet identifiant.")},
    )
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("présentation"), blank=True)
    data_origin = models.TextField(
        _("origine des données"),
        blank=True,
        help_text=_("D'où viennent les informations de la CTG, et ce qui est fictif."),
    )
    status = models.CharField(
        _("statut"),
        max_length=20,
        choices=ConventionStatus.choices,
        blank=True,
        help_text=_(
            "Laissé vide, il suit la période et la signature : en préparation avant la "
            "signature, en cours pendant la période, terminée après."
        ),
    )
    start_year = models.PositiveSmallIntegerField(_("première année"), validators=bounds.YEAR)
    end_year = models.PositiveSmallIntegerField(_("dernière année"), validators=bounds.YEAR)
    signed_on = ApproximateDateField(
        _("signature"),
        null=True,
        blank=True,
        help_text=_("Aussi précise que la source : 15/11/2021, novembre 2021, fin 2021…"),
    )
    caf_departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("CAF (département)"),
    )
    territory_kind = models.CharField(
        _("type de territoire"), max_length=10, choices=TerritoryKind.choices
    )
    vintage = models.ForeignKey(
        Vintage,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("millésime géographique"),
    )
    epci = models.ForeignKey(
        Epci,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name=_("EPCI"),
    )
    communes = models.ManyToManyField(
        Commune, related_name="conventions", verbose_name=_("communes")
    )
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="conventions", verbose_name=_("thématiques")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention territoriale globale")
        verbose_name_plural = _("conventions territoriales globales")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="convention_period_ordered",
                violation_error_message=_(
                    "La dernière année de la période ne peut pas précéder la première."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("conventions:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": _("La dernière année de la période ne peut pas précéder la première.")}
            )

    @property
    def period_label(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    def shown_status(self, today: datetime.date | None = None) -> str:
        """The status set on the CTG, else the one its period and signature give."""
        if self.status:
            return self.status
        today = today or timezone.localdate()
        if self.end_year < today.year:
            return ConventionStatus.ENDED
        if self.signed_on is None or self.signed_on.is_future(today):
            return ConventionStatus.PREPARATION
        if self.start_year > today.year:
            return ConventionStatus.SIGNED
        return ConventionStatus.RUNNING

    @property
    def shown_status_label(self) -> str:
        return ConventionStatus(self.shown_status()).label

    @property
    def status_is_derived(self) -> bool:
        return not self.status


class Zone(Versioned):
    """A zone d'étude: a named group of the CTG's communes used by the diagnostic."""

    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(_("nom"), max_length=100)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0, validators=bounds.ORDER)
    note = models.TextField(
        _("remarque"),
        blank=True,
        help_text=_("Par exemple : ce que la source dit ou ne dit pas de sa composition."),
    )
    reported_population = models.PositiveIntegerField(
        _("population indiquée par une source"), null=True, blank=True, validators=bounds.COUNT
    )
    reported_population_source = models.CharField(
        _("source de cette population"), max_length=200, blank=True
    )
    communes = models.ManyToManyField(
        Commune, through="ZoneCommune", related_name="zones", verbose_name=_("communes")
    )

    class Meta:
        verbose_name = _("zone d'étude")
        verbose_name_plural = _("zones d'étude")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "name"],
                name="uniq_zone_name",
                violation_error_message=_("Une zone d'étude de cette CTG porte déjà ce nom."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ZoneCommune(models.Model):
    """A commune in a zone; the convention is repeated so the database forbids two zones."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="memberships")
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "commune"], name="uniq_commune_one_zone_per_convention"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} → {self.zone}"


class OrganisationQuerySet(models.QuerySet):
    def parties(self) -> "OrganisationQuerySet":
        """The organisations the convention names as its parties (any quality)."""
        return self.exclude(quality="")

    def signatories(self) -> "OrganisationQuerySet":
        return self.filter(quality=OrganisationQuality.SIGNATORY)


class Organisation(Versioned):
    """An organisation taking part in a CTG: signatory, pilot or partner of actions. How its
    fields are named outside: ORGANISATION_FIELDS below."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="organisations"
    )
    ref = models.SlugField(
        _("référence"),
        max_length=60,
        help_text=_("Identifiant court dans la CTG, utilisé par le format d'échange."),
    )
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    website = models.URLField(_("site internet"), blank=True)
    quality = models.CharField(
        _("qualité dans la convention"),
        max_length=20,
        choices=OrganisationQuality.choices,
        blank=True,
        help_text=_(
            "Vide : organisation du réseau de la CTG, qui n'est pas partie à la convention."
        ),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="groups",
        verbose_name=_("membres du groupe"),
        help_text=_("Pour un groupe d'organisations : les organisations de la CTG qu'il réunit."),
    )
    note = models.TextField(_("remarque"), blank=True)
    # Its logo, kept with the CTG (core/images.py checks it): none is unknown, not a default.
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_type = models.CharField(
        _("format du logo"), max_length=20, choices=LogoType.choices, blank=True
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                name="uniq_organisation_ref",
                violation_error_message=_("Une organisation de cette CTG a déjà cette référence."),
            ),
            models.UniqueConstraint(
                fields=["convention", "name"],
                name="uniq_organisation_name",
                violation_error_message=_("Une organisation de cette CTG porte déjà ce nom."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.siren and not (self.siren.isdigit() and len(self.siren) == 9):
            raise ValidationError({"siren": _("Un SIREN compte 9 chiffres.")})
        if self.siret and not (self.siret.isdigit() and len(self.siret) == 14):
            raise ValidationError({"siret": _("Un SIRET compte 14 chiffres.")})

    @property
    def is_signatory(self) -> bool:
        return self.quality == OrganisationQuality.SIGNATORY

    @property
    def is_group(self) -> bool:
        return self.kind == OrganisationKind.GROUPE


# How an organisation is named in the exchange document; its form and its export and import
# derive from this list (core/fieldspec.py). Its contacts are written by hand.
ORGANISATION_FIELDS = Exposure(
    Organisation,
    [
        Exposed("ref", "ref", form=False, always=True, required=True),
        Exposed("name", "nom"),
        Exposed("kind", "type", always=True),
        Exposed("quality", "qualite"),
        Exposed("siren", "siren"),
        Exposed("siret", "siret"),
        Exposed("commune", "commune", ref="code", form=False),
        Exposed("website", "site_web"),
        Exposed("note", "remarque"),
        Composite("membres", fields=("members",), tracked=False),
        Composite("contacts", form=False, tracked=False),
        Composite("logo", fields=("logo", "logo_type"), form=False, tracked=False),
    ],
    internal=("convention", "version"),
)


class Contact(Versioned):
    """A person (or a role) at an organisation. Personal data: members of the CTG only."""

    not_exchanged = ("id", "version", "organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    function = models.CharField(_("fonction"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=100, blank=True)
    last_name = models.CharField(_("nom"), max_length=100, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organisation__name", "function", "last_name"]

    def __str__(self) -> str:
        full_name = f"{self.first_name} {self.last_name}".strip()
        return f"{full_name} — {self.function}" if full_name else self.function


class Role(models.TextChoices):
    COORDINATEUR = "coordinateur", _("Coordinateur·rice")
    CAF = "caf", _("CAF")
    PARTENAIRE = "partenaire", _("Partenaire")
    LECTEUR = "lecteur", _("Lecteur·rice")


class Membership(models.Model):
    """The role a person holds in one CTG."""

    not_exchanged = ("id", "convention")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Obligatoire pour un partenaire : l'organisation qu'il représente."),
    )

    deletion_holds = {
        "organisation": ngettext_lazy(
            "représente %(count)d membre de la CTG",
            "représente %(count)d membres de la CTG",
            "count",
        ),
    }

    class Meta:
        verbose_name = _("rôle dans une CTG")
        verbose_name_plural = _("rôles dans les CTG")
        ordering = ["convention", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "user"],
                name="uniq_membership",
                violation_error_message=_("Cette personne a déjà un rôle dans cette CTG."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.convention})"

    def clean(self):
        if self.role == Role.PARTENAIRE and not self.organisation_id:
            raise ValidationError(
                {"organisation": _("Un partenaire doit être rattaché à une organisation.")}
            )
        if self.organisation_id and self.organisation.convention_id != self.convention_id:
            raise ValidationError(
                {"organisation": _("Cette organisation n'appartient pas à cette CTG.")}
            )
