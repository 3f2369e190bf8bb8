"""The value helpers every section shares: each export helper is undone by its import one."""

import datetime as dt
from decimal import Decimal

from ctg_pilote.exchange import values


def test_put_leaves_empty_values_out():
    target = {}
    for key, value in [("none", None), ("text", ""), ("list", []), ("dict", {}), ("no", False)]:
        values.put(target, key, value)
    values.put(target, "zero", 0)
    values.put(target, "kept", "x")
    values.put(target, "yes", True)
    assert target == {"kept": "x", "yes": True}


def test_numbers_are_whole_when_they_can_be():
    assert values.number(Decimal("12.00")) == 12
    assert isinstance(values.number(Decimal("12.00")), int)
    assert values.number(Decimal("12.50")) == 12.5
    assert values.number(None) is None
    assert values.decimal(0.1) == Decimal("0.1")
    assert values.decimal(values.number(Decimal("3.25"))) == Decimal("3.25")
    assert values.coordinate(Decimal("45.9371")) == 45.9371
    assert values.coordinate(None) is None


def test_dates_read_back_what_they_write():
    day = dt.date(2025, 3, 14)
    assert values.date_text(day) == "2025-03-14"
    assert values.date(values.date_text(day)) == day
    assert values.date("") is None and values.date(None) is None
    assert values.date_text(None) is None


def test_dates_and_times_are_local_to_the_minute_when_they_can_be():
    moment = values.datetime("2025-03-14T18:30")
    assert moment.tzinfo is not None
    assert moment.astimezone(dt.UTC) == dt.datetime(2025, 3, 14, 17, 30, tzinfo=dt.UTC)
    assert values.datetime_text(moment) == "2025-03-14T18:30"
    assert values.datetime_text(values.datetime("2025-03-14T18:30:05")) == "2025-03-14T18:30:05"
    assert values.datetime(None) is None and values.datetime_text(None) is None


def test_approximate_dates_come_back_as_the_source_wrote_them():
    for text in ["2021-11-15", "2021-11", "2023", "fin 2023", "début 2022", "mi-2023", "2024-T2"]:
        assert values.approximate_date_text(values.approximate_date(text)) == text
    assert values.approximate_date_text(values.approximate_date(2023)) == "2023"
    assert values.approximate_date(None) is None and values.approximate_date("") is None
    assert values.approximate_date_text(None) is None
