import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ctg_pilote.diagnostic.models import Survey
from ctg_pilote.exchange.importer import import_document
from tests.diagnostic.conftest import demo_with_diagnostic

pytestmark = pytest.mark.django_db

PAGES = [
    "offer_geojson",
    "portrait",
    "offer",
    "surveys",
    "syntheses",
    "export_csv",
    "export_xlsx",
    "survey_import",
]


@pytest.fixture
def demo():
    import_document(demo_with_diagnostic())
    from ctg_pilote.conventions.models import Convention

    return Convention.objects.get(slug="rochefort-ocean")


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, convention, name):
    response = client.get(reverse(f"diagnostic:{name}", args=[convention.slug]))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_members_of_another_ctg_are_refused(outsider_client, convention, name):
    response = outsider_client.get(reverse(f"diagnostic:{name}", args=[convention.slug]))
    assert response.status_code == 403


def test_portrait_shows_key_figures_with_their_sources_and_the_age_chart(member_client, demo):
    client, _ = member_client(demo, "lecteur")
    page = client.get(reverse("diagnostic:portrait", args=[demo.slug])).content.decode()
    page = " ".join(page.split())
    assert "13 401" in page and "Source : CAF, selon la brochure CTG de la CARO" in page
    assert "15,1 %" in page
    assert 'id="age-chart"' in page and "65 ans et plus" in page
    # Populations per commune come from the official geography: map and comparison work.
    assert 'class="choropleth-map"' in page and 'data-indicator="population"' in page


def test_offer_lists_the_seed_counts_and_survey_is_labelled_fictitious(member_client, demo):
    client, _ = member_client(demo, "partenaire", partenaire=True)
    offer = client.get(reverse("diagnostic:offer", args=[demo.slug])).content.decode()
    assert "Établissement d&#x27;accueil du jeune enfant" in offer or "accueil du jeune" in offer
    assert "315" in offer and "852" in offer and "235" in offer
    survey = Survey.objects.get(convention=demo)
    page = client.get(reverse("diagnostic:survey_detail", args=[demo.slug, survey.pk]))
    text = page.content.decode()
    assert "Donnée fictive" in text and "taux de réponse 20 %" in text
    crossed = client.get(
        reverse("diagnostic:survey_detail", args=[demo.slug, survey.pk]),
        {"par": "zone", "q": "crèche"},
    ).content.decode()
    assert "Plus de places en crèche le mercredi" in crossed


def test_choropleth_geojson_carries_values_per_commune(member_client, demo):
    client, _ = member_client(demo, "lecteur")
    data = client.get(
        reverse("diagnostic:choropleth_geojson", args=[demo.slug]), {"indicateur": "population"}
    ).json()
    assert len(data["features"]) == 25
    rochefort = next(f for f in data["features"] if f["properties"]["code"] == "17299")
    assert rochefort["properties"]["valeur"] > 20000
    # The name portrait.js shows in the tooltip.
    assert rochefort["properties"]["name"] == "Rochefort"
    assert data["indicateur"]["annee"] == demo.vintage.year
    other = client.get(
        reverse("diagnostic:choropleth_geojson", args=[demo.slug]), {"indicateur": "inconnu"}
    )
    assert other.status_code == 404


def test_readers_cannot_import_a_survey(member_client, demo):
    client, _ = member_client(demo, "lecteur")
    url = reverse("diagnostic:survey_import", args=[demo.slug])
    upload = SimpleUploadedFile("r.csv", b"Commune;Avis\nRochefort;Bien\n")
    response = client.post(url, {"file": upload, "title": "X", "year": 2024, "source": "S"})
    assert response.status_code == 403
    assert not Survey.objects.filter(title="X").exists()


def test_coordinator_imports_a_survey_and_types_are_detected(member_client, demo):
    client, _ = member_client(demo, "coordinateur")
    # Tab-separated, as some tools export; multiple answers separated by ";".
    tsv = "\n".join(
        "\t".join(row)
        for row in [
            [
                "Horodateur",
                "Commune de résidence",
                "Âge des enfants",
                "Activités",
                "Note",
                "Remarques",
            ],
            ["2024-01-01", "Rochefort", "0-2 ans", "Crèche", "4", "Plus de places le samedi"],
            ["2024-01-02", "Fouras", "3-5 ans", "Crèche;Loisirs", "2", ""],
            ["2024-01-03", "fouras", "3-5 ans", "Loisirs", "5", "Un bus le mercredi"],
        ]
    )
    upload = SimpleUploadedFile("reponses.csv", tsv.encode("cp1252"))
    response = client.post(
        reverse("diagnostic:survey_import", args=[demo.slug]),
        {
            "file": upload,
            "title": "Enquête test",
            "year": 2024,
            "source": "Test",
            "families_reached": 30,
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Enquête test")
    kinds = {q.text: q.kind for q in survey.questions.all()}
    assert kinds == {
        "Commune de résidence": "commune",
        "Âge des enfants": "choix_unique",
        "Activités": "choix_multiple",
        "Note": "echelle",
        "Remarques": "texte",
    }
    assert survey.responses.filter(commune__code="17168").count() == 2


def test_survey_with_an_unknown_commune_is_refused_whole(member_client, demo):
    client, _ = member_client(demo, "caf")
    upload = SimpleUploadedFile("r.csv", b"Commune;Avis\nParis;Bien\n")
    response = client.post(
        reverse("diagnostic:survey_import", args=[demo.slug]),
        {"file": upload, "title": "Refusée", "year": 2024, "source": "S"},
    )
    assert response.status_code == 200
    assert "ligne 2, colonne Commune : « Paris » n&#x27;est pas une commune de la CTG" in (
        response.content.decode()
    )
    assert not Survey.objects.filter(title="Refusée").exists()


def test_editors_tag_free_text_answers_and_readers_cannot(member_client, demo):
    survey = Survey.objects.get(convention=demo)
    url = reverse("diagnostic:survey_tag", args=[demo.slug, survey.pk])
    data = {"reponse": 1, "question": "besoins", "thematiques": ["petite-enfance"], "q": "crèche"}
    reader, _ = member_client(demo, "lecteur")
    assert reader.post(url, data).status_code == 403
    assert survey.responses.get(number=1).tags == {}

    coordinator, _ = member_client(demo, "coordinateur")
    response = coordinator.post(url, data)
    assert response.status_code == 302
    assert survey.responses.get(number=1).tags == {"besoins": ["petite-enfance"]}
    page = coordinator.get(response["Location"]).content.decode()
    assert "Plus de places en crèche le mercredi" in page and "Petite enfance" in page


def test_evolution_across_vintages_on_the_portrait(member_client, rochefort, write_csv):
    from ctg_pilote.diagnostic.importer import import_indicator_file

    codes = list(rochefort.communes.values_list("code", flat=True))
    import_indicator_file(
        write_csv([["CODGEO", "P15_POP", "P21_POP"]] + [[c, 90, 100] for c in codes])
    )
    client, _ = member_client(rochefort, "lecteur")
    page = client.get(
        reverse("diagnostic:portrait", args=[rochefort.slug]), {"indicateur": "population"}
    ).content.decode()
    assert 'id="trend-table"' in page
    trend = page[page.index('id="trend-table"') :]
    assert trend.index("2015") < trend.index("2021")
    assert "2\u202f250" in trend and "2\u202f500" in trend


def test_offer_map_counts_listed_equipements_per_commune(member_client, demo):
    client, _ = member_client(demo, "lecteur")
    data = client.get(reverse("diagnostic:offer_geojson", args=[demo.slug])).json()
    counts = {f["properties"]["code"]: f["properties"]["valeur"] for f in data["features"]}
    # Tonnay-Charente: its CCAS, CAP Centre Social and the fictitious accueil de loisirs;
    # Rochefort: its CCAS and two fictitious services of the directory's demo; Moëze: none.
    assert counts["17449"] == 3 and counts["17299"] == 3 and counts["17237"] == 0
