"""Editing the findings and the key figures through the pages (coordination and CAF)."""

import pytest
from django.urls import reverse

from ctg_pilote.conventions.models import Convention, Thematique
from ctg_pilote.diagnostic.models import KeyFigure, SynthesisBlock
from ctg_pilote.exchange.importer import import_document
from tests.conventions.factories import ConventionFactory
from tests.diagnostic.test_sources_words import document

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def ctg():
    import_document(document())
    return Convention.objects.get(slug="rochefort-ocean")


def _page(client, ctg):
    return _text(client.get(reverse("diagnostic:syntheses", args=[ctg.slug])))


def test_coordination_writes_a_block_and_its_statements_in_order(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    response = client.post(
        reverse("diagnostic:block_create", args=[ctg.slug]),
        {"title": "Ce que disent les habitants", "version": 0},
    )
    assert response.status_code == 302
    block = SynthesisBlock.objects.get(title="Ce que disent les habitants")
    assert block.position == 2 and not block.is_published
    add = reverse("diagnostic:item_create", args=[ctg.slug, block.pk])
    client.post(add, {"text": "Un besoin de lieux pour les ados.", "version": 0})
    figure = ctg.key_figures.get(code="jeunes")
    node = block.items.model._meta.get_field("plan_nodes").related_model.objects.get(number="2")
    client.post(
        add,
        {
            "heading": "Jeunesse",
            "kind": "besoin",
            "text": "Des transports le soir.",
            "key_figures": [figure.pk],
            "plan_nodes": [node.pk],
            "version": 0,
        },
    )
    page = _page(client, ctg)
    assert page.index("Un besoin de lieux") < page.index("Jeunesse") < page.index("Des transports")
    assert "Besoin" in page and "Part des moins de 25 ans (2/3 de la population)" in page
    assert "2. Rapprocher les services des familles" in page

    second = block.items.get(text="Des transports le soir.")
    client.post(reverse("diagnostic:item_move", args=[ctg.slug, second.pk]), {"direction": "up"})
    page = _page(client, ctg)
    assert page.index("Des transports") < page.index("Un besoin de lieux")

    client.post(reverse("diagnostic:block_move", args=[ctg.slug, block.pk]), {"direction": "up"})
    page = _page(client, ctg)
    assert page.index("Ce que disent les habitants") < page.index("Parentalité")

    client.post(reverse("diagnostic:item_delete", args=[ctg.slug, second.pk]))
    assert "Des transports" not in _page(client, ctg)
    client.post(reverse("diagnostic:block_delete", args=[ctg.slug, block.pk]))
    assert ">Ce que disent les habitants</h3>" not in _page(client, ctg)
    assert list(ctg.synthesis_blocks.values_list("position", flat=True)) == [0, 1]


def test_a_block_needs_a_title_or_a_thematique(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    response = client.post(reverse("diagnostic:block_create", args=[ctg.slug]), {"version": 0})
    assert response.status_code == 200
    assert "Un bloc de synthèse a un titre, une thématique, ou les deux." in _text(response)
    thematique = Thematique.objects.get(code="petite-enfance")
    client.post(
        reverse("diagnostic:block_create", args=[ctg.slug]),
        {"thematique": thematique.pk, "is_published": "on", "version": 0},
    )
    assert "Petite enfance" in _page(client, ctg)


def test_readers_see_findings_but_cannot_edit_them(member_client, ctg):
    client, _ = member_client(ctg, "lecteur")
    page = _page(client, ctg)
    assert "Ajouter un bloc" not in page and "Modifier le bloc" not in page
    block = ctg.synthesis_blocks.first()
    assert client.get(reverse("diagnostic:block_create", args=[ctg.slug])).status_code == 403
    assert (
        client.post(
            reverse("diagnostic:block_move", args=[ctg.slug, block.pk]), {"direction": "up"}
        ).status_code
        == 403
    )
    item = block.items.first()
    assert client.get(reverse("diagnostic:item_edit", args=[ctg.slug, item.pk])).status_code == 403


def test_another_ctgs_statement_is_not_found(member_client, ctg):
    item = ctg.synthesis_blocks.first().items.first()
    other = ConventionFactory()
    client, _ = member_client(other, "coordinateur")
    assert (
        client.get(reverse("diagnostic:item_edit", args=[other.slug, item.pk])).status_code == 404
    )


def test_a_key_figure_is_written_with_its_words_and_no_source(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    response = client.post(
        reverse("diagnostic:key_figure_create", args=[ctg.slug]),
        {
            "label": "Enfants scolarisés hors commune",
            "text": "deux fois plus qu'en 2010",
            "unit": "nombre",
            "perimeter": "écoles du nord du territoire",
            "version": 0,
        },
    )
    assert response.status_code == 302
    figure = KeyFigure.objects.get(label="Enfants scolarisés hors commune")
    assert figure.code == "enfants-scolarises-hors-commune" and figure.value is None
    page = _text(client.get(reverse("diagnostic:portrait", args=[ctg.slug])))
    assert "deux fois plus qu&#x27;en 2010" in page and "écoles du nord du territoire" in page
    card = page[page.index(f'id="chiffre-{figure.pk}"') :][:1500]
    assert "source non précisée" in card


def test_a_key_figure_form_refuses_what_the_model_refuses_in_french(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    url = reverse("diagnostic:key_figure_create", args=[ctg.slug])
    empty = _text(client.post(url, {"label": "Rien", "unit": "nombre", "version": 0}))
    assert "Un chiffre clé a une valeur, ou le texte du chiffre tel que la source l" in empty
    reversed_range = _text(
        client.post(
            url,
            {"label": "Fourchette", "value": "10", "value_max": "5", "unit": "%", "version": 0},
        )
    )
    assert "La valeur maximale d&#x27;une fourchette ne peut pas être inférieure" in reversed_range
    assert not KeyFigure.objects.filter(label__in=["Rien", "Fourchette"]).exists()


def test_editing_a_key_figure_keeps_its_citations(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    figure = ctg.key_figures.get(code="ouverture-rpe")
    response = client.post(
        reverse("diagnostic:key_figure_edit", args=[ctg.slug, figure.pk]),
        {
            "label": figure.label,
            "code": figure.code,
            "qualifier": "au_moins",
            "value": "12",
            "unit": "h",
            "equipment": figure.equipment,
            "version": figure.version,
        },
    )
    assert response.status_code == 302
    page = _page(client, ctg)
    assert "Ouverture hebdomadaire du RPE (au moins 12 h)" in page


def test_a_survey_known_only_by_its_totals_is_described_by_a_form(member_client, ctg):
    client, _ = member_client(ctg, "coordinateur")
    response = client.post(
        reverse("diagnostic:survey_create", args=[ctg.slug]),
        {
            "title": "Enquête jeunesse",
            "period_start": "début 2023",
            "period_end": "2023-T2",
            "audience": "jeunes de 11 à 17 ans",
            "families_reached": "600",
            "responses_received": "150",
            "responses_qualifier": "plus_de",
            "version": 0,
        },
    )
    assert response.status_code == 302
    page = _text(client.get(response["Location"]))
    assert "plus de 150 réponses sur 600 familles sollicitées (taux ≈ 25 %)" in page
    assert "Période : de début 2023 à 2e trimestre 2023" in page
    assert "seuls ses totaux sont connus" in page
    bad = _text(
        client.post(
            reverse("diagnostic:survey_create", args=[ctg.slug]),
            {"title": "Mauvaise", "period_start": "fin 2023", "period_end": "2022", "version": 0},
        )
    )
    assert "La fin de l&#x27;enquête ne peut pas précéder son début." in bad


def test_readers_cannot_describe_a_survey(member_client, ctg):
    client, _ = member_client(ctg, "lecteur")
    assert client.get(reverse("diagnostic:survey_create", args=[ctg.slug])).status_code == 403
