"""What the coordination of a CTG chose to publish: the public page, its brochure, open data."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core.fieldspec import ChoiceListValidator
from ctg_pilote.core.versioning import Versioned


class PublicSection(models.TextChoices):
    """Sections of the public page and of the brochure, in their order of appearance."""

    PRESENTATION = "presentation", _("Qu'est-ce qu'une CTG ?")
    SIGNATORIES = "signataires", _("Signataires et période")
    TERRITORY = "territoire", _("Le territoire et ses communes (carte)")
    KEY_FIGURES = "chiffres_cles", _("Chiffres clés")
    FINDINGS = "syntheses", _("Ce que dit le diagnostic (synthèses publiées)")
    OFFER = "offre", _("L'offre de services aux familles par type")
    OBJECTIVES = "objectifs", _("Enjeux et objectifs")
    PLAN = "plan", _("Enjeux et actions prioritaires")
    INSTANCES = "instances", _("Instances de gouvernance (noms et composition, sans personne)")
    KEY_DATES = "dates_cles", _("Dates clés")
    PARTNERS = "partenaires", _("Partenaires")
    SCHEMES = "dispositifs", _("Liens avec les autres dispositifs")


ALL_SECTIONS = [choice.value for choice in PublicSection]


class PublicationQuerySet(models.QuerySet):
    def published(self) -> "PublicationQuerySet":
        return self.filter(is_published=True)


class Publication(Versioned):
    """The public page of one CTG. Nothing personal is ever published: only organisations."""

    not_exchanged = ("id", "version", "convention", "updated_at")

    convention = models.OneToOneField(
        Convention, on_delete=models.CASCADE, related_name="publication"
    )
    is_published = models.BooleanField(
        _("page publique en ligne"),
        default=False,
        help_text=_("Tant qu'elle n'est pas en ligne, seuls les membres de la CTG la voient."),
    )
    introduction = models.TextField(
        _("texte d'introduction"),
        blank=True,
        help_text=_("Quelques lignes pour les familles et les habitants, en tête de la page."),
    )
    sections = models.JSONField(
        _("rubriques publiées"),
        default=list,
        blank=True,
        help_text=_("Les rubriques visibles sur la page publique et dans la brochure."),
        validators=[ChoiceListValidator(PublicSection)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self) -> str:
        return f"Publication de {self.convention}"

    def shows(self, section: str) -> bool:
        return section in self.sections
