"""Official French geography (COG) by vintage: régions, départements, EPCI and communes.

Each vintage of the official data is loaded next to the others, so a CTG signed on 2026
communes keeps its territory when the 2027 file is loaded.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.core import validators as bounds


class VintageQuerySet(models.QuerySet):
    def current(self) -> "Vintage | None":
        return self.order_by("-year").first()


class Vintage(models.Model):
    """One vintage (millésime) of the official geography, with where it comes from."""

    year = models.PositiveSmallIntegerField(_("millésime"), unique=True, validators=bounds.YEAR)
    source = models.CharField(_("source"), max_length=200)
    source_version = models.CharField(_("version de la source"), max_length=50)
    licence = models.CharField(_("licence"), max_length=100)
    contours_source = models.CharField(_("source des contours"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("chargé le"), auto_now=True)

    objects = VintageQuerySet.as_manager()

    class Meta:
        verbose_name = _("millésime géographique")
        verbose_name_plural = _("millésimes géographiques")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.source} {self.source_version} ({self.year})"

    @property
    def citation(self) -> str:
        return f"{self.source} {self.source_version}, millésime {self.year}, {self.licence}"


class GeoZone(models.TextChoices):
    """Where a région or département lies. The 8 collectivités d'outre-mer (COM: 975, 977,
    978, 984, 986-989) have communes in the COG but are neither régions nor départements:
    they are stored as rows of both tables with zone "com" so their communes keep a
    département, and are left out when counting the 18 régions and 101 départements."""

    METRO = "metro", _("France métropolitaine")
    DROM = "drom", _("Outre-mer (département et région)")
    COM = "com", _("Collectivité d'outre-mer")


class Region(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="regions")
    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("nom"), max_length=100)
    zone = models.CharField(_("zone"), max_length=5, choices=GeoZone.choices, default=GeoZone.METRO)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["vintage", "code"], name="uniq_region_vintage_code")
        ]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="departements")
    code = models.CharField(_("code"), max_length=3)
    name = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    zone = models.CharField(_("zone"), max_length=5, choices=GeoZone.choices, default=GeoZone.METRO)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["vintage", "code"], name="uniq_departement_vintage_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class EpciKind(models.TextChoices):
    CC = "CC", _("Communauté de communes")
    CA = "CA", _("Communauté d'agglomération")
    CU = "CU", _("Communauté urbaine")
    METRO = "METRO", _("Métropole")
    MET69 = "MET69", _("Métropole de Lyon")


class EpciQuerySet(models.QuerySet):
    def search(self, query: str) -> "EpciQuerySet":
        query = query.strip()
        if not query:
            return self.none()
        digits = query.replace(" ", "")
        if digits.isdigit():
            return self.filter(siren__startswith=digits)
        return self.filter(name__icontains=query)


class Epci(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre."""

    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="epcis")
    siren = models.CharField(_("SIREN"), max_length=9)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("nature"), max_length=5, choices=EpciKind.choices)
    financing = models.CharField(_("mode de financement"), max_length=10, blank=True)
    population = models.PositiveIntegerField(
        _("population municipale"), null=True, validators=bounds.COUNT
    )
    departement = models.ForeignKey(
        Departement,
        on_delete=models.PROTECT,
        related_name="epcis",
        verbose_name=_("département principal"),
        help_text=_("Le département où vit la plus grande part de sa population."),
    )

    objects = EpciQuerySet.as_manager()

    class Meta:
        verbose_name = _("EPCI")
        verbose_name_plural = _("EPCI")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["vintage", "siren"], name="uniq_epci_vintage_siren")
        ]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet):
    def search(self, text: str) -> "CommuneQuerySet":
        """By name (part of it), or for digits also the start of the INSEE code or a postcode."""
        query = models.Q(name__icontains=text)
        if text.isdigit():
            query |= models.Q(code__startswith=text) | models.Q(postcodes__icontains=f'"{text}')
        return self.filter(query)

    def with_population_total(self):
        return self.aggregate(total=models.Sum("population"))["total"] or 0


class Commune(models.Model):
    """A current commune (commune actuelle) of the COG."""

    vintage = models.ForeignKey(Vintage, on_delete=models.CASCADE, related_name="communes")
    code = models.CharField(_("code INSEE"), max_length=5)
    name = models.CharField(_("nom"), max_length=100)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    postcodes = models.JSONField(_("codes postaux"), default=list, blank=True)
    population = models.PositiveIntegerField(
        _("population municipale"), null=True, validators=bounds.COUNT
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["vintage", "code"], name="uniq_commune_vintage_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CommuneContour(models.Model):
    """Simplified contour of a commune, as a GeoJSON geometry, kept apart so lists stay light."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="contour")
    geometry = models.JSONField(_("géométrie GeoJSON"))

    class Meta:
        verbose_name = _("contour de commune")
        verbose_name_plural = _("contours de communes")

    def __str__(self) -> str:
        return f"Contour de {self.commune}"
