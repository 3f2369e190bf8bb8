"""How the diagnostic's offer typology reads for families and in the data·inclusion schema.

One explicit table per question, keyed by `OfferType.code` (ctg_pilote/diagnostic/catalogue.py):
who a type serves when an offer gives no ages, whether it is free, and its data·inclusion
thématiques, type of service and réseau porteur. A type added later without a row here is
shown to every public, with "tarif non précisé", and exported under the parentalité thématique.
"""

from django.utils.translation import gettext_lazy as _

from ctg_pilote.diagnostic.models import OfferCategory


class Public:
    """The publics a family searches by: age bands of the child, parents, everyone."""

    BABY = "0-3"
    CHILD = "3-11"
    TEEN = "12-17"
    YOUNG_ADULT = "18-25"
    PARENTS = "parents"
    ALL = "tous"

    CHOICES = [
        (BABY, _("0-3 ans")),
        (CHILD, _("3-11 ans")),
        (TEEN, _("12-17 ans")),
        (YOUNG_ADULT, _("18-25 ans")),
        (PARENTS, _("Parents")),
        (ALL, _("Tous publics")),
    ]
    # Age bands in months, bounds included: an offer matches when its own ages overlap.
    MONTHS = {BABY: (0, 35), CHILD: (36, 143), TEEN: (144, 215), YOUNG_ADULT: (216, 311)}


EVERYONE = frozenset({Public.BABY, Public.CHILD, Public.TEEN, Public.YOUNG_ADULT, Public.PARENTS})

# Who a type serves when the offer itself gives no ages.
TYPE_PUBLICS: dict[str, frozenset[str]] = {
    "eaje": frozenset({Public.BABY}),
    "micro-creche": frozenset({Public.BABY}),
    "assistants-maternels": frozenset({Public.BABY, Public.CHILD}),
    "mam": frozenset({Public.BABY}),
    "association-assmat": frozenset({Public.BABY, Public.PARENTS}),
    "garde-horaires-atypiques": frozenset({Public.BABY, Public.CHILD, Public.PARENTS}),
    "rpe": frozenset({Public.BABY, Public.PARENTS}),
    "laep": frozenset({Public.BABY, Public.PARENTS}),
    "acm": frozenset({Public.CHILD, Public.TEEN}),
    "acm-gestionnaire": frozenset({Public.CHILD, Public.TEEN}),
    "periscolaire": frozenset({Public.CHILD}),
    "espace-jeunes": frozenset({Public.TEEN, Public.YOUNG_ADULT}),
    "pij-bij": frozenset({Public.TEEN, Public.YOUNG_ADULT}),
    "paej": frozenset({Public.TEEN, Public.YOUNG_ADULT, Public.PARENTS}),
    "promeneur-du-net": frozenset({Public.TEEN, Public.YOUNG_ADULT}),
    "clas": frozenset({Public.CHILD, Public.TEEN, Public.PARENTS}),
    "college": frozenset({Public.TEEN}),
    "lycee": frozenset({Public.TEEN}),
}

# The offer types a parent looks for, whatever ages the offer gives.
PARENT_TYPES = frozenset(
    code for code, publics in TYPE_PUBLICS.items() if Public.PARENTS in publics
)


def publics_of(code: str) -> frozenset[str]:
    return TYPE_PUBLICS.get(code, EVERYONE)


def types_for(public: str, codes) -> list[str]:
    """The offer type codes (among `codes`) that serve this public when no ages are given."""
    return [code for code in codes if public in publics_of(code)]


class Fee:
    FREE = "gratuit"
    PAID = "payant"
    UNKNOWN = ""


# Whether a type of service is free for families, with what a family should know.
TYPE_FEES: dict[str, tuple[str, str]] = {
    "eaje": (Fee.PAID, _("Payant : tarif selon les revenus (barème national de la CAF).")),
    "micro-creche": (Fee.PAID, _("Payant : tarif fixé par la structure.")),
    "assistants-maternels": (Fee.PAID, _("Payant : salaire de l'assistant maternel.")),
    "mam": (Fee.PAID, _("Payant : salaire des assistants maternels.")),
    "acm": (Fee.PAID, _("Payant : tarif souvent selon le quotient familial.")),
    "periscolaire": (Fee.PAID, _("Payant : tarif souvent selon le quotient familial.")),
    "rpe": (Fee.FREE, _("Gratuit.")),
    "laep": (Fee.FREE, _("Gratuit, anonyme, sans inscription.")),
    "pij-bij": (Fee.FREE, _("Gratuit.")),
    "paej": (Fee.FREE, _("Gratuit et confidentiel.")),
    "promeneur-du-net": (Fee.FREE, _("Gratuit.")),
    "clas": (Fee.FREE, _("Gratuit ou adhésion modique.")),
    "france-services": (Fee.FREE, _("Gratuit.")),
    "bus-france-services": (Fee.FREE, _("Gratuit.")),
    "ccas": (Fee.FREE, _("Gratuit.")),
    "point-numerique": (Fee.FREE, _("Gratuit.")),
    "conseiller-numerique": (Fee.FREE, _("Gratuit.")),
}


def fee_of(code: str) -> tuple[str, str]:
    return TYPE_FEES.get(
        code, (Fee.UNKNOWN, _("Tarif non précisé : renseignez-vous auprès du service."))
    )


# data·inclusion (schema v1): thématiques and type of service of each offer type.
PARENTALITE = "famille--soutien-a-la-parentalite-et-a-leducation"
GARDE = "famille--garde-denfants"
DROITS = "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
NUMERIQUE = "numerique--maitriser-les-fondamentaux-du-numerique"

TYPE_DATA_INCLUSION: dict[str, tuple[list[str], str]] = {
    "eaje": ([GARDE], "accompagnement"),
    "micro-creche": ([GARDE], "accompagnement"),
    "assistants-maternels": ([GARDE], "accompagnement"),
    "mam": ([GARDE], "accompagnement"),
    "association-assmat": ([GARDE], "information"),
    "garde-horaires-atypiques": ([GARDE], "accompagnement"),
    "rpe": ([GARDE, PARENTALITE], "information"),
    "laep": ([PARENTALITE], "atelier"),
    "acm": ([GARDE, "remobilisation--activites-sportives-et-culturelles"], "atelier"),
    "acm-gestionnaire": ([GARDE], "accompagnement"),
    "periscolaire": ([GARDE], "accompagnement"),
    "espace-jeunes": (["remobilisation--lien-social"], "atelier"),
    "pij-bij": (
        [
            "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
            "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
        ],
        "information",
    ),
    "paej": (["sante--sante-mentale", PARENTALITE], "accompagnement"),
    "promeneur-du-net": (["remobilisation--lien-social"], "accompagnement"),
    "clas": ([PARENTALITE], "accompagnement"),
    "ludotheque": ([PARENTALITE], "atelier"),
    "centre-social": ([PARENTALITE, "remobilisation--lien-social"], "accompagnement"),
    "evs": (["remobilisation--lien-social"], "atelier"),
    "france-services": ([DROITS, "numerique--acceder-a-des-services-en-ligne"], "accompagnement"),
    "bus-france-services": ([DROITS], "accompagnement"),
    "ccas": (
        [DROITS, "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere"],
        "accompagnement",
    ),
    "point-numerique": (["numerique--acceder-a-une-connexion-internet", NUMERIQUE], "information"),
    "conseiller-numerique": ([NUMERIQUE], "accompagnement"),
    "college": ([PARENTALITE], "information"),
    "lycee": ([PARENTALITE], "information"),
    "maison-egalite": (["famille--surmonter-conflits-separation-violence"], "information"),
}

# data·inclusion réseau porteur of a structure, from its organisation kind or the offer type.
KIND_RESEAU = {
    "caf": "caf",
    "ccas": "ccas-cias",
    "commune": "communes",
    "departement": "departements",
}
TYPE_RESEAU = {
    "france-services": "france-service",
    "bus-france-services": "france-service",
    "ccas": "ccas-cias",
    "pij-bij": "reseau-information-jeunesse",
    "conseiller-numerique": "conseillers-numeriques",
}

THEMES = OfferCategory.choices
