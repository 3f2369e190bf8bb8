"""ZIP downloads (INSEE Melodi, base communale, data.caf.fr) are read as published: the one
data file inside, the publishers' metadata files left aside, and bounded when unpacked."""

import io
import zipfile

import pytest

from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import IndicatorValue, PublishedValue

from .test_samples import SAMPLES

pytestmark = pytest.mark.django_db

METADATA = "COD_VAR;LIB_VAR\nTFN;Type de famille\n"


def zipped(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_melodi_zip_imports_its_data_file_and_not_its_metadata(rochefort, tmp_path):
    data = (SAMPLES / "DS_RP_FAMILLE-melodi-extrait.csv").read_bytes()
    path = zipped(
        tmp_path / "DS_RP_FAMILLE_CSV_FR.zip",
        {"DS_RP_FAMILLE_metadata.csv": METADATA.encode(), "DS_RP_FAMILLE_data.csv": data},
    )
    report = import_indicator_file(path)
    # the same counts as the CSV itself (test_samples)
    assert IndicatorValue.objects.count() == 6 * 2 + 1
    assert PublishedValue.objects.count() == 4 * 2
    assert report.masked == 1


def test_an_xlsx_inside_a_zip_is_read(rochefort, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["CODGEO", "LIBGEO", "P21_POP"])
    sheet.append(["17299", "Rochefort", 23583])
    sheet.append(["17004", "Aix", "s"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = zipped(tmp_path / "base-cc.zip", {"base-cc.xlsx": buffer.getvalue()})
    report = import_indicator_file(path)
    assert report.values == 2 and report.masked == 1
    assert IndicatorValue.objects.get(commune__code="17299").value == 23583


def test_the_page_upload_takes_a_zip(client, rochefort, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conventions.factories import MembershipFactory

    client.force_login(MembershipFactory(convention=rochefort, role="coordinateur").user)
    data = (SAMPLES / "txcouv_pe_com-extrait.csv").read_bytes()
    archive = zipped(tmp_path / "txcouv_pe_com.zip", {"txcouv_pe_com.csv": data}).read_bytes()
    response = client.post(
        f"/ctg/{rochefort.slug}/diagnostic/valeurs/importer/",
        {"file": SimpleUploadedFile("txcouv_pe_com.zip", archive)},
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.filter(commune__code="17299").count() == 3


@pytest.mark.parametrize(
    "members, message",
    [
        ({"a.csv": b"CODGEO;P21_POP\n", "b.csv": b"CODGEO;P21_POP\n"}, "trouvé : a.csv, b.csv"),
        (
            {"lisez-moi.pdf": b"%PDF"},
            "un seul fichier CSV, XLSX ou GeoJSON de données (trouvé : aucun)",
        ),
    ],
)
def test_a_zip_without_one_data_file_is_refused_naming_what_it_holds(
    rochefort, tmp_path, members, message
):
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(zipped(tmp_path / "archive.zip", members))
    assert message in refused.value.problems[0]
    assert refused.value.problems[0].startswith("archive.zip : ")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(rochefort, tmp_path, settings):
    settings.CTG_FILE_LIMITS = {**settings.CTG_FILE_LIMITS, "xlsx_unpacked_bytes": 1024 * 1024}
    bomb = b"CODGEO;P21_POP\n" + b"17299;1\n" * 300_000  # 2.4 Mo unpacked, a few Ko zipped
    path = zipped(tmp_path / "bombe.zip", {"base.csv": bomb})
    assert path.stat().st_size < 50_000
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)
    assert "base.csv décompressé dépasse 1 Mo" in refused.value.problems[0]
    assert not IndicatorValue.objects.exists()


def test_a_damaged_zip_is_refused_in_french(rochefort, tmp_path):
    path = tmp_path / "abime.zip"
    path.write_bytes(b"PK\x03\x04 pas une archive")
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(path)
    assert refused.value.problems == ["abime.zip : ce n'est pas une archive ZIP lisible"]
