"""The published indicators and plan as open data (CSV and JSON), under Licence Ouverte 2.0.

Each dataset exists only if its section is published; rows hold no personal data.
"""

from __future__ import annotations

import io
import json

from django.urls import reverse

from ctg_pilote.core.spreadsheets import csv_dict_writer

from .content import enjeux, key_figures, offer_by_type, publication_of
from .models import PublicSection

LICENCE = {
    "nom": "Licence Ouverte / Open Licence version 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

DATASETS = {
    "chiffres-cles": (PublicSection.KEY_FIGURES, "Chiffres clés du territoire"),
    "offre": (PublicSection.OFFER, "Offre de services aux familles par type"),
    "plan": (PublicSection.PLAN, "Enjeux et actions prioritaires, avec leur état"),
}

COLUMNS = {
    "chiffres-cles": ["code", "libelle", "valeur", "unite", "annee", "source", "fictif"],
    "offre": ["type", "nombre", "places", "annee", "source", "fictif"],
    "plan": [
        "enjeu_numero",
        "enjeu",
        "action_numero",
        "action",
        "statut",
        "avancement",
        "pilote",
        "suivi_fictif",
    ],
}


def available(convention) -> list[str]:
    shown = set(publication_of(convention).sections)
    return [key for key, (section, _) in DATASETS.items() if section in shown]


def rows(convention, dataset: str) -> list[dict]:
    if dataset == "chiffres-cles":
        return [
            {
                "code": f.code,
                "libelle": f.label,
                "valeur": None if f.value is None else float(f.value),
                "unite": f.unit,
                "annee": f.year,
                "source": f.source,
                "fictif": f.is_fictitious,
            }
            for f in key_figures(convention)
        ]
    if dataset == "offre":
        return [
            {
                "type": r.label,
                "nombre": r.count,
                "places": r.places,
                "annee": r.year,
                "source": r.source,
                "fictif": r.fictif,
            }
            for r in offer_by_type(convention)
        ]
    _level, items = enjeux(convention)
    return [
        {
            "enjeu_numero": e.number,
            "enjeu": e.title,
            "action_numero": a.number,
            "action": a.title,
            "statut": a.get_status_display(),
            "avancement": a.progress,
            "pilote": a.pilot.name if a.pilot else "",
            "suivi_fictif": a.follow_up_fictitious,
        }
        for e in items
        for a in e.actions
    ]


def as_json(convention, dataset: str, *, base_url: str = "") -> str:
    document = {
        "ctg": convention.name,
        "identifiant": convention.slug,
        "jeu_de_donnees": DATASETS[dataset][1],
        "licence": LICENCE,
        "producteur": "CTG " + convention.name,
        "page": base_url + reverse("public:page", args=[convention.slug]),
        "donnees": rows(convention, dataset),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def as_csv(convention, dataset: str) -> str:
    out = io.StringIO()
    writer = csv_dict_writer(out, COLUMNS[dataset], delimiter=";")
    writer.writeheader()
    for row in rows(convention, dataset):
        writer.writerow(
            {k: ("oui" if v is True else "non" if v is False else v) for k, v in row.items()}
        )
    return out.getvalue()
