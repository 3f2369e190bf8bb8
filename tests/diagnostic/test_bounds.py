"""Numbers out of bounds in the diagnostic's routes: the exchange document (validate_ctg,
import_ctg), the indicator files (import_indicators), the offer file and the API. Each is
refused with a French message naming its place, and nothing is written."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from ctg_pilote.conventions.models import Convention
from ctg_pilote.diagnostic.models import Dataset, IndicatorValue, KeyFigure, Offer
from ctg_pilote.diagnostic.offer_import import OfferImportError, import_offers
from tests.api.conftest import token_for
from tests.conventions.factories import MembershipFactory
from tests.diagnostic.conftest import demo_with_diagnostic

pytestmark = pytest.mark.django_db

FIGURE = "diagnostic.chiffres_cles[3].valeur"
OUT_OF_RANGE = "Valeur hors limites"
NOT_FINITE = "nombre infini ou indéfini refusé"


def _json_with_figure(tmp_path, literal: str):
    """The demo document as JSON, its fourth key figure written as `literal`, verbatim."""
    document = demo_with_diagnostic()
    document["diagnostic"]["chiffres_cles"][3]["valeur"] = 424242
    path = tmp_path / "ctg.json"
    path.write_text(json.dumps(document).replace("424242", literal), encoding="utf-8")
    return path


def _refused(capsys, command, path) -> str:
    with pytest.raises(CommandError):
        call_command(command, str(path))
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("literal", "expected"),
    [
        ("1e20", f"{FIGURE} : {OUT_OF_RANGE}"),
        ("1e308", f"{FIGURE} : {OUT_OF_RANGE}"),
        ("-1e13", f"{FIGURE} : {OUT_OF_RANGE}"),
        ("12345678901234567890", f"{FIGURE} : {OUT_OF_RANGE}"),
        ("1e999", f"{NOT_FINITE} (ligne 1) : « 1e999 »"),
        ("NaN", f"{NOT_FINITE} (ligne 1) : « NaN »"),
        ("Infinity", f"{NOT_FINITE} (ligne 1) : « Infinity »"),
        ("-Infinity", f"{NOT_FINITE} (ligne 1) : « -Infinity »"),
    ],
)
def test_validate_and_import_ctg_refuse_a_key_figure_out_of_bounds(
    tmp_path, capsys, literal, expected
):
    path = _json_with_figure(tmp_path, literal)
    assert expected in _refused(capsys, "validate_ctg", path)
    assert expected in _refused(capsys, "import_ctg", path)
    assert not Convention.objects.exists()
    assert not KeyFigure.objects.exists()


@pytest.mark.parametrize("literal", [".inf", "-.inf", ".nan", "1.0e+999"])
def test_yaml_infinities_are_refused_where_they_are_written(tmp_path, capsys, literal):
    document = demo_with_diagnostic()
    document["diagnostic"]["chiffres_cles"][3]["valeur"] = 424242
    path = tmp_path / "ctg.yaml"
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    line = text[: text.index("424242")].count("\n") + 1
    path.write_text(text.replace("424242", literal), encoding="utf-8")
    err = _refused(capsys, "validate_ctg", path)
    assert f"(ligne {line}," in err
    assert f"{NOT_FINITE} : « {literal} »" in err
    _refused(capsys, "import_ctg", path)
    assert not Convention.objects.exists()


def test_a_valid_key_figure_still_passes(tmp_path, capsys):
    call_command("validate_ctg", str(_json_with_figure(tmp_path, "999999999999.99")))
    assert "document valide" in capsys.readouterr().out


def test_offer_places_and_years_out_of_bounds_name_their_path(tmp_path, capsys):
    document = demo_with_diagnostic()
    offer = document["diagnostic"]["offre"]
    offer["equipements"][0]["places"] = 12345678901234567890
    offer["decomptes"][0]["annee"] = 1  # the schema's own minimum
    document["diagnostic"]["enquetes"][0]["familles_sollicitees"] = 10**12
    path = tmp_path / "ctg.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    err = _refused(capsys, "validate_ctg", path)
    assert (
        "diagnostic.offre.equipements[0].places : Valeur hors limites (12345678901234567890) : "
        "saisissez un nombre entre 0 et 10 000 000." in err
    )
    assert "diagnostic.offre.decomptes[0].annee : doit être au moins 1900, pas 1" in err
    assert "diagnostic.enquetes[0].familles_sollicitees : Valeur hors limites" in err


# ---- indicator files (ctg import_indicators) -------------------------------------------------


@pytest.mark.parametrize("cell", ["1e999", "nan", "inf", "-inf", "1e20", "1e308", "-1e13"])
def test_import_indicators_refuses_values_out_of_bounds(rochefort, write_csv, cell):
    lines = [["CODGEO", "P21_POP"]]
    for i, commune in enumerate(rochefort.communes.order_by("code")):
        lines.append([commune.code, cell if i == 2 else 1000 + i])
    path = write_csv(lines, name="pop.csv")
    with pytest.raises(CommandError) as error:
        call_command("import_indicators", str(path))
    message = str(error.value)
    assert "rien n'a été enregistré" in message
    assert "pop.csv, ligne 4, colonne P21_POP : " in message
    assert ("hors limites" in message) or ("nombre fini est attendu" in message)
    assert not IndicatorValue.objects.filter(dataset__file_name="pop.csv").exists()
    assert not Dataset.objects.filter(file_name="pop.csv").exists()


def test_import_indicators_says_which_literal_is_not_a_number(rochefort, write_csv):
    lines = [["CODGEO", "P21_POP"], [rochefort.communes.first().code, ".inf"]]
    with pytest.raises(CommandError) as error:
        call_command("import_indicators", str(write_csv(lines)))
    assert "ligne 2, colonne P21_POP : « .inf » n'est pas un nombre" in str(error.value)


# ---- offer: file and API ---------------------------------------------------------------------


def test_offer_file_refuses_a_20_digit_places_count_and_a_nan_latitude(rochefort):
    upload = SimpleUploadedFile(
        "offre.csv",
        "type;nom;places;latitude\neaje;Crèche;12345678901234567890;nan\n".encode(),
    )
    with pytest.raises(OfferImportError) as error:
        import_offers(convention=rochefort, upload=upload, source="test")
    assert error.value.problems == [
        "ligne 2, colonne places : Valeur hors limites (12345678901234567890) : "
        "saisissez un nombre entre 0 et 10 000 000.",
        "ligne 2, colonne latitude : La valeur «\xa0NaN\xa0» doit être un nombre décimal.",
    ]
    assert not Offer.objects.exists()


def test_api_refuses_a_20_digit_places_count(client, rochefort):
    coordinator = MembershipFactory(convention=rochefort, role="coordinateur")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_for(coordinator)}"}

    def post(data):
        url = f"/api/v1/ctg/{rochefort.slug}/diagnostic/offre/"
        return client.post(url, data, content_type="application/json", **headers)

    response = post({"type": "eaje", "nom": "Crèche", "places": 12345678901234567890})
    assert response.status_code == 400
    assert response.json()["details"]["places"] == [
        "Assurez-vous que cette valeur est inférieure ou égale à 10000000."
    ]
    assert not Offer.objects.exists()
    response = post({"type": "eaje", "nom": "Crèche", "places": 40})
    assert response.status_code == 201
