"""The offer for families: équipements and services with an extensible typology.

A later directory of services is built on these models: keep them plain and complete."""

import datetime as dt

import opening_hours
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Organisation
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.validators import (
    validate_phone_number,
    validate_public_email,
    validate_web_address,
)
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune


class OfferCategory(models.TextChoices):
    PETITE_ENFANCE = "petite-enfance", _("Petite enfance")
    ENFANCE_JEUNESSE = "enfance-jeunesse", _("Enfance, jeunesse")
    PARENTALITE = "parentalite", _("Parentalité")
    VIE_SOCIALE = "animation-vie-sociale", _("Animation de la vie sociale")
    ACCES_DROITS = "acces-aux-droits", _("Accès aux droits")
    NUMERIQUE = "inclusion-numerique", _("Inclusion numérique")
    EDUCATION = "education", _("Éducation")
    AUTRE = "autre", _("Autre")


class OfferType(models.Model):
    """A kind of équipement or service (EAJE, RPE, LAEP...). Seeded by a data migration;
    more can be added."""

    not_exchanged = ("id", "position")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=150)
    category = models.CharField(_("catégorie"), max_length=30, choices=OfferCategory.choices)
    has_places = models.BooleanField(
        _("compte des places"), default=False, help_text=_("Accueil avec une capacité en places.")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=100, validators=bounds.ORDER)

    class Meta:
        verbose_name = _("type d'offre")
        verbose_name_plural = _("types d'offre")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


CHECK_AFTER = dt.timedelta(days=365)
AGES_OUT_OF_ORDER = _("L'âge maximum ne peut pas être inférieur à l'âge minimum.")


class AgeUnit(models.TextChoices):
    MONTHS = "mois", _("mois")
    YEARS = "ans", _("ans")


def validate_opening_hours(value: str) -> None:
    """Opening hours in the OpenStreetMap syntax (the one data·inclusion asks for)."""
    if value and not opening_hours.validate(value):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas écrit au format OpenStreetMap des horaires : par "
                "exemple « Mo-Fr 08:30-12:00,13:30-18:00; Sa 09:00-12:00; PH off » (jours en "
                "anglais abrégé : Mo Tu We Th Fr Sa Su ; PH = jours fériés)."
            ),
            params={"value": value[:80]},
            code="opening_hours",
        )


class OfferQuerySet(models.QuerySet):
    def for_list(self) -> "OfferQuerySet":
        return self.select_related("offer_type", "manager", "commune").prefetch_related(
            "communes_served"
        )


class Offer(Versioned):
    """One équipement or service of the territory."""

    not_exchanged = ("id", "version", "convention")

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="offers")
    offer_type = models.ForeignKey(
        OfferType, on_delete=models.PROTECT, related_name="offers", verbose_name=_("type")
    )
    name = models.CharField(_("nom"), max_length=200)
    manager = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offers",
        verbose_name=_("gestionnaire"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=bounds.LATITUDE,
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=bounds.LONGITUDE,
    )
    places = models.PositiveIntegerField(
        _("capacité (places)"), null=True, blank=True, validators=bounds.COUNT
    )
    age_min = models.PositiveSmallIntegerField(
        _("âge minimum"), null=True, blank=True, validators=bounds.AGE
    )
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum"), null=True, blank=True, validators=bounds.AGE
    )
    age_unit = models.CharField(
        _("unité des âges"), max_length=4, choices=AgeUnit.choices, default=AgeUnit.YEARS
    )
    public = models.CharField(_("public"), max_length=250, blank=True)
    hours = models.TextField(_("horaires"), blank=True)
    opening_hours = models.CharField(
        _("horaires (format OpenStreetMap)"),
        max_length=500,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_(
            "Par exemple « Mo-Fr 08:30-12:00,13:30-18:00; PH off » : l'annuaire les montre en "
            "français et dit si le service est ouvert. Le champ « horaires » reste pour le texte "
            "libre (vacances, permanences)."
        ),
    )
    fees = models.CharField(
        _("tarifs"),
        max_length=500,
        blank=True,
        help_text=_(
            "Ce que la famille paie, dit par le service ; sinon l'annuaire dit l'usage du type."
        ),
    )
    access = models.CharField(
        _("modalités d'accès"),
        max_length=500,
        blank=True,
        help_text=_("Inscription, rendez-vous, accueil libre, pièces à apporter…"),
    )
    accessibility_url = models.URLField(
        _("accessibilité du lieu (lien Acceslibre)"),
        max_length=300,
        blank=True,
        validators=[validate_web_address],
    )
    information_date = models.DateField(
        _("informations vérifiées le"),
        null=True,
        blank=True,
        validators=bounds.DATE,
        help_text=_("Date de la dernière vérification des informations publiées."),
    )
    is_itinerant = models.BooleanField(_("itinérant"), default=False)
    communes_served = models.ManyToManyField(
        Commune, blank=True, related_name="+", verbose_name=_("communes desservies")
    )
    contact = models.CharField(
        _("contact interne"),
        max_length=250,
        blank=True,
        help_text=_(
            "Personne à joindre, autres coordonnées : visible des seuls membres connectés "
            "de la CTG, jamais publié."
        ),
    )
    # Contact details the coordination declares public, one fact per field: only these are
    # shown in the directory and the open data, never anything read from `contact`.
    public_phone = models.CharField(
        _("téléphone public"),
        max_length=30,
        blank=True,
        validators=[validate_phone_number],
        help_text=_(
            "Standard ou accueil de la structure, publié dans l'annuaire et les données ouvertes."
        ),
    )
    public_email = models.EmailField(
        _("courriel public"),
        max_length=254,
        blank=True,
        validators=[validate_public_email],
        help_text=_(
            "Adresse générique de la structure (accueil@…), publiée dans l'annuaire et les "
            "données ouvertes : jamais celle d'une personne."
        ),
    )
    public_website = models.URLField(
        _("site internet public"),
        max_length=200,
        blank=True,
        validators=[validate_web_address],
        help_text=_("Page du service ou de la structure, publiée dans l'annuaire."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    objects = OfferQuerySet.as_manager()

    # The names of the fields outside: exchange document keys, import columns and API fields.
    OUTSIDE_NAMES = {
        "offer_type": "type",
        "name": "nom",
        "manager": "gestionnaire",
        "address": "adresse",
        "age_unit": "unite_age",
        "hours": "horaires",
        "is_itinerant": "itinerant",
        "communes_served": "communes_desservies",
        "public_phone": "telephone_public",
        "public_email": "courriel_public",
        "public_website": "site_web_public",
        "opening_hours": "horaires_osm",
        "fees": "tarifs",
        "access": "modalites_acces",
        "accessibility_url": "accessibilite_lieu",
        "information_date": "date_maj",
        "is_fictitious": "fictif",
    }

    class Meta:
        verbose_name = _("équipement ou service")
        verbose_name_plural = _("équipements et services")
        ordering = ["offer_type__position", "name"]
        # The directory asks which communes near a family hold a service for an age and a
        # theme: this index answers from the columns of those filters alone, without reading
        # each offer's row (ctg_pilote/directory/selectors.py, nearby_services).
        indexes = [
            models.Index(
                fields=["commune", "offer_type", "age_unit", "age_min", "age_max", "public"],
                name="offer_directory_filters",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="offer_ages_in_order",
                violation_error_message=AGES_OUT_OF_ORDER,
            ),
            # A duplicate: same CTG, type, commune and name (twice the same crèche).
            models.UniqueConstraint(
                fields=["convention", "offer_type", "commune", "name"],
                name="offer_unique_in_commune",
                violation_error_message=_(
                    "La CTG a déjà un équipement ou service de ce type et de ce nom dans "
                    "cette commune."
                ),
            ),
            models.UniqueConstraint(
                fields=["convention", "offer_type", "name"],
                condition=Q(commune__isnull=True),
                name="offer_unique_without_commune",
                violation_error_message=_(
                    "La CTG a déjà un équipement ou service de ce type et de ce nom sans commune."
                ),
            ),
        ]

    # The field a person corrects when a constraint refuses the offer.
    CONSTRAINT_FIELDS = {
        "offer_ages_in_order": "age_max",
        "offer_unique_in_commune": "name",
        "offer_unique_without_commune": "name",
    }

    def __str__(self) -> str:
        return self.name

    @property
    def needs_check(self) -> bool:
        """Published details not checked for a year (or never): the coordination should look
        again, as families read them in the directory."""
        limit = dt.date.today() - CHECK_AFTER
        return self.information_date is None or self.information_date < limit

    def duplicate_key(self) -> tuple:
        """What two offers share when they are the same one (see the constraints)."""
        return (self.convention_id, self.offer_type_id, self.commune_id, self.name)

    def validate_constraints(self, exclude=None):
        """As Django's, with each message on the field to correct rather than the form."""
        errors: dict[str, list] = {}
        for constraint in self._meta.constraints:
            try:
                constraint.validate(type(self), self, exclude=exclude)
            except ValidationError as error:
                field = self.CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
                errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


class OfferCount(models.Model):
    """A count of the offer for the whole territory, as a source gives it when it does not
    list the équipements one by one (e.g. "13 EAJE, 315 places"). Never spread over communes."""

    not_exchanged = ("id", "convention")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="offer_counts"
    )
    offer_type = models.ForeignKey(OfferType, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("nombre"), validators=bounds.COUNT)
    places = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=bounds.COUNT
    )
    year = models.PositiveSmallIntegerField(
        _("année"), null=True, blank=True, validators=bounds.YEAR
    )
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("remarque"), max_length=250, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("décompte de l'offre")
        verbose_name_plural = _("décomptes de l'offre")
        ordering = ["offer_type__position", "pk"]

    def __str__(self) -> str:
        return f"{self.count} {self.offer_type}"
