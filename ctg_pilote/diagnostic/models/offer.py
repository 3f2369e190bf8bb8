"""The offer for families: équipements and services with an extensible typology.

A later directory of services is built on these models: keep them plain and complete."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Organisation
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

    code = models.SlugField(_("code"), max_length=60, unique=True)
    label = models.CharField(_("libellé"), max_length=150)
    category = models.CharField(_("catégorie"), max_length=30, choices=OfferCategory.choices)
    has_places = models.BooleanField(
        _("compte des places"), default=False, help_text=_("Accueil avec une capacité en places.")
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=100)

    class Meta:
        verbose_name = _("type d'offre")
        verbose_name_plural = _("types d'offre")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class AgeUnit(models.TextChoices):
    MONTHS = "mois", _("mois")
    YEARS = "ans", _("ans")


class OfferQuerySet(models.QuerySet):
    def for_list(self) -> "OfferQuerySet":
        return self.select_related("offer_type", "manager", "commune").prefetch_related(
            "communes_served"
        )


class Offer(Versioned):
    """One équipement or service of the territory."""

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
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    places = models.PositiveIntegerField(_("capacité (places)"), null=True, blank=True)
    age_min = models.PositiveSmallIntegerField(_("âge minimum"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("âge maximum"), null=True, blank=True)
    age_unit = models.CharField(
        _("unité des âges"), max_length=4, choices=AgeUnit.choices, default=AgeUnit.YEARS
    )
    public = models.CharField(_("public"), max_length=250, blank=True)
    hours = models.TextField(_("horaires"), blank=True)
    is_itinerant = models.BooleanField(_("itinérant"), default=False)
    communes_served = models.ManyToManyField(
        Commune, blank=True, related_name="+", verbose_name=_("communes desservies")
    )
    contact = models.CharField(
        _("contact"),
        max_length=250,
        blank=True,
        help_text=_("Téléphone ou courriel de la structure (visible des membres de la CTG)."),
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("équipement ou service")
        verbose_name_plural = _("équipements et services")
        ordering = ["offer_type__position", "name"]

    def __str__(self) -> str:
        return self.name


class OfferCount(models.Model):
    """A count of the offer for the whole territory, as a source gives it when it does not
    list the équipements one by one (e.g. "13 EAJE, 315 places"). Never spread over communes."""

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="offer_counts"
    )
    offer_type = models.ForeignKey(OfferType, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("nombre"))
    places = models.PositiveIntegerField(_("places"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("remarque"), max_length=250, blank=True)
    is_fictitious = models.BooleanField(_("fictif"), default=False)

    class Meta:
        verbose_name = _("décompte de l'offre")
        verbose_name_plural = _("décomptes de l'offre")
        ordering = ["offer_type__position", "pk"]

    def __str__(self) -> str:
        return f"{self.count} {self.offer_type}"
