import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctg_pilote.diagnostic.aggregation import Area, aggregate_areas
from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import Indicator, IndicatorValue
from ctg_pilote.diagnostic.portrait import comparison
from ctg_pilote.territories.models import Commune

pytestmark = pytest.mark.django_db

HEADER = [
    "CODGEO",
    "LIBGEO",
    "P21_POP",
    "P21_POP0002",
    "C21_MEN",
    "C21_MENPSEUL",
    "C21_FAM",
    "C21_FAMMONO",
]


def insee_lines(convention, masked_code="17004"):
    """One line per commune of the CTG: made-up but consistent figures, decimal commas."""
    lines = [HEADER]
    for i, commune in enumerate(convention.communes.order_by("code")):
        fammono = "s" if commune.code == masked_code else f"{10 + i},5"
        lines.append(
            [commune.code, commune.name, 1000 + i, 30 + i, 400 + i, 150 + i, 280 + i, fammono]
        )
    return lines


def values(code):
    return IndicatorValue.objects.filter(indicator__code=code)


def test_insee_file_in_cp1252_gives_territory_totals_equal_to_commune_sums(rochefort, write_csv):
    path = write_csv(insee_lines(rochefort))
    report = import_indicator_file(path)

    assert report.layout == "INSEE"
    assert report.encoding == "cp1252"
    assert report.rows_read == 25
    assert report.masked == 1
    assert report.ignored_columns == ["LIBGEO"]
    # The masked cell is "non diffusé", not zero.
    masked = values("familles-monoparentales").get(commune__code="17004", year=2021)
    assert masked.value is None
    assert values("familles-monoparentales").get(commune__code="17299").value % 1 == 0.5

    areas, rows = comparison(rochefort)
    by_code = {row.indicator.code: {a.key: agg for a, agg in row.cells} for row in rows}
    population = by_code["population"]["territoire"]
    assert population.year == 2021
    assert population.value == sum(1000 + i for i in range(25))
    assert not population.partial
    # Coverage-like ratio: summed parts, then divided (never an average of commune ratios).
    share = by_code["part-menages-1-personne"]["territoire"]
    expected = sum(150 + i for i in range(25)) / sum(400 + i for i in range(25)) * 100
    assert share.value == pytest.approx(expected)
    # The masked commune makes the aggregate partial, and says so.
    fammono = by_code["familles-monoparentales"]["territoire"]
    assert fammono.partial and fammono.covered == 24 and fammono.expected == 25
    assert [a.label for a in areas][-2:] == ["Charente-Maritime", "France"]


def test_coverage_rate_sums_places_and_children_before_dividing(rochefort, write_csv):
    codes = list(rochefort.communes.order_by("code").values_list("code", flat=True))
    lines = [["Code commune", "Année", "places_eaje", "places_assmat"]]
    lines += [[codes[0], "2021", 20, 10], [codes[1], "2021", 0, 5]]
    import_indicator_file(write_csv(lines, name="caf.csv", encoding="utf-8", sep=","))
    children = [["CODGEO", "P21_POP0002"], [codes[0], 100], [codes[1], 20]]
    import_indicator_file(write_csv(children, name="insee.csv"))

    coverage = Indicator.objects.with_parts().get(code="taux-couverture-petite-enfance")
    two = Area("deux", "", Commune.objects.filter(code__in=codes[:2], vintage=rochefort.vintage))
    result = aggregate_areas([coverage], [two])["taux-couverture-petite-enfance"]["deux"]
    # (20 + 10 + 0 + 5) / (100 + 20) x 100, not the mean of 30 % and 25 %.
    assert result.value == pytest.approx(35 / 120 * 100)


def test_zero_denominator_gives_no_value(rochefort, write_csv):
    code = rochefort.communes.order_by("code").first().code
    import_indicator_file(write_csv([["CODGEO", "C21_MEN", "C21_MENPSEUL"], [code, 0, 0]]))
    share = Indicator.objects.with_parts().get(code="part-menages-1-personne")
    area = Area("c", "", Commune.objects.filter(code=code, vintage=rochefort.vintage))
    result = aggregate_areas([share], [area])["part-menages-1-personne"]["c"]
    assert result.value is None and result.zero_denominator


def test_weighted_mean_is_weighted_by_population(rochefort, write_csv):
    a, b = rochefort.communes.order_by("code").values_list("code", flat=True)[:2]
    import_indicator_file(
        write_csv([["CODGEO", "P21_POP", "TP6021"], [a, 100, "10,0"], [b, 300, "20,0"]])
    )
    rate = Indicator.objects.with_parts().get(code="taux-pauvrete")
    area = Area("ab", "", Commune.objects.filter(code__in=[a, b], vintage=rochefort.vintage))
    assert aggregate_areas([rate], [area])["taux-pauvrete"]["ab"].value == pytest.approx(17.5)


def test_unknown_communes_are_reported_with_their_lines_and_skipped(rochefort, write_csv):
    path = write_csv(
        [["CODGEO", "P21_POP"], ["17299", 100], ["17999", 5], ["17168", 7], ["99999", 3]]
    )
    report = import_indicator_file(path)
    assert [(u.code, u.lines) for u in report.unknown_communes] == [("17999", [3])]
    assert report.placeholders == 1  # 99999: residents abroad, no commune
    assert values("population").filter(year=2021).count() == 2


@pytest.mark.parametrize(
    "lines, message",
    [
        (
            [["CODGEO", "P21_POP"], ["17299", 100], ["17299", 120]],
            "ligne 3 : commune 17299 déjà présente ligne 2",
        ),
        ([["CODGEO", "P21_POP"], ["17299", -4]], "ligne 2, colonne P21_POP : effectif négatif"),
        ([["CODGEO", "P21_POP"], ["17299", "beaucoup"]], "« beaucoup » n'est pas un nombre"),
        ([["commune", "habitants"], ["17299", 1]], "aucune colonne de code commune"),
        ([["CODGEO", "TOTO"], ["17299", 1]], "aucune colonne ne correspond à un indicateur"),
    ],
)
def test_bad_files_are_refused_whole_with_line_numbers(rochefort, write_csv, lines, message):
    good = [["CODGEO", "P21_POP"], ["17168", 50]]
    lines = lines[:1] + good[1:] + lines[1:] if lines[0] == good[0] else lines
    with pytest.raises(IndicatorImportError) as error:
        import_indicator_file(write_csv(lines))
    assert any(
        message.replace("ligne 3", "ligne 4").replace("ligne 2", "ligne 3") in p or message in p
        for p in error.value.problems
    )
    assert not IndicatorValue.objects.filter(year=2021).exists()


def test_command_dry_run_writes_nothing_and_portrait_prints_csv(rochefort, write_csv, capsys):
    path = write_csv(insee_lines(rochefort))
    call_command("import_indicators", str(path), "--dry-run", verbosity=0)
    out = capsys.readouterr().out
    assert "Valeurs seraient chargées : 150 dont 1 non diffusées" in out
    assert "Essai à blanc" in out
    assert not IndicatorValue.objects.filter(year=2021).exists()

    call_command("import_indicators", str(path), verbosity=0)
    call_command("portrait", rochefort.slug, "--format", "csv")
    lines = capsys.readouterr().out.splitlines()
    table = [line.split(",") for line in lines if line.startswith(("indicateur", "population"))]
    assert table[0][:4] == ["indicateur", "Territoire de la CTG", "Charente-Maritime", "France"]
    assert table[1][0] == "population" and table[1][1] == str(sum(1000 + i for i in range(25)))


def test_command_reports_refusal_in_french(rochefort, write_csv):
    path = write_csv([["CODGEO", "P21_POP"], ["17299", -1]])
    with pytest.raises(CommandError, match="Import refusé, rien n'a été enregistré"):
        call_command("import_indicators", str(path), verbosity=0)


def test_portrait_has_one_column_per_zone_then_territory_departement_france(
    rochefort, write_csv, capsys
):
    from ctg_pilote.conventions.models import Zone, ZoneCommune

    zone = Zone.objects.create(convention=rochefort, name="Littoral")
    for code in ("17168", "17484"):
        ZoneCommune.objects.create(
            convention=rochefort,
            zone=zone,
            commune=Commune.objects.get(vintage=rochefort.vintage, code=code),
        )
    import_indicator_file(write_csv(insee_lines(rochefort)))
    call_command("portrait", rochefort.slug, "--format", "csv")
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    assert rows[0][:5] == [
        "indicateur",
        "Littoral",
        "Territoire de la CTG",
        "Charente-Maritime",
        "France",
    ]
    population = next(r for r in rows if r[0] == "population")
    codes = sorted(rochefort.communes.values_list("code", flat=True))
    expected = sum(1000 + codes.index(c) for c in ("17168", "17484"))
    assert population[1] == str(expected)


def test_xlsx_caf_file_with_year_column(rochefort, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Numéro commune", "Année", "Allocataires", "Personnes couvertes"])
    sheet.append(["17299", 2023, 4200, "nd"])
    sheet.append(["17168", 2023, 610, 1400])
    path = tmp_path / "caf.xlsx"
    workbook.save(path)
    report = import_indicator_file(path)
    assert report.layout == "CAF" and report.years == [2023] and report.masked == 1
    assert values("allocataires").get(commune__code="17299", year=2023).value == 4200
    assert values("personnes-couvertes").get(commune__code="17299").value is None
