"""Hostile files given to the diagnostic: offer, survey and indicator imports."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import IndicatorValue, Offer, Survey
from tests.core.test_spreadsheets import _patch_sheet, xfd_bomb
from tests.diagnostic.test_offer import HEADER, upload
from tests.diagnostic.test_views import demo  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_superscript_two_in_the_offer_is_refused_naming_line_and_column(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    response = client.post(
        reverse("diagnostic:offer_import", args=[rochefort.slug]),
        {"file": upload([HEADER, "eaje;Crèche;;Rochefort;²;;;;"]), "source": "Test"},
    )
    assert response.status_code == 200
    assert "ligne 2, colonne places : « ² » n&#x27;est pas un nombre entier positif" in (
        response.content.decode()
    )
    assert not Offer.objects.exists()


def test_a_superscript_two_in_a_survey_is_an_answer_not_a_crash(member_client, demo):  # noqa: F811
    client, _ = member_client(demo, "coordinateur")
    answers = "Commune;Note\nRochefort;4\nFouras;²\nRochefort;2\n"
    response = client.post(
        reverse("diagnostic:survey_import", args=[demo.slug]),
        {
            "file": SimpleUploadedFile("r.csv", answers.encode("utf-8")),
            "title": "Exposants",
            "year": 2024,
            "source": "S",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(title="Exposants")
    note = survey.questions.get(text="Note")
    assert note.kind != "echelle"  # "²" is no digit of a scale
    assert sorted(r.answers["note"] for r in survey.responses.all()) == ["2", "4", "²"]


@pytest.mark.parametrize("form", ["offer_import", "survey_import"])
def test_offer_and_survey_uploads_over_the_cap_are_refused(member_client, demo, settings, form):  # noqa: F811
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "upload_bytes": 1024}
    client, _ = member_client(demo, "coordinateur")
    big = SimpleUploadedFile("gros.csv", b"Commune;Avis\n" + b"Rochefort;Bien\n" * 200)
    data = {"file": big, "title": "Trop", "year": 2024, "source": "S"}
    response = client.post(reverse(f"diagnostic:{form}", args=[demo.slug]), data)
    assert response.status_code == 200
    assert "gros.csv : fichier trop lourd (2 Ko), 1 Ko au plus." in response.content.decode()
    assert not Survey.objects.filter(title="Trop").exists()


def test_an_xlsx_bomb_given_as_an_offer_is_refused(member_client, rochefort):
    client, _ = member_client(rochefort, "coordinateur")
    response = client.post(
        reverse("diagnostic:offer_import", args=[rochefort.slug]),
        {"file": SimpleUploadedFile("offre.xlsx", xfd_bomb()), "source": "Test"},
    )
    assert response.status_code == 200
    assert "offre.xlsx, feuille « Sheet » : taille annoncée 1\u202f048\u202f576 lignes" in (
        response.content.decode()
    )


def test_an_indicator_formula_counts_by_its_cached_value(rochefort, tmp_path):
    workbook = Workbook()
    workbook.active.append(["CODGEO", "P21_POP"])
    workbook.active.append(["17299", "=1+1"])
    workbook.active.append(["17004", "=2+2"])
    path = tmp_path / "valeurs.xlsx"
    workbook.save(path)
    cached = _patch_sheet(path.read_bytes(), lambda xml: xml.replace("<v></v>", "<v>1500</v>", 1))
    path.write_bytes(cached)
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)  # 17004's formula was never computed
    assert refused.value.problems == [
        "valeurs.xlsx : valeurs.xlsx, feuille « Sheet », cellule B3 : formule sans valeur "
        "calculée ; ouvrez et enregistrez le classeur dans un tableur, ou collez les valeurs "
        "à la place de la formule."
    ]
    assert not IndicatorValue.objects.exists()  # never read as "non diffusé"

    path.write_bytes(
        _patch_sheet(path.read_bytes(), lambda xml: xml.replace("<v></v>", "<v>800</v>"))
    )
    import_indicator_file(path)
    population = IndicatorValue.objects.filter(indicator__code="population", year=2021)
    assert dict(population.values_list("commune__code", "value")) == {"17299": 1500, "17004": 800}


def test_a_utf16_indicator_file_is_read(rochefort, write_csv):
    codes = list(rochefort.communes.values_list("code", flat=True))
    path = write_csv([["CODGEO", "P21_POP"]] + [[c, 100] for c in codes], encoding="utf-16")
    report = import_indicator_file(path)
    assert report.encoding == "utf-16" and report.rows_read == len(codes)


def test_import_indicators_refuses_a_file_over_the_command_cap(rochefort, write_csv, settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "command_file_bytes": 100}
    codes = list(rochefort.communes.values_list("code", flat=True))
    path = write_csv([["CODGEO", "P21_POP"]] + [[c, 100] for c in codes])
    with pytest.raises(CommandError) as refused:
        call_command("import_indicators", str(path), verbosity=0)
    assert "valeurs.csv : fichier trop lourd" in str(refused.value)
    assert not IndicatorValue.objects.exists()
