"""Dates as documents write them: read in every written form, shown in French as written,
exchanged in one canonical text, spanning the days they cover, sorted by start."""

import datetime

import jsonschema
import pytest
from django.core.exceptions import ValidationError

from ctg_pilote.core import fieldvalues
from ctg_pilote.core.approxdates import (
    ApproximateDate,
    ApproximateDateField,
    ApproximateDateFormField,
)
from ctg_pilote.core.fieldvalues import CellError

D = datetime.date


@pytest.mark.parametrize(
    ("written", "shown", "exchanged", "start", "end"),
    [
        ("2021-11-15", "15 novembre 2021", "2021-11-15", D(2021, 11, 15), D(2021, 11, 15)),
        ("15/11/2021", "15 novembre 2021", "2021-11-15", D(2021, 11, 15), D(2021, 11, 15)),
        ("1er juin 2025", "1er juin 2025", "2025-06-01", D(2025, 6, 1), D(2025, 6, 1)),
        ("2021-11", "novembre 2021", "2021-11", D(2021, 11, 1), D(2021, 11, 30)),
        ("Novembre 2021", "novembre 2021", "2021-11", D(2021, 11, 1), D(2021, 11, 30)),
        ("fevrier 2024", "février 2024", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("11/2021", "novembre 2021", "2021-11", D(2021, 11, 1), D(2021, 11, 30)),
        ("2023", "2023", "2023", D(2023, 1, 1), D(2023, 12, 31)),
        (2023, "2023", "2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("fin 2023", "fin 2023", "fin 2023", D(2023, 9, 1), D(2023, 12, 31)),
        ("Début 2022", "début 2022", "début 2022", D(2022, 1, 1), D(2022, 4, 30)),
        ("debut de 2022", "début 2022", "début 2022", D(2022, 1, 1), D(2022, 4, 30)),
        ("mi-2023", "mi-2023", "mi-2023", D(2023, 5, 1), D(2023, 8, 31)),
        ("milieu 2023", "mi-2023", "mi-2023", D(2023, 5, 1), D(2023, 8, 31)),
        ("2024-T2", "2e trimestre 2024", "2024-T2", D(2024, 4, 1), D(2024, 6, 30)),
        ("2e trimestre 2024", "2e trimestre 2024", "2024-T2", D(2024, 4, 1), D(2024, 6, 30)),
        ("T4 2024", "4e trimestre 2024", "2024-T4", D(2024, 10, 1), D(2024, 12, 31)),
        ("1er semestre 2025", "1er semestre 2025", "2025-S1", D(2025, 1, 1), D(2025, 6, 30)),
        ("2025-S2", "2e semestre 2025", "2025-S2", D(2025, 7, 1), D(2025, 12, 31)),
        ("fin novembre 2021", "fin novembre 2021", "fin 2021-11", D(2021, 11, 21), D(2021, 11, 30)),
        ("fin 2024-S2", "fin 2e semestre 2024", "fin 2024-S2", D(2024, 11, 1), D(2024, 12, 31)),
    ],
)
def test_written_forms_read_show_and_exchange(written, shown, exchanged, start, end):
    when = ApproximateDate.parse(written)
    assert str(when) == shown
    assert when.exchange == exchanged
    assert (when.start, when.end) == (start, end)
    # The canonical text reads back to the same date, and so does the stored text.
    assert ApproximateDate.parse(exchanged) == when
    assert ApproximateDate.from_db(when.db_value) == when


@pytest.mark.parametrize(
    "written",
    ["", "bientôt", "2023-13", "31/02/2024", "fin 15/11/2021", "T5 2024", "1850", "2023-02-30"],
)
def test_unreadable_dates_get_a_french_message_with_examples(written):
    with pytest.raises(ValidationError) as caught:
        ApproximateDate.parse(written)
    message = " ".join(caught.value.messages)
    assert "Date" in message
    assert "fin 2023" in message or "entre" in message


def test_a_span_is_past_only_once_it_has_ended():
    end_2023 = ApproximateDate.parse("fin 2023")
    assert not end_2023.is_past(D(2023, 12, 31))
    assert end_2023.is_past(D(2024, 1, 1))
    assert end_2023.is_future(D(2023, 8, 31))
    assert not end_2023.is_future(D(2023, 9, 1))


def test_stored_text_sorts_by_start_date():
    written = ["fin 2023", "2023-10-02", "2022", "début 2022", "2023-T3", "mi-2023"]
    stored = sorted(ApproximateDate.parse(w).db_value for w in written)
    assert [ApproximateDate.from_db(s).exchange for s in stored] == [
        "2022",
        "début 2022",
        "mi-2023",
        "2023-T3",
        "fin 2023",
        "2023-10-02",
    ]


def test_a_bare_iso_date_from_an_older_column_reads_as_a_day():
    field = ApproximateDateField()
    assert field.from_db_value("2021-11-15", None, None) == ApproximateDate.from_date(
        D(2021, 11, 15)
    )
    assert field.from_db_value("", None, None) is None


def test_the_model_field_stores_sortable_text_and_skips_length_checks():
    field = ApproximateDateField(blank=True, null=True)
    assert field.get_prep_value("fin 2023") == "2023-09-01|annee|fin"
    assert field.get_prep_value(None) is None
    field.run_validators(ApproximateDate.parse("fin 2023"))  # no len() of a date


def test_the_form_field_reads_french_and_shows_the_date_as_written():
    form_field = ApproximateDateFormField(required=False)
    assert form_field.clean("novembre 2021") == ApproximateDate.parse("2021-11")
    assert form_field.clean("") is None
    assert form_field.prepare_value(ApproximateDate.parse("2021-11-15")) == "15/11/2021"
    assert form_field.prepare_value(ApproximateDate.parse("fin 2023")) == "fin 2023"
    with pytest.raises(ValidationError) as caught:
        form_field.clean("l'an prochain")
    assert "l'an prochain" in caught.value.messages[0]
    assert not form_field.has_changed(ApproximateDate.parse("fin 2023"), "fin 2023")
    assert form_field.has_changed(ApproximateDate.parse("fin 2023"), "début 2023")


def test_schema_accepts_the_canonical_texts_and_a_year_number():
    field = ApproximateDateField()
    schema = field.exchange_schema()
    for good in ["2021-11-15", "2021-11", "2023", 2023, "fin 2023", "début 2022", "mi-2023"]:
        jsonschema.validate(good, schema)
    for good in ["2024-T2", "2024-S1", "fin 2024-T4"]:
        jsonschema.validate(good, schema)
    for bad in ["novembre", "2023/11", 1700, "15 novembre 2021"]:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


class _Exposed:
    labels = False
    ref = None


def test_exchange_values_and_spreadsheet_cells():
    field = ApproximateDateField()
    when = ApproximateDate.parse("fin 2023")
    assert fieldvalues.exchange_value(field, when, _Exposed()) == "fin 2023"
    assert fieldvalues.python_value(field, "fin 2023") == when
    assert fieldvalues.display_value(field, when) == "fin 2023"
    # A day is a date cell; otherwise the French words.
    assert fieldvalues.to_cell(field, "2021-11-15", _Exposed()) == D(2021, 11, 15)
    assert fieldvalues.to_cell(field, "2021-11", _Exposed()) == "novembre 2021"
    assert fieldvalues.from_cell(field, D(2021, 11, 15), _Exposed()) == "2021-11-15"
    assert fieldvalues.from_cell(field, "2e trimestre 2024", _Exposed()) == "2024-T2"
    assert fieldvalues.from_cell(field, "", _Exposed()) is None
    with pytest.raises(CellError, match="illisible"):
        fieldvalues.from_cell(field, "un jour", _Exposed())
