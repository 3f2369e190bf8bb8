"""The ANCT's list of quartiers prioritaires (GeoJSON, often zipped): how many quartiers each
commune, EPCI and département has, a quartier on two communes counted once in its EPCI."""

import json
import zipfile

import pytest

from ctg_pilote.diagnostic.aggregation import aggregate_areas
from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import Indicator, IndicatorValue, PublishedValue
from ctg_pilote.diagnostic.portrait import areas_of

from .test_samples import SAMPLES

SAMPLE = SAMPLES / "qp2024-extrait.geojson"


def _value(code: str) -> float | None:
    return IndicatorValue.objects.get(indicator__code="qpv", commune__code=code, year=2024).value


def test_each_commune_counts_its_quartiers_and_the_epci_counts_each_once(rochefort):
    report = import_indicator_file(SAMPLE, fictitious=True)
    assert report.years == [2024] and report.indicators == ["qpv"]
    assert _value("17299") == 2  # Rochefort: quartier A, and B which straddles Tonnay-Charente
    assert _value("17449") == 1  # Tonnay-Charente: quartier B
    assert _value("17146") == 0  # Échillais: none, in a département the list covers
    published = dict(
        PublishedValue.objects.filter(indicator__code="qpv").values_list("code", "value")
    )
    assert published["200041762"] == 2  # Rochefort Océan: A and B, not 3 (2 + 1)
    assert published["17"] == 3  # A, B and C (La Rochelle)
    areas = areas_of(rochefort)
    indicator = Indicator.objects.with_parts().get(code="qpv")
    cell = aggregate_areas([indicator], areas, year_area=areas[0])["qpv"]["territoire"]
    assert cell.value == 2 and cell.published


def test_the_generation_is_read_from_the_codes(rochefort, tmp_path):
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for feature in document["features"]:
        feature["properties"]["code_qp"] = feature["properties"]["code_qp"].replace("QN", "QP")
    path = tmp_path / "qp2015.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert import_indicator_file(path).years == [2015]


def test_the_zipped_download_imports_like_the_file(rochefort, tmp_path):
    path = tmp_path / "QP2024_France.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(SAMPLE, "QP2024_France/qp2024.geojson")
        archive.writestr("QP2024_France/Documentation.pdf", b"%PDF-1.4")
    report = import_indicator_file(path, dry_run=True)
    assert report.values == import_indicator_file(SAMPLE, dry_run=True).values > 0


def test_a_wrong_code_is_refused_naming_the_object_and_the_column(rochefort, tmp_path):
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["features"][2]["properties"]["code_qp"] = "=HYPERLINK(1)"
    path = tmp_path / "qp.geojson"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)
    assert "qp.geojson, objet 3, colonne code_qp" in refused.value.problems[0]
    assert not IndicatorValue.objects.filter(indicator__code="qpv").exists()


@pytest.mark.parametrize("text", ['{"type": "FeatureCollection"', "[" * 100_000])
def test_a_file_that_is_not_geojson_is_refused_in_french(rochefort, tmp_path, text):
    path = tmp_path / "qp.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)
    assert refused.value.problems == ["qp.geojson : ce n'est pas un fichier GeoJSON lisible"]
