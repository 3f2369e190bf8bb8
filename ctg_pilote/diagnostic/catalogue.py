"""The catalogue shipped with ctg-pilote: usual CTG indicators and the typology of the offer.

Loaded by a data migration (and again by `ensure_catalogue`, idempotent). Plain data, so the
migration does not depend on the current models."""

INSEE_RP = "INSEE, recensement de la population (bases communales)"
CAF = "CAF, données allocataires par commune (data.caf.fr)"
OFFER = "Inventaire de l'offre de la CTG"
FILOSOFI = "INSEE, FiLoSoFi"
CAF_PE = "CAF, taux de couverture petite enfance (data.caf.fr)"

# code, label, column of s_ben_com_f, thématique
CAF_BENEFITS = [
    ("af", "des allocations familiales", "indfoy_af", "parentalite"),
    ("cf", "du complément familial", "indfoy_cf", "parentalite"),
    ("asf", "de l'allocation de soutien familial", "indfoy_asf", "parentalite"),
    ("paje", "de la PAJE (allocation de base)", "indfoy_ab", "petite-enfance"),
    ("paje-toutes", "d'une prestation de la PAJE", "indfoy_ndurpaje", "petite-enfance"),
    ("cmg", "du complément de libre choix du mode de garde", "indfoy_cmg", "petite-enfance"),
    ("logement", "d'une aide au logement", "indfoy_ndural", "logement"),
    ("apl", "de l'APL", "indfoy_apl", "logement"),
    ("als", "de l'ALS", "indfoy_als", "logement"),
    ("alf", "de l'ALF", "indfoy_alf", "logement"),
    ("rsa", "du RSA", "indfoy_rsa", "acces-aux-droits"),
    ("ppa", "de la prime d'activité", "indfoy_ppa", "acces-aux-droits"),
    ("aah", "de l'AAH", "indfoy_aah", "handicap"),
]
# code, label, the band as the file writes it (qf_400)
QF_BANDS = [
    ("moins-400", "de moins de 400 €", "Moins de 400 euros"),
    ("400-799", "de 400 à 799 €", "Entre 400 et 799 euros"),
    ("inconnu", "inconnu", "Inconnu"),
]

# code, label, unit, thématique, source, rule, insee column suffix, CAF column names, definition
# Ratios name their numerators (summed) and their denominator; weighted means their weight.
INDICATORS: list[dict] = [
    {
        "code": "population",
        "label": "Population",
        "insee": "POP",
        "source": INSEE_RP,
        "definition": "Population des ménages et hors ménages au recensement.",
    },
    {
        "code": "pop-0-2",
        "label": "Enfants de moins de 3 ans",
        "insee": "POP0002",
        "source": INSEE_RP,
        "thematique": "petite-enfance",
    },
    {
        "code": "pop-3-5",
        "label": "Enfants de 3 à 5 ans",
        "insee": "POP0305",
        "source": INSEE_RP,
        "thematique": "petite-enfance",
    },
    {
        "code": "pop-6-10",
        "label": "Enfants de 6 à 10 ans",
        "insee": "POP0610",
        "source": INSEE_RP,
        "thematique": "enfance",
    },
    {
        "code": "pop-11-17",
        "label": "Jeunes de 11 à 17 ans",
        "insee": "POP1117",
        "source": INSEE_RP,
        "thematique": "jeunesse",
    },
    {
        "code": "pop-18-24",
        "label": "Jeunes de 18 à 24 ans",
        "insee": "POP1824",
        "source": INSEE_RP,
        "thematique": "jeunesse",
    },
    {
        "code": "pop-25-39",
        "label": "Population de 25 à 39 ans",
        "insee": "POP2539",
        "source": INSEE_RP,
    },
    {
        "code": "pop-40-54",
        "label": "Population de 40 à 54 ans",
        "insee": "POP4054",
        "source": INSEE_RP,
    },
    {
        "code": "pop-55-64",
        "label": "Population de 55 à 64 ans",
        "insee": "POP5564",
        "source": INSEE_RP,
    },
    {
        "code": "pop-65-79",
        "label": "Population de 65 à 79 ans",
        "insee": "POP6579",
        "source": INSEE_RP,
        "thematique": "bien-vieillir",
    },
    {
        "code": "pop-80-plus",
        "label": "Population de 80 ans ou plus",
        "insee": "POP80P",
        "source": INSEE_RP,
        "thematique": "bien-vieillir",
    },
    {
        "code": "pop-0-14",
        "label": "Population de 0 à 14 ans",
        "insee": "POP0014",
        "source": INSEE_RP,
    },
    {
        "code": "pop-15-29",
        "label": "Population de 15 à 29 ans",
        "insee": "POP1529",
        "source": INSEE_RP,
    },
    {
        "code": "pop-30-44",
        "label": "Population de 30 à 44 ans",
        "insee": "POP3044",
        "source": INSEE_RP,
    },
    {
        "code": "pop-45-59",
        "label": "Population de 45 à 59 ans",
        "insee": "POP4559",
        "source": INSEE_RP,
    },
    {
        "code": "pop-60-74",
        "label": "Population de 60 à 74 ans",
        "insee": "POP6074",
        "source": INSEE_RP,
    },
    {
        "code": "pop-75-plus",
        "label": "Population de 75 ans ou plus",
        "insee": "POP75P",
        "source": INSEE_RP,
    },
    {"code": "menages", "label": "Ménages", "insee": "MEN", "source": INSEE_RP},
    {
        "code": "menages-1-personne",
        "label": "Ménages d'une personne",
        "insee": "MENPSEUL",
        "source": INSEE_RP,
    },
    {
        "code": "familles",
        "label": "Familles",
        "insee": "FAM",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "familles-monoparentales",
        "label": "Familles monoparentales",
        "insee": "FAMMONO",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "couples-avec-enfants",
        "label": "Couples avec enfant(s)",
        "insee": "COUPAENF",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "couples-sans-enfant",
        "label": "Couples sans enfant",
        "insee": "COUPSENF",
        "source": INSEE_RP,
    },
    {
        "code": "familles-1-enfant",
        "label": "Familles avec un enfant de moins de 25 ans",
        "insee": "NE24F1",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "familles-2-enfants",
        "label": "Familles avec deux enfants de moins de 25 ans",
        "insee": "NE24F2",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "familles-3-enfants",
        "label": "Familles avec trois enfants de moins de 25 ans",
        "insee": "NE24F3",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {
        "code": "familles-4-enfants-plus",
        "label": "Familles avec quatre enfants ou plus de moins de 25 ans",
        "insee": "NE24F4P",
        "source": INSEE_RP,
        "thematique": "parentalite",
    },
    {"code": "hommes", "label": "Hommes", "insee": "POPH", "source": INSEE_RP},
    {"code": "femmes", "label": "Femmes", "insee": "POPF", "source": INSEE_RP},
    {
        "code": "allocataires",
        "label": "Allocataires CAF",
        "source": CAF,
        "thematique": "acces-aux-droits",
        "caf": ["indfoy_ndur", "allocataires", "nb_allocataires"],
        "definition": "Foyers percevant au moins une prestation de la CAF en décembre "
        "(data.caf.fr, indfoy_ndur ; effectifs arrondis à 5).",
    },
    {
        "code": "personnes-couvertes",
        "label": "Personnes couvertes par la CAF",
        "source": CAF,
        "thematique": "acces-aux-droits",
        "caf": ["indnbp_ndur", "personnes_couvertes", "nb_personnes_couvertes"],
        "definition": "Allocataires, conjoints, enfants et autres personnes à charge "
        "(indnbp_ndur ; arrondi à 5).",
    },
    *[
        {
            "code": f"allocataires-{code}",
            "label": f"Allocataires {label}",
            "source": CAF,
            "thematique": theme,
            "caf": [column],
            "definition": f"Foyers percevant {label} en décembre ({column} ; arrondi à 5).",
        }
        for code, label, column, theme in CAF_BENEFITS
    ],
    *[
        {
            "code": f"allocataires-qf-{code}",
            "label": f"Allocataires au quotient familial {label}",
            "source": CAF,
            "thematique": "acces-aux-droits",
            "definition": f"Foyers allocataires dont le quotient familial est {label} "
            "(ndur_s_qf_400_com_f, modalité « " + band + " » ; arrondi à 5).",
        }
        for code, label, band in QF_BANDS
    ],
    {
        "code": "taux-couverture-caf",
        "label": "Taux de couverture global petite enfance (CAF)",
        "unit": "taux",
        "rule": "publiee",
        "source": CAF_PE,
        "thematique": "petite-enfance",
        "caf": ["txcouv_com", "txcouv_epci", "txcouv_dep", "taux_de_couv_global"],
        "definition": "Places d'accueil formel pour 100 enfants de moins de 3 ans, calculé par "
        "la CNAF pour chaque commune de plus de 10 000 habitants, EPCI et département : "
        "un taux publié ne s'additionne pas, la page montre celui du territoire.",
    },
    {
        "code": "taux-couverture-eaje",
        "label": "Taux de couverture en accueil collectif (EAJE)",
        "unit": "taux",
        "rule": "publiee",
        "source": CAF_PE,
        "thematique": "petite-enfance",
        "caf": ["txcouv_eaje_com", "txcouv_eaje_epci", "txcouv_eaje_dep"],
        "definition": "Places en établissements d'accueil du jeune enfant pour 100 enfants "
        "de moins de 3 ans (CNAF).",
    },
    {
        "code": "taux-couverture-assmat",
        "label": "Taux de couverture par les assistants maternels",
        "unit": "taux",
        "rule": "publiee",
        "source": CAF_PE,
        "thematique": "petite-enfance",
        "caf": ["txcouv_am_ind_com", "txcouv_am_ind_epci", "txcouv_am_ind_dep"],
        "definition": "Places chez les assistants maternels pour 100 enfants de moins de "
        "3 ans (CNAF).",
    },
    {
        "code": "places-eaje",
        "label": "Places en accueil collectif (EAJE)",
        "source": OFFER,
        "thematique": "petite-enfance",
        "caf": ["places_eaje", "nb_places_eaje", "places_accueil_collectif"],
    },
    {
        "code": "places-assmat",
        "label": "Places chez les assistants maternels",
        "source": OFFER,
        "thematique": "petite-enfance",
        "caf": ["places_assmat", "nb_places_assmat", "places_accueil_individuel"],
    },
    {
        "code": "part-menages-1-personne",
        "label": "Part des personnes vivant seules",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["menages-1-personne"],
        "denominator": "menages",
        "source": INSEE_RP,
        "definition": "Ménages d'une personne / ménages x 100.",
    },
    {
        "code": "part-familles-monoparentales",
        "label": "Part des familles monoparentales",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["familles-monoparentales"],
        "denominator": "familles",
        "source": INSEE_RP,
        "thematique": "parentalite",
        "definition": "Familles monoparentales / familles x 100.",
    },
    {
        "code": "part-familles-nombreuses",
        "label": "Part des familles nombreuses",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["familles-3-enfants", "familles-4-enfants-plus"],
        "denominator": "familles",
        "source": INSEE_RP,
        "thematique": "parentalite",
        "definition": "Familles avec trois enfants ou plus de moins de 25 ans / familles x 100.",
    },
    {
        "code": "part-personnes-couvertes",
        "label": "Part de la population couverte par la CAF",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["personnes-couvertes"],
        "denominator": "population",
        "source": CAF,
        "thematique": "acces-aux-droits",
        "definition": "Personnes couvertes / population x 100.",
    },
    {
        "code": "taux-couverture-petite-enfance",
        "label": "Taux de couverture petite enfance",
        "unit": "taux",
        "rule": "ratio",
        "numerators": ["places-eaje", "places-assmat"],
        "denominator": "pop-0-2",
        "source": OFFER,
        "thematique": "petite-enfance",
        "definition": "Places (accueil collectif et individuel) pour 100 enfants de moins de "
        "3 ans. Les places et les enfants sont sommés sur les communes, puis divisés.",
    },
    {
        "code": "taux-pauvrete",
        "label": "Taux de pauvreté (seuil à 60 %)",
        "unit": "pourcentage",
        "rule": "moyenne_ponderee",
        "weight": "population",
        "insee": "TP60",
        "source": FILOSOFI,
        "thematique": "acces-aux-droits",
        "definition": "Part des personnes sous le seuil de 60 % du niveau de vie médian. "
        "La page montre le taux publié pour l'EPCI ou le département (FiLoSoFi) ; à défaut, "
        "une moyenne des taux communaux pondérée par la population, signalée comme approximation.",
    },
    {
        "code": "revenu-median",
        "label": "Médiane du niveau de vie",
        "unit": "euros",
        "rule": "publiee",
        "insee": "MED",
        "source": FILOSOFI,
        "thematique": "acces-aux-droits",
        "definition": "Niveau de vie médian par an (FiLoSoFi). Une médiane ne se calcule pas à "
        "partir des médianes communales : la page montre celle publiée pour le territoire.",
    },
    {
        "code": "part-allocataires-qf-moins-400",
        "label": "Part des allocataires au quotient familial de moins de 400 €",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["allocataires-qf-moins-400"],
        "denominator": "allocataires",
        "source": CAF,
        "thematique": "acces-aux-droits",
        "definition": "Allocataires au QF de moins de 400 € / allocataires x 100.",
    },
    {
        "code": "part-allocataires-rsa",
        "label": "Part des allocataires percevant le RSA",
        "unit": "pourcentage",
        "rule": "ratio",
        "numerators": ["allocataires-rsa"],
        "denominator": "allocataires",
        "source": CAF,
        "thematique": "acces-aux-droits",
        "definition": "Allocataires du RSA / allocataires x 100.",
    },
    {
        "code": "qpv",
        "label": "Quartiers prioritaires de la politique de la ville (QPV)",
        "unit": "nombre",
        "rule": "publiee",
        "source": "ANCT, liste des quartiers prioritaires de la politique de la ville",
        "thematique": "animation-vie-sociale",
        "definition": "Nombre de quartiers prioritaires situés, au moins en partie, sur la "
        "commune (liste de l'ANCT : code_qp, insee_com). Un quartier à cheval sur deux "
        "communes compte dans chacune ; pour un EPCI ou un département, chaque quartier compte "
        "une fois (siren_epci, insee_dep) : la page montre ce compte, pas la somme des "
        "communes. Génération 2024 (codes « QN ») ou 2015 (« QP »), lue dans les codes.",
    },
]

# code, label, category, has_places
OFFER_TYPES: list[tuple[str, str, str, bool]] = [
    (
        "eaje",
        "Établissement d'accueil du jeune enfant (EAJE, crèche, multi-accueil)",
        "petite-enfance",
        True,
    ),
    ("micro-creche", "Micro-crèche", "petite-enfance", True),
    ("assistants-maternels", "Assistants maternels", "petite-enfance", True),
    ("mam", "Maison d'assistants maternels (MAM)", "petite-enfance", True),
    ("association-assmat", "Association d'assistants maternels", "petite-enfance", False),
    ("garde-horaires-atypiques", "Garde en horaires atypiques", "petite-enfance", False),
    ("rpe", "Relais petite enfance (RPE)", "petite-enfance", False),
    ("laep", "Lieu d'accueil enfants-parents (LAEP)", "parentalite", False),
    ("acm", "Accueil collectif de mineurs (ACM, ALSH)", "enfance-jeunesse", True),
    ("acm-gestionnaire", "Gestionnaire d'accueil collectif de mineurs", "enfance-jeunesse", False),
    ("periscolaire", "Accueil périscolaire", "enfance-jeunesse", True),
    ("espace-jeunes", "Espace jeunes", "enfance-jeunesse", False),
    ("pij-bij", "Point ou bureau information jeunesse (PIJ, BIJ)", "enfance-jeunesse", False),
    ("paej", "Point d'accueil écoute jeunes (PAEJ)", "enfance-jeunesse", False),
    ("promeneur-du-net", "Promeneur du Net", "enfance-jeunesse", False),
    ("clas", "Contrat local d'accompagnement à la scolarité (CLAS)", "parentalite", False),
    ("ludotheque", "Ludothèque", "parentalite", False),
    ("centre-social", "Centre social ou socio-culturel", "animation-vie-sociale", False),
    ("evs", "Espace de vie sociale (EVS)", "animation-vie-sociale", False),
    ("france-services", "Maison France Services", "acces-aux-droits", False),
    ("bus-france-services", "Bus France Services", "acces-aux-droits", False),
    ("ccas", "CCAS / CIAS", "acces-aux-droits", False),
    ("point-numerique", "Point numérique", "inclusion-numerique", False),
    ("conseiller-numerique", "Conseiller numérique", "inclusion-numerique", False),
    ("college", "Collège", "education", False),
    ("lycee", "Lycée", "education", False),
    ("maison-egalite", "Maison de l'égalité femmes hommes", "autre", False),
]


def ensure_catalogue(apps=None) -> None:
    """Create or update the shipped indicators and offer types (idempotent)."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    Indicator = apps.get_model("diagnostic", "Indicator")
    OfferType = apps.get_model("diagnostic", "OfferType")
    Thematique = apps.get_model("conventions", "Thematique")
    thematiques = {t.code: t for t in Thematique.objects.all()}
    by_code = {}
    for position, item in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.update_or_create(
            code=item["code"],
            defaults={
                "label": item["label"],
                "unit": item.get("unit", "nombre"),
                "thematique": thematiques.get(item.get("thematique", "")),
                "source": item.get("source", ""),
                "definition": item.get("definition", ""),
                "rule": item.get("rule", "somme"),
                "insee_suffix": item.get("insee", ""),
                "caf_columns": item.get("caf", []),
                "factor": 100,
                "position": (position + 1) * 10,
            },
        )
        by_code[item["code"]] = indicator
    for item in INDICATORS:
        indicator = by_code[item["code"]]
        indicator.denominator = by_code.get(item.get("denominator", ""))
        indicator.weight = by_code.get(item.get("weight", ""))
        indicator.save(update_fields=["denominator", "weight"])
        indicator.numerators.set([by_code[c] for c in item.get("numerators", [])])
    for position, (code, label, category, has_places) in enumerate(OFFER_TYPES):
        OfferType.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "category": category,
                "has_places": has_places,
                "position": (position + 1) * 10,
            },
        )
