"""What governance adds about partner organisations, and the links with other local schemes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ctg_pilote.conventions.models import Convention, Organisation, Thematique
from ctg_pilote.core import validators as bounds
from ctg_pilote.core.versioning import Versioned
from ctg_pilote.territories.models import Commune


class PartnerProfile(Versioned):
    """Thématiques and communes an organisation works on (the core keeps its identity)."""

    not_exchanged = ("id", "version")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="partner_profile"
    )
    description = models.TextField(_("activité"), blank=True)
    thematiques = models.ManyToManyField(
        Thematique, blank=True, related_name="+", verbose_name=_("thématiques")
    )
    communes = models.ManyToManyField(
        Commune, blank=True, related_name="+", verbose_name=_("communes desservies")
    )

    class Meta:
        verbose_name = _("profil de partenaire")
        verbose_name_plural = _("profils de partenaires")

    def __str__(self) -> str:
        return str(self.organisation)


class SchemeKind(models.TextChoices):
    # Same codes as the plan's `LocalScheme`, plus "autre".
    CLS = "cls", _("Contrat local de santé")
    CONTRAT_VILLE = "contrat_de_ville", _("Contrat de ville")
    PEDT = "pedt", _("Projet éducatif de territoire (PEdT)")
    PROJET_TERRITOIRE = "projet_de_territoire", _("Projet de territoire")
    SCOT = "scot", _("Schéma de cohérence territoriale (SCoT)")
    PCAET = "pcaet", _("Plan climat-air-énergie territorial (PCAET)")
    SDSF = "sdsf", _("Schéma départemental des services aux familles")
    LEADER = "leader", _("Programme LEADER")
    AUTRE = "autre", _("Autre dispositif")


class SchemeRelation(models.TextChoices):
    COMPLETES = "complete", _("complète")
    MAY_CONSIDER = "peut_tenir_compte", _("peut tenir compte")
    UNSPECIFIED = "non_precisee", _("relation non précisée")


class SchemeLink(Versioned):
    not_exchanged = ("id", "version", "convention", "position")

    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="governance_schemes"
    )
    ref = models.SlugField(
        _("référence"),
        max_length=60,
        blank=True,
        help_text=_("Code court, unique dans la CTG : par exemple « cls »."),
    )
    kind = models.CharField(_("dispositif"), max_length=25, choices=SchemeKind.choices)
    name = models.CharField(
        _("nom"), max_length=200, blank=True, help_text=_("Si différent du type.")
    )
    relation = models.CharField(
        _("relation avec la CTG"),
        max_length=20,
        choices=SchemeRelation.choices,
        default=SchemeRelation.UNSPECIFIED,
    )
    scope = models.TextField(_("champ commun"), blank=True)
    level = models.CharField(
        _("échelle"), max_length=100, blank=True, help_text=_("Ex. : « Dimension CARO ».")
    )
    note = models.TextField(_("remarque"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.ORDER)
    actions = models.ManyToManyField(
        "plan.Action", blank=True, related_name="governance_schemes", verbose_name=_("actions")
    )
    nodes = models.ManyToManyField(
        "plan.Node",
        blank=True,
        related_name="governance_schemes",
        verbose_name=_("éléments du plan"),
    )

    class Meta:
        verbose_name = _("lien avec un autre dispositif")
        verbose_name_plural = _("liens avec les autres dispositifs")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "ref"],
                condition=~models.Q(ref=""),
                name="uniq_scheme_ref",
                violation_error_message=_("Un dispositif de cette CTG a déjà cette référence."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.get_kind_display()
