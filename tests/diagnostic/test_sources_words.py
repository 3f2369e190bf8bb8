"""The diagnostic as real documents write it, through the exchange format and the pages:
findings in ordered blocks, key figures in their source's words, surveys known by totals."""

import copy
import re

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.models import SynthesisBlock, SynthesisItem
from ctg_pilote.exchange.export import dump_yaml, export_convention
from ctg_pilote.exchange.importer import import_document
from ctg_pilote.exchange.problems import ExchangeError
from tests.diagnostic.conftest import demo_with_diagnostic

pytestmark = pytest.mark.django_db

PLAN = {
    "niveaux": ["Enjeu", "Objectif"],
    "noeuds": [
        {"numero": "1", "titre": "Accueillir les jeunes enfants"},
        {"numero": "1.1", "titre": "Élargir les horaires d'accueil"},
        {"numero": "2", "titre": "Rapprocher les services des familles"},
    ],
}

FIGURES = [
    {
        "code": "monoparentales",
        "libelle": "Familles monoparentales",
        "qualificatif": "plus_de",
        "valeur": 23,
        "unite": "pourcentage",
        "texte": "plus de 23 %",
        "thematique": "parentalite",
        "annee": 2019,
        "source": "INSEE RP 2019",
    },
    {
        "code": "naissances",
        "libelle": "Naissances par an",
        "qualificatif": "environ",
        "valeur": 280,
        "valeur_max": 320,
        "periode": {"debut": 2008, "fin": 2017},
        "perimetre": "base non précisée",
    },
    {
        "code": "ouverture-rpe",
        "libelle": "Ouverture hebdomadaire du RPE",
        "valeur": 11,
        "unite": "h",
        "equipement": "RPE de Tonnay-Charente",
    },
    {
        "code": "jeunes",
        "libelle": "Part des moins de 25 ans",
        "texte": "2/3 de la population",
    },
]

SURVEY = {
    "titre": "Questionnaire aux familles 2022",
    "periode": {"debut": "2022-03", "fin": "fin 2022"},
    "public": "familles allocataires avec au moins un enfant de moins de 18 ans",
    "familles_sollicitees": 4500,
    "reponses_recues": 1000,
    "reponses_qualificatif": "environ",
    "methode": "Questionnaire en ligne, relayé par les écoles",
    "source": "Diagnostic de la CTG, p. 12",
}

SYNTHESES = [
    {
        "titre": "Les constats partagés",
        "publie": True,
        "elements": [
            {"texte": "Un territoire attractif pour les jeunes couples."},
            {
                "intertitre": "Les modes d'accueil",
                "type": "fragilite",
                "texte": "Des horaires d'accueil trop courts pour les parents qui travaillent tôt.",
                "chiffres_cles": ["ouverture-rpe"],
                "enquetes": ["Questionnaire aux familles 2022"],
                "elements_plan": ["1.1"],
            },
        ],
    },
    {
        "thematique": "parentalite",
        "elements": [
            {
                "type": "constat",
                "texte": "Beaucoup de familles monoparentales.",
                "chiffres_cles": ["monoparentales"],
                "elements_plan": ["1", "2"],
            }
        ],
    },
]


def document() -> dict:
    doc = demo_with_diagnostic()
    doc["plan"] = copy.deepcopy(PLAN)
    diag = doc["diagnostic"]
    diag["chiffres_cles"] += copy.deepcopy(FIGURES)
    diag["enquetes"].append(copy.deepcopy(SURVEY))
    diag["syntheses"] = copy.deepcopy(SYNTHESES)
    return doc


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def ctg():
    import_document(document())
    return Convention.objects.get(slug="rochefort-ocean")


def test_findings_page_shows_blocks_sub_headings_and_statements_in_order(member_client, ctg):
    client, _ = member_client(ctg, "lecteur")
    page = _text(client.get(reverse("diagnostic:syntheses", args=[ctg.slug])))
    order = [
        "Les constats partagés",
        "Un territoire attractif pour les jeunes couples.",
        "Les modes d&#x27;accueil",
        "Des horaires d&#x27;accueil trop courts",
        "Parentalité",
        "Beaucoup de familles monoparentales.",
    ]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    # A neutral statement has no badge; a typed one says its kind.
    start = page.index("Un territoire")
    neutral = page[page.rindex('id="element-', 0, start) : start]
    assert "badge" not in neutral
    assert "Fragilité" in page and "Constat" in page
    # Supports and plan nodes are links.
    figure = ctg.key_figures.get(code="ouverture-rpe")
    assert f"#chiffre-{figure.pk}" in page and "Ouverture hebdomadaire du RPE (11 h)" in page
    survey = ctg.surveys.get(title=SURVEY["titre"])
    assert reverse("diagnostic:survey_detail", args=[ctg.slug, survey.pk]) in page
    node = SynthesisItem.objects.get(text__startswith="Des horaires").plan_nodes.get()
    assert f"/plan/#noeud-{node.pk}" in page and "1.1. Élargir les horaires d&#x27;accueil" in page
    assert "Publié" in page


def test_portrait_prints_figures_as_the_source_writes_them(member_client, ctg):
    client, _ = member_client(ctg, "lecteur")
    page = _text(client.get(reverse("diagnostic:portrait", args=[ctg.slug])))
    assert "plus de 23 %" in page and "Source : INSEE RP 2019, 2019" in page
    assert "environ 280 à 320" in page and "2008-2017" in page and "base non précisée" in page
    assert "11 h" in page and "RPE de Tonnay-Charente" in page
    assert "2/3 de la population" in page
    assert page.count("source non précisée") >= 3


def test_a_survey_known_by_its_totals_shows_them_and_the_right_rate(member_client, ctg):
    client, _ = member_client(ctg, "lecteur")
    page = _text(client.get(reverse("diagnostic:surveys", args=[ctg.slug])))
    assert "environ 1 000 réponses sur 4 500 familles sollicitées (taux ≈ 22 %)" in page
    assert not re.search(r"\b0 réponses", page) and "taux de réponse 0 %" not in page
    # The raw-answer survey of the demo keeps its counted answers and rate.
    assert "8 réponses sur 40 familles sollicitées (taux de réponse 20 %)" in page
    survey = ctg.surveys.get(title=SURVEY["titre"])
    detail = _text(client.get(reverse("diagnostic:survey_detail", args=[ctg.slug, survey.pk])))
    assert "environ 1 000 réponses" in detail and "Questionnaire en ligne" in detail
    assert "Public : familles allocataires" in detail
    assert "Période : de mars 2022 à fin 2022" in detail


def test_a_survey_without_any_count_says_so(member_client, ctg):
    ctg.surveys.create(title="Ateliers parents", source="Document CTG")
    client, _ = member_client(ctg, "lecteur")
    page = _text(client.get(reverse("diagnostic:surveys", args=[ctg.slug])))
    assert "Nombre de réponses non renseigné" in page


def test_round_trip_with_every_new_key_is_identical(ctg):
    first = export_convention(ctg)
    diag = first["diagnostic"]
    assert diag["syntheses"][0]["titre"] == "Les constats partagés"
    assert diag["syntheses"][0]["publie"] is True
    assert diag["syntheses"][0]["elements"][1]["elements_plan"] == ["1.1"]
    assert diag["syntheses"][0]["elements"][1]["intertitre"] == "Les modes d'accueil"
    assert "type" not in diag["syntheses"][0]["elements"][0]
    survey = next(s for s in diag["enquetes"] if s["titre"] == SURVEY["titre"])
    assert survey["reponses_recues"] == 1000 and "reponses" not in survey
    assert survey["periode"] == {"debut": "2022-03", "fin": "fin 2022"}
    figure = next(f for f in diag["chiffres_cles"] if f["code"] == "naissances")
    assert figure["periode"] == {"debut": 2008, "fin": 2017} and "source" not in figure
    Convention.objects.all().delete()
    import_document(copy.deepcopy(first))
    again = export_convention(Convention.objects.get(slug="rochefort-ocean"))
    assert dump_yaml(again["diagnostic"]) == dump_yaml(first["diagnostic"])


def test_legacy_flat_syntheses_become_one_block_per_thematique():
    doc = document()
    doc["diagnostic"]["syntheses"] = demo_with_diagnostic()["diagnostic"]["syntheses"] + [
        {
            "thematique": "petite-enfance",
            "type": "force",
            "texte": "Un RPE actif.",
            "enjeux": ["1"],
        }
    ]
    import_document(doc)
    blocks = list(SynthesisBlock.objects.order_by("position"))
    assert [b.thematique.code for b in blocks] == [
        "animation-vie-sociale",
        "acces-aux-droits",
        "petite-enfance",
        "mobilite",
    ]
    early_childhood = blocks[2].items.order_by("position")
    assert [i.text for i in early_childhood][1] == "Un RPE actif."
    assert [n.number for n in early_childhood[1].plan_nodes.all()] == ["1"]


def test_bad_references_and_figures_get_french_messages_with_their_paths():
    doc = document()
    diag = doc["diagnostic"]
    diag["syntheses"][0]["elements"][1]["elements_plan"] = ["9"]
    diag["syntheses"][0]["elements"][1]["enquetes"] = ["Inconnue"]
    diag["syntheses"].append({"elements": [{"texte": "Sans titre"}]})
    diag["enquetes"][-1]["periode"] = {"debut": "2023", "fin": "2022-05"}
    diag["chiffres_cles"].append({"code": "vide", "libelle": "Sans valeur"})
    diag["chiffres_cles"].append(
        {"code": "range", "libelle": "Fourchette", "valeur": 10, "valeur_max": 5}
    )
    diag["chiffres_cles"].append(
        {"code": "deux", "libelle": "Deux", "valeur": 1, "equipement": "X", "perimetre": "Y"}
    )
    with pytest.raises(ExchangeError) as error:
        import_document(doc)
    text = str(error.value)
    assert "diagnostic.syntheses[0].elements[1].elements_plan[0]" in text
    assert "élément « 9 » absent du plan d'action" in text
    assert "enquête « Inconnue » absente du document" in text
    assert "diagnostic.syntheses[2] : un bloc a un « titre », une « thematique »" in text
    assert "un chiffre clé a une « valeur » ou un « texte »" in text
    assert "la valeur maximale est inférieure à la valeur" in text
    assert "un chiffre clé porte sur une seule étendue" in text
    assert "diagnostic.enquetes[1].periode.fin : la fin de l'enquête précède son début" in text
    assert not Convention.objects.exists()


def test_a_plan_node_named_by_findings_is_read_from_the_saved_plan():
    """A later document with only the diagnostic still links to the CTG's plan."""
    import_document(document())
    doc = document()
    del doc["plan"]
    doc["diagnostic"]["syntheses"][1]["elements"][0]["elements_plan"] = ["2"]
    import_document(doc)
    item = SynthesisItem.objects.get(text="Beaucoup de familles monoparentales.")
    assert [n.number for n in item.plan_nodes.all()] == ["2"]
