"""Large imports take the bulk routes (many rows per INSERT on SQLite, COPY on PostgreSQL; a file's columns read one at a time): the values stored are the file's,
whatever the order of its lines, and a second import replaces them."""

import pytest

from ctg_pilote.diagnostic import writes
from ctg_pilote.diagnostic.importer import IndicatorImportError, import_indicator_file
from ctg_pilote.diagnostic.models import IndicatorValue
from ctg_pilote.territories.models import Commune, Vintage

pytestmark = pytest.mark.django_db


def stored(code: str) -> dict[str, float | None]:
    return dict(
        IndicatorValue.objects.filter(indicator__code=code, year=2021).values_list(
            "commune__code", "value"
        )
    )


@pytest.fixture
def codes():
    vintage = Vintage.objects.current()
    return list(
        Commune.objects.filter(vintage=vintage, departement__code="17")
        .order_by("code")
        .values_list("code", flat=True)[:40]
    )


@pytest.mark.parametrize("big", [1, 100_000])
def test_values_in_any_line_order_are_stored_then_replaced(write_csv, codes, monkeypatch, big):
    # big = 1: every write takes the routes of a large one (larger cache and statements of a
    # few rows and a shorter last one on SQLite, keys dropped and added back on PostgreSQL)
    monkeypatch.setattr(writes, "ROWS_PER_STATEMENT", 7 if big == 1 else 200)
    monkeypatch.setattr(writes, "BIG_BATCH", big)
    header = ["CODGEO", "P21_POP", "C21_FAMMONO"]
    lines = [[c, f"{100 + i},5", "s" if i % 4 == 0 else i] for i, c in enumerate(codes)]
    import_indicator_file(write_csv([header, *reversed(lines)]))
    population = stored("population")
    assert population[codes[0]] == 100.5 and population[codes[39]] == 139.5
    families = stored("familles-monoparentales")
    assert families[codes[0]] is None and families[codes[1]] == 1.0  # masked, never 0
    assert len(families) == len(population) == 40

    lines[1][1] = "7"
    lines[0][2] = 3  # a masked cell published: NULL to a value
    lines[1][2] = "s"  # a value masked in the newer file: a value to NULL
    import_indicator_file(write_csv([header, *lines], name="again.csv"))
    assert stored("population")[codes[1]] == 7.0
    assert stored("population")[codes[2]] == 102.5  # given again unchanged
    families = stored("familles-monoparentales")
    assert families[codes[0]] == 3.0 and families[codes[1]] is None
    assert IndicatorValue.objects.filter(year=2021).count() == 80


def test_a_bad_cell_in_a_column_is_named_and_nothing_is_written(write_csv, codes):
    header = ["CODGEO", "P21_POP", "C21_FAMMONO"]
    lines = [[c, 100 + i, i] for i, c in enumerate(codes)]
    lines[5][2] = "-3"
    lines[7][1] = "douze"
    with pytest.raises(IndicatorImportError) as refused:
        import_indicator_file(write_csv([header, *lines]))
    problems = "\n".join(refused.value.problems)
    assert "ligne 7, colonne C21_FAMMONO : effectif négatif (-3)" in problems
    assert "ligne 9, colonne P21_POP : « douze » n'est pas un nombre" in problems
    assert not IndicatorValue.objects.exists()
