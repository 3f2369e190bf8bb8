"""The vocabularies of organisations (their kind, their quality in the convention, their
logo's media type)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CAF = "caf", _("CAF")
    MSA = "msa", _("MSA")
    EPCI = "epci", _("EPCI")
    COMMUNE = "commune", _("Commune")
    SYNDICAT = "syndicat", _("Syndicat intercommunal")
    CCAS = "ccas", _("CCAS / CIAS")
    CENTRE_SOCIAL = "centre_social", _("Centre social")
    EVS = "evs", _("Espace de vie sociale")
    ASSOCIATION = "association", _("Association")
    ETAT = "etat", _("État")
    DEPARTEMENT = "departement", _("Département")
    REGION = "region", _("Région")
    EDUCATION = "education_nationale", _("Éducation nationale")
    EMPLOI = "emploi_insertion", _("Emploi, insertion")
    BAILLEUR = "bailleur", _("Bailleur social")
    SANTE = "sante", _("Santé")
    CULTURE = "culture", _("Culture")
    ENTREPRISE = "entreprise", _("Entreprise")
    AUTRE = "autre", _("Autre")
    GROUPE = "groupe", _("Groupe d'organisations")


class OrganisationQuality(models.TextChoices):
    """What an organisation is to the convention itself, as its text says. Left empty, it is
    an organisation of the CTG's network (a pilot or partner of actions), not a party."""

    SIGNATORY = "signataire", _("Signataire")
    COFUNDER = "cofinanceur", _("Co-financeur")
    SUPPORT = "soutien", _("Soutien")
    ASSOCIATE = "partenaire_associe", _("Partenaire associé")
    UNSTATED = "non_precise", _("Qualité non précisée")


QUALITY_ORDER = list(OrganisationQuality.values)


class LogoType(models.TextChoices):
    PNG = "image/png", "PNG"
    JPEG = "image/jpeg", "JPEG"
