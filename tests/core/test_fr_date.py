"""Dates in French: the first of the month is « 1er »."""

import datetime

import pytest
from django.utils import translation

from ctg_pilote.core.templatetags.ctg_tags import fr_date


@pytest.mark.parametrize(
    ("value", "format_string", "expected"),
    [
        (datetime.date(2026, 10, 1), "j F Y", "1er octobre 2026"),
        (datetime.date(2026, 10, 2), "j F Y", "2 octobre 2026"),
        (datetime.date(2021, 1, 1), "j F Y", "1er janvier 2021"),
        (datetime.datetime(2026, 3, 1, 11, 1), "l j F Y, H:i", "dimanche 1er mars 2026, 11:01"),
        (datetime.date(2026, 10, 1), "d/m/Y", "01/10/2026"),
        (None, "j F Y", ""),
    ],
)
def test_fr_date(value, format_string, expected):
    with translation.override("fr"):
        assert fr_date(value, format_string) == expected
