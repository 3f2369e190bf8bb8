"""A synthetic national dataset for scale measurements (`ctg generate_national`, `make bench`).

Every CTG, action, value and service in it is invented and says so in the data: the CTG's
`origine_des_donnees`, `suivi_fictif` on actions, `fictif` on notes, budget lines, indicator
values and services, and `import_indicators --fictif` for the values per commune. Only the
geography (EPCI and communes of the loaded official vintage) is real.

Output, in the folder given:
- `ctg/<identifiant>.json`: one exchange document per EPCI (`ctg import_ctg`), with a plan of
  40 actions and about 80 services of the family directory (`diagnostic.offre.equipements`);
- `indicateurs/base-communale-fictive.csv`: one value per commune and INSEE indicator, in the
  INSEE "base communale" layout read by `ctg import_indicators`;
- `manifeste.json`: the counts and the seed, read by the national bench.

The same seed gives the same files; each EPCI draws from its own generator, so a run with
`--limit N` writes exactly the first N documents of the full run.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ctg_pilote.diagnostic.catalogue import INDICATORS, OFFER_TYPES
from ctg_pilote.territories.models import Commune, Epci, Vintage

ACTIONS_PER_CTG = 40
SERVICES_TOTAL = 100_000
START_YEAR, END_YEAR = 2024, 2028
VALUES_YEAR = 2021  # INSEE columns P21_..., C21_...
SOURCE = "Jeu de données synthétique national (fictif)"
ORIGIN = (
    "ENTIÈREMENT FICTIVE : CTG générée par « ctg generate_national » pour les mesures de "
    "performance. Seuls l'EPCI et ses communes (Code officiel géographique) sont réels ; "
    "plan, budget, indicateurs et services sont inventés."
)
INDICATOR_FILE = "base-communale-fictive.csv"

# Enjeux of a typical CTG, each with two objectives and the thématiques it covers.
ENJEUX = [
    (
        "Petite enfance et parentalité",
        ["petite-enfance", "parentalite"],
        ["Adapter l'offre d'accueil du jeune enfant", "Soutenir les parents"],
    ),
    (
        "Enfance et jeunesse",
        ["enfance", "jeunesse"],
        ["Structurer l'accueil de loisirs", "Accompagner l'autonomie des jeunes"],
    ),
    (
        "Animation de la vie sociale",
        ["animation-vie-sociale"],
        ["Mailler le territoire en lieux de proximité", "Encourager la participation"],
    ),
    (
        "Accès aux droits et inclusion",
        ["acces-aux-droits", "inclusion-numerique", "mobilite"],
        ["Rapprocher les services des habitants", "Réduire la fracture numérique"],
    ),
]
ACTION_VERBS = [
    "Créer",
    "Développer",
    "Coordonner",
    "Évaluer",
    "Renforcer",
    "Expérimenter",
    "Mutualiser",
    "Faire connaître",
]
ACTION_OBJECTS = [
    "un relais petite enfance itinérant",
    "les places d'accueil en horaires atypiques",
    "un lieu d'accueil enfants-parents",
    "les accueils de loisirs du mercredi",
    "un point information jeunesse",
    "les ateliers de soutien à la parentalité",
    "un espace de vie sociale",
    "les permanences d'accès aux droits",
    "l'accompagnement au numérique",
    "un transport à la demande pour les familles",
    "le réseau des acteurs de la jeunesse",
    "un guide des services aux familles",
]
ORGANISATION_KINDS = [
    ("ccas", "Centre communal d'action sociale de {town}"),
    ("centre_social", "Centre social de {town}"),
    ("association", "Association familiale de {town}"),
    ("association", "Maison des jeunes de {town}"),
    ("departement", "Conseil départemental ({departement})"),
    ("education_nationale", "Circonscription de l'Éducation nationale de {town}"),
]
STATUSES = ["a_lancer", "en_cours", "en_cours", "en_cours", "realisee", "en_pause", "reportee"]
AGES = {
    "petite-enfance": (0, 3),
    "enfance": (3, 11),
    "jeunesse": (11, 25),
}


@dataclass
class NationalReport:
    documents: int = 0
    actions: int = 0
    plan_indicators: int = 0
    plan_values: int = 0
    services: int = 0
    communes: int = 0
    indicator_values: int = 0
    bytes: int = 0
    seconds: float = 0.0
    seed: int = 0
    files: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"{self.documents} documents de CTG fictives (une par EPCI), "
            f"{self.actions} actions, {self.plan_indicators} indicateurs du plan, "
            f"{self.plan_values} valeurs d'indicateurs du plan,",
            f"{self.services} services de l'annuaire, "
            f"{self.indicator_values} valeurs d'indicateurs pour {self.communes} communes,",
            f"{self.bytes / 1_000_000:.1f} Mo écrits en {self.seconds:.1f} s (graine {self.seed}).",
            "Toutes ces données sont fictives : seuls les EPCI et les communes sont réels.",
        ]


def services_per_epci(count: int, total: int = SERVICES_TOTAL) -> list[int]:
    """`total` services spread evenly over `count` EPCI (the first ones get one more)."""
    base, extra = divmod(total, count)
    return [base + (1 if i < extra else 0) for i in range(count)]


def _communes_by_epci(vintage: Vintage) -> dict[int, list[dict]]:
    by_epci: dict[int, list[dict]] = {}
    rows = Commune.objects.filter(vintage=vintage, epci__isnull=False).order_by("code")
    for row in rows.values("code", "name", "population", "epci_id"):
        by_epci.setdefault(row["epci_id"], []).append(row)
    return by_epci


def _date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


def ctg_document(epci: Epci, communes: list[dict], services: int, seed: int) -> dict:
    """The exchange document of a fictitious CTG on `epci`, drawn from its own generator."""
    rng = random.Random(f"{seed}-{epci.siren}")
    slug = f"national-{epci.siren}"
    departement = epci.departement.code
    by_size = sorted(communes, key=lambda c: (-(c["population"] or 0), c["code"]))
    town = by_size[0]
    organisations = [
        {
            "ref": "caf",
            "nom": f"Caisse d'Allocations Familiales ({departement})",
            "type": "caf",
            "signataire": True,
        },
        {"ref": "epci", "nom": epci.name, "type": "epci", "signataire": True, "siren": epci.siren},
    ]
    for i, commune in enumerate(by_size[:3]):
        organisations.append(
            {
                "ref": f"commune-{i + 1}",
                "nom": f"Commune de {commune['name']} ({commune['code']})",
                "type": "commune",
                "commune": commune["code"],
            }
        )
    for i, (kind, name) in enumerate(ORGANISATION_KINDS):
        organisations.append(
            {
                "ref": f"org-{i + 1}",
                "nom": name.format(town=town["name"], departement=departement),
                "type": kind,
                "commune": town["code"],
                "remarque": "Organisation fictive.",
            }
        )
    refs = [o["ref"] for o in organisations]

    nodes, actions, indicators = [], [], []
    leaves = []
    for e, (title, thematiques, objectives) in enumerate(ENJEUX, start=1):
        nodes.append({"numero": str(e), "titre": title, "thematiques": thematiques})
        for o, objective in enumerate(objectives, start=1):
            nodes.append({"numero": f"{e}.{o}", "titre": objective})
            leaves.append((f"{e}.{o}", thematiques))
    period_start = datetime.date(START_YEAR, 1, 1)
    for n in range(1, ACTIONS_PER_CTG + 1):
        leaf, thematiques = leaves[(n - 1) % len(leaves)]
        start = _date(rng, period_start, datetime.date(2026, 6, 30))
        end = _date(rng, start + datetime.timedelta(days=180), datetime.date(END_YEAR, 12, 31))
        pilot, *partners = rng.sample(refs, 3)
        action = {
            "numero": f"A{n}",
            "noeud": leaf,
            "titre": f"{rng.choice(ACTION_VERBS)} {rng.choice(ACTION_OBJECTS)} (action {n})",
            "objectifs": "Objectif fictif de l'action, pour les mesures de performance.",
            "thematiques": [rng.choice(thematiques)],
            "pilote": {"organisation": pilot},
            "partenaires": [{"organisation": ref, "role": "Partenaire"} for ref in partners],
            "debut": start.isoformat(),
            "fin": end.isoformat(),
            "statut": rng.choice(STATUSES),
            "avancement": rng.randrange(0, 101, 5),
            "prioritaire": n % 4 == 0,
            "suivi_fictif": True,
            "jalons": [
                {
                    "date": _date(rng, start, end).isoformat(),
                    "titre": f"Étape {k}",
                    "atteint": rng.random() < 0.5,
                }
                for k in (1, 2)
            ],
            "budget": [
                {
                    "annee": year,
                    "financeur": rng.choice(["caf", "epci"]),
                    "montant": rng.randrange(1_000, 60_000, 500),
                    "nature": "fonctionnement",
                    "etat": rng.choice(["prevu", "acquis", "verse"]),
                    "fictif": True,
                }
                for year in (2025, 2026)
            ],
            "notes": [
                {
                    "date": _date(rng, start, datetime.date(2026, 6, 30)).isoformat(),
                    "auteur": "Coordination CTG",
                    "texte": "Point d'étape fictif.",
                    "fictif": True,
                }
            ],
        }
        if rng.random() < 0.2:
            action["territoire"] = {"communes": [town["code"]]}
        actions.append(action)
        baseline = rng.randint(5, 200)
        indicators.append(
            {
                "ref": f"I{n}",
                "action": f"A{n}",
                "intitule": f"Familles touchées par l'action {n}",
                "type": "realisation",
                "unite": "familles",
                "depart": {"valeur": baseline, "annee": START_YEAR},
                "source": SOURCE,
                "cibles": [
                    {"annee": 2026, "valeur": baseline + 20},
                    {"annee": END_YEAR, "valeur": baseline + 50},
                ],
                "valeurs": [
                    {"annee": year, "valeur": baseline + rng.randint(-10, 40), "fictif": True}
                    for year in (2024, 2025)
                ],
            }
        )

    types = [(code, category) for code, _label, category, _places in OFFER_TYPES]
    labels = {code: label.split(" (")[0] for code, label, _c, _p in OFFER_TYPES}
    codes = [c["code"] for c in communes]
    equipements = []
    for n in range(1, services + 1):
        code, category = rng.choice(types)
        commune = town if rng.random() < 0.3 else rng.choice(communes)
        item = {
            "type": code,
            "nom": f"{labels[code]} de {commune['name']} n° {n}",
            "commune": commune["code"],
            "contact": f"05 00 00 {n // 100 % 100:02d} {n % 100:02d}",
            "source": SOURCE,
            "fictif": True,
        }
        if category in AGES and rng.random() < 0.5:
            item["age_min"], item["age_max"] = AGES[category]
        if rng.random() < 0.1:
            item["gestionnaire"] = rng.choice(refs[2:])
        if len(codes) > 1 and rng.random() < 0.15:
            item["itinerant"] = True
            item["communes_desservies"] = sorted(rng.sample(codes, min(3, len(codes))))
        equipements.append(item)

    return {
        "format": "ctg-pilote",
        "version": 1,
        "ctg": {
            "identifiant": slug,
            "nom": f"CTG fictive de {epci.name}",
            "presentation": "CTG fictive du jeu de données national de mesure.",
            "origine_des_donnees": ORIGIN,
            "statut": "en_cours",
            "periode": {"debut": START_YEAR, "fin": END_YEAR},
            "caf": departement,
            "thematiques": sorted({t for _t, themes, _o in ENJEUX for t in themes}),
        },
        "territoire": {"millesime": epci.vintage.year, "type": "epci", "epci": epci.siren},
        "organisations": organisations,
        "membres": [
            {
                "courriel": f"coordination-{epci.siren}@national.test",
                "role": "coordinateur",
                "organisation": "epci",
            }
        ],
        "diagnostic": {"offre": {"equipements": equipements}},
        "plan": {
            "niveaux": ["Enjeu", "Objectif"],
            "noeuds": nodes,
            "actions": actions,
            "indicateurs": indicators,
        },
    }


def insee_columns() -> list[str]:
    """The INSEE columns of every catalogue indicator that has one (P21_POP, C21_FAM, TP6021)."""
    year = VALUES_YEAR % 100
    columns = []
    for item in INDICATORS:
        suffix = item.get("insee")
        if not suffix:
            continue
        if suffix == "TP60":
            columns.append(f"TP60{year}")
        else:
            columns.append(f"{'P' if suffix.startswith('POP') else 'C'}{year}_{suffix}")
    return columns


def write_indicator_file(path: Path, communes: list[dict], seed: int) -> int:
    """An INSEE "base communale" layout: ';', decimal commas, cp1252, a few masked cells ("s").
    Counts are shares of the commune's real population, so the figures look plausible."""
    rng = random.Random(f"{seed}-indicateurs")
    columns = insee_columns()
    lines = [";".join(["CODGEO", "LIBGEO", *columns])]
    for commune in communes:
        population = commune["population"] or 0
        cells = [commune["code"], commune["name"]]
        for column in columns:
            if rng.random() < 0.01:
                cells.append("s")
            elif column.startswith("TP60"):
                cells.append(f"{rng.uniform(5, 30):.1f}".replace(".", ","))
            elif column.endswith("_POP"):
                cells.append(str(population))
            else:
                share = rng.uniform(0.02, 0.3 if column.startswith("P") else 0.45)
                cells.append(f"{population * share:.2f}".replace(".", ","))
        lines.append(";".join(cells))
    path.write_bytes("\r\n".join(lines).encode("cp1252", errors="replace"))
    return len(communes) * len(columns)


def generate(
    *,
    out: Path,
    limit: int | None = None,
    seed: int = 1,
    services: int = SERVICES_TOTAL,
    progress: Callable[[int], object] | None = None,
) -> NationalReport:
    """Write the dataset into `out` (created if needed): `services` in all, spread over every
    EPCI of the vintage even with `limit`. `progress(1)` after each document."""
    begin = time.perf_counter()
    vintage = Vintage.objects.current()
    if vintage is None:
        raise ValueError("référentiel des territoires absent : lancez « ctg load_territories »")
    epcis = list(
        Epci.objects.filter(vintage=vintage)
        .select_related("departement", "vintage")
        .order_by("siren")
    )
    counts = services_per_epci(len(epcis), services)
    if limit is not None:
        epcis = epcis[:limit]
    by_epci = _communes_by_epci(vintage)
    report = NationalReport(seed=seed)
    folder = Path(out) / "ctg"
    folder.mkdir(parents=True, exist_ok=True)
    for epci, count in zip(epcis, counts, strict=False):
        communes = by_epci.get(epci.pk)
        if not communes:
            continue
        document = ctg_document(epci, communes, count, seed)
        path = folder / f"{document['ctg']['identifiant']}.json"
        text = json.dumps(document, ensure_ascii=False, indent=1)
        path.write_text(text, encoding="utf-8")
        plan = document["plan"]
        report.documents += 1
        report.actions += len(plan["actions"])
        report.plan_indicators += len(plan["indicateurs"])
        report.plan_values += sum(len(i["valeurs"]) for i in plan["indicateurs"])
        report.services += len(document["diagnostic"]["offre"]["equipements"])
        report.bytes += len(text.encode("utf-8"))
        report.files.append(str(path.relative_to(out)))
        if progress:
            progress(1)

    if limit is None:
        communes = list(
            Commune.objects.filter(vintage=vintage)
            .order_by("code")
            .values("code", "name", "population")
        )
    else:
        chosen = {epci.pk for epci in epcis}
        communes = sorted(
            (c for pk, rows in by_epci.items() if pk in chosen for c in rows),
            key=lambda c: c["code"],
        )
    values_dir = Path(out) / "indicateurs"
    values_dir.mkdir(parents=True, exist_ok=True)
    values_path = values_dir / INDICATOR_FILE
    report.indicator_values = write_indicator_file(values_path, communes, seed)
    report.communes = len(communes)
    report.bytes += values_path.stat().st_size
    report.files.append(str(values_path.relative_to(out)))
    report.seconds = time.perf_counter() - begin
    manifest = {key: value for key, value in asdict(report).items() if key != "files"}
    manifest.update(
        {
            "fictif": True,
            "origine": ORIGIN,
            "millesime": vintage.year,
            "annee_des_valeurs": VALUES_YEAR,
            "source_des_valeurs": SOURCE,
            "documents_ctg": "ctg/",
            "valeurs_par_commune": f"indicateurs/{INDICATOR_FILE}",
        }
    )
    (Path(out) / "manifeste.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return report
