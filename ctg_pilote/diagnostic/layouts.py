"""The published files the importer recognises, from their header.

Each layout says which column holds the place (and at which level: commune, EPCI,
département, or per row), which holds the year, and where the values are: one column per
indicator (wide files), or one value column read with a dimension column (long files: a
quotient familial band, INSEE Melodi's family type). Columns are compared once normalised
(no case, no accents, `_` for anything else), so the portal's French labels ("Date référence",
"Taux de couv global") are read like its field names. The exact columns and download pages
are listed in docs/diagnostic.md."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctg_pilote.core.text import fold

INSEE_RP = "INSEE, recensement de la population (base communale)"
FILOSOFI = "INSEE, FiLoSoFi (revenus et pauvreté)"
MELODI = "INSEE, Melodi"
CAF_GENERIC = "CAF, données allocataires par commune (data.caf.fr)"


def normalise(name: str) -> str:
    """'Numéro commune ' -> 'numero_commune' (column names compared without case or accents)."""
    return re.sub(r"[^a-z0-9]+", "_", fold(name)).strip("_")


# The portal's "use labels" export: French label (normalised) -> field name.
CAF_LABELS = {
    "date_reference": "dtreffre",
    "numero_commune": "numcomdo",
    "code_commune": "numcomdo",
    "nom_commune": "nomcom",
    "nombre_d_allocataires": "indfoy_ndur",
    "nombre_de_foyers_allocataires": "indfoy_ndur",
    "nombre_de_personnes_couvertes": "indnbp_ndur",
    "annee": "annee",
    "numero_epci": "numepci",
    "nom_epci": "nomepci",
    "numero_departement": "numdep",
    "taux_de_couv_global": "taux_de_couv_global",
    "quotient_familial": "qf_400",
}


@dataclass(frozen=True)
class Layout:
    key: str
    title: str
    source: str
    code_columns: tuple[str, ...]
    year_columns: tuple[str, ...] = ()
    level: str | None = None  # "commune", "epci", "departement"; None: per row
    level_column: str = ""  # GEO_OBJECT
    marker: str = ""  # a column only this layout has
    value_column: str = ""  # long files: the one value column
    dimension: str = ""  # long files: the column naming what the value is
    dimension_map: dict[str, str] = field(default_factory=dict)  # folded value -> indicator
    rounded_to: int | None = None
    page: str = ""


QF = {
    "moins de 400 euros": "allocataires-qf-moins-400",
    "entre 400 et 799 euros": "allocataires-qf-400-799",
    "inconnu": "allocataires-qf-inconnu",
}
MELODI_FAMILIES = {"_t": "familles", "1": "familles-monoparentales"}

LAYOUTS = [
    Layout(
        "caf-qf",
        "CAF, allocataires par quotient familial (ndur_s_qf_400_com_f)",
        "CAF, allocataires par tranche de quotient familial (data.caf.fr)",
        ("numcomdo", "numcom"),
        ("dtreffre",),
        level="commune",
        marker="qf_400",
        value_column="indfoy_ndur",
        dimension="qf_400",
        dimension_map=QF,
        rounded_to=5,
        page="https://data.caf.fr/explore/dataset/ndur_s_qf_400_com_f/",
    ),
    Layout(
        "caf-prestations",
        "CAF, toutes prestations [Communal] (s_ben_com_f)",
        "CAF, toutes prestations par commune (data.caf.fr, s_ben_com_f)",
        ("numcomdo",),
        ("dtreffre",),
        level="commune",
        marker="indfoy_ndur",
        rounded_to=5,
        page="https://data.caf.fr/explore/dataset/s_ben_com_f/",
    ),
    Layout(
        "caf-pe-epci",
        "CAF, taux de couverture petite enfance par EPCI (txcouv_pe_epci)",
        "CAF, taux de couverture petite enfance (data.caf.fr, txcouv_pe_epci)",
        ("numepci",),
        ("annee",),
        level="epci",
        page="https://data.caf.fr/explore/dataset/txcouv_pe_epci/",
    ),
    Layout(
        "caf-pe-dep",
        "CAF, taux de couverture petite enfance par département (txcouv_pe_dep)",
        "CAF, taux de couverture petite enfance (data.caf.fr, txcouv_pe_dep)",
        ("numdep",),
        ("annee",),
        level="departement",
        page="https://data.caf.fr/explore/dataset/txcouv_pe_dep/",
    ),
    Layout(
        "caf-pe-com",
        "CAF, taux de couverture petite enfance par commune (txcouv_pe_com)",
        "CAF, taux de couverture petite enfance (data.caf.fr, txcouv_pe_com)",
        ("numcom",),
        ("annee",),
        level="commune",
        marker="txcouv_com",
        page="https://data.caf.fr/explore/dataset/txcouv_pe_com/",
    ),
    Layout(
        "melodi",
        "INSEE Melodi (format long : GEO_OBJECT, GEO, TIME_PERIOD, OBS_VALUE)",
        MELODI,
        ("geo",),
        ("time_period",),
        level_column="geo_object",
        marker="obs_value",
        value_column="obs_value",
        dimension="tfn",
        dimension_map=MELODI_FAMILIES,
        page="https://catalogue-donnees.insee.fr/fr/catalogue/recherche",
    ),
]

# The generic layouts: a commune code and, for CAF-like files, a year column.
GENERIC_CODE_COLUMNS = (
    "codgeo",
    "code_commune",
    "code_insee",
    "numcom",
    "numcomdo",
    "numero_commune",
    "com",
    "codecommune",
    "code_geo",
    "insee",
    "depcom",
)
GENERIC_YEAR_COLUMNS = (
    "annee",
    "annee_reference",
    "date_reference",
    "dtreffre",
    "dtreff",
    "year",
    "millesime",
)
INSEE_PAGES = {
    "rp": "https://www.insee.fr/fr/statistiques?debut=0&theme=0&categorie=2 (bases communales)",
    "filosofi": "https://www.insee.fr/fr/statistiques/7233950 (FiLoSoFi, communes et EPCI)",
}


def recognise(names: list[str]) -> Layout | None:
    """The published layout whose columns the (normalised) header has, else None."""
    present = set(names)
    for layout in LAYOUTS:
        if not any(c in present for c in layout.code_columns):
            continue
        if layout.marker and layout.marker not in present:
            continue
        if layout.level_column and layout.level_column not in present:
            continue
        return layout
    return None


def with_labels(header: list[str]) -> list[str]:
    """Normalised column names, a CAF export "with labels" turned back into field names."""
    names = [normalise(h) for h in header]
    return [CAF_LABELS.get(n, n) for n in names]
