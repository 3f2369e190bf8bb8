"""The sample files reproducing the published layouts import with the right counts."""

import pytest

from ctg_pilote.diagnostic.aggregation import aggregate_areas
from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import Dataset, Indicator, IndicatorValue, PublishedValue
from ctg_pilote.diagnostic.portrait import areas_of

SAMPLES = __import__("pathlib").Path(__file__).resolve().parents[2] / (
    "ctg_pilote/diagnostic/samples"
)


@pytest.mark.parametrize(
    "name, commune_values, published, masked, placeholders, rounded",
    [
        # 53 communes x 14 counts (the Paris arrondissements need Paris in the geography)
        ("s_ben_com_f-extrait.csv", 53 * 14, 0, 12, 3, 5),
        ("ndur_s_qf_400_com_f-extrait.csv", 25 * 3, 0, 6, 0, 5),
        ("txcouv_pe_epci-extrait.csv", 0, 6 * 2 * 3, 0, 1, None),
        ("txcouv_pe_com-extrait.csv", 2 * 3, 0, 0, 1, None),
        ("base-cc-rp-2021-extrait.csv", 53 * 13, 0, 1, 0, None),
        ("cc_filosofi_2021_COM-extrait.csv", 53 * 2, 0, 17, 0, None),
        ("cc_filosofi_2021_EPCI-extrait.csv", 0, 6 * 2, 0, 0, None),
        ("DS_RP_FAMILLE-melodi-extrait.csv", 6 * 2 + 1, 4 * 2, 1, 0, None),
    ],
)
def test_each_sample_imports_with_its_counts(
    rochefort, name, commune_values, published, masked, placeholders, rounded
):
    report = import_indicator_file(SAMPLES / name, fictitious=True)
    assert IndicatorValue.objects.count() == commune_values
    assert PublishedValue.objects.count() == published
    assert report.masked == masked and report.placeholders == placeholders
    assert Dataset.objects.get().rounded_to == rounded
    masked_rows = IndicatorValue.objects.filter(value=None).count()
    masked_rows += PublishedValue.objects.filter(value=None).count()
    assert masked_rows == masked  # stored as "non diffusé", never 0


def test_caf_file_flags_secret_cells_and_rounding(rochefort):
    import_indicator_file(SAMPLES / "s_ben_com_f-extrait.csv")
    aix = IndicatorValue.objects.filter(commune__code="17004", year=2023)
    assert aix.get(indicator__code="allocataires-cf").value is None  # blank: secret
    assert aix.get(indicator__code="allocataires").value == 55
    assert "arrondis à 5" in " ".join(
        import_indicator_file(SAMPLES / "s_ben_com_f-extrait.csv", dry_run=True).lines()
    )


def test_a_wrong_cell_is_refused_naming_line_and_column(rochefort, tmp_path):
    text = (SAMPLES / "s_ben_com_f-extrait.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = text[2].split(";")
    cells[5] = "douze"
    text[2] = ";".join(cells)
    path = tmp_path / "s_ben_com_f.csv"
    path.write_text("\n".join(text), encoding="utf-8-sig")
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)
    assert refused.value.problems == ["ligne 3, colonne indfoy_af : « douze » n'est pas un nombre"]
    assert not IndicatorValue.objects.exists()


def test_a_portal_export_with_labels_is_read(rochefort, tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text(
        "Date référence;Numéro commune;Nom commune;Nombre d'allocataires\n"
        "2023-12;17299;Rochefort;5120\n",
        encoding="utf-8-sig",
    )
    report = import_indicator_file(path)
    assert report.years == [2023] and report.indicators == ["allocataires"]


def _territory(rochefort):
    areas = areas_of(rochefort)
    indicators = list(
        Indicator.objects.with_parts().filter(code__in=["taux-pauvrete", "revenu-median"])
    )
    return aggregate_areas(indicators, areas, year_area=areas[0])


def test_epci_median_and_poverty_rate_come_from_the_published_epci_value(rochefort):
    import_indicator_file(SAMPLES / "base-cc-rp-2021-extrait.csv")  # population, weights
    import_indicator_file(SAMPLES / "cc_filosofi_2021_COM-extrait.csv")
    computed = _territory(rochefort)
    assert computed["revenu-median"]["territoire"].value is None  # no median of medians
    assert computed["taux-pauvrete"]["territoire"].approximate
    import_indicator_file(SAMPLES / "cc_filosofi_2021_EPCI-extrait.csv")
    published = dict(
        PublishedValue.objects.filter(code="200041762").values_list("indicator__code", "value")
    )
    table = _territory(rochefort)
    for code in ("revenu-median", "taux-pauvrete"):
        assert table[code]["territoire"].value == published[code]
        assert table[code]["territoire"].published


def test_rural_territory_gets_the_epci_coverage_rate(rochefort, client):
    import_indicator_file(SAMPLES / "txcouv_pe_epci-extrait.csv")
    areas = areas_of(rochefort)
    indicator = Indicator.objects.with_parts().get(code="taux-couverture-caf")
    cell = aggregate_areas([indicator], areas, year_area=areas[0])[indicator.code]["territoire"]
    expected = PublishedValue.objects.get(indicator=indicator, code="200041762", year=2022).value
    assert cell.year == 2022 and cell.value == expected and cell.published


def test_the_page_upload_imports_a_sample_and_refuses_a_wrong_file(client, rochefort):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conventions.factories import MembershipFactory

    client.force_login(MembershipFactory(convention=rochefort, role="coordinateur").user)
    url = f"/ctg/{rochefort.slug}/diagnostic/valeurs/importer/"
    sample = (SAMPLES / "txcouv_pe_com-extrait.csv").read_bytes()
    response = client.post(url, {"file": SimpleUploadedFile("txcouv_pe_com.csv", sample)})
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(commune__code="17299").count() == 3
    wrong = sample.decode("utf-8-sig").replace(
        "Nouvelle-Aquitaine;", "Nouvelle-Aquitaine;trente;", 1
    )
    response = client.post(url, {"file": SimpleUploadedFile("faux.csv", wrong.encode())})
    assert response.status_code == 200
    assert "ligne 2, colonne txcouv_com : « trente » n&#x27;est pas un nombre" in (
        response.content.decode()
    )


def test_the_demo_loads_the_samples_once_as_fictitious_values(rochefort):
    from ctg_pilote.diagnostic.sample_values import load_sample_values

    assert len(load_sample_values()) == 9
    assert load_sample_values() == []
    assert not Dataset.objects.filter(is_fictitious=False).exists()
