"""Hostile values derived from the model fields: every text holds markup that would run if a
page rendered it as HTML and a formula a spreadsheet would evaluate; every number sits at the
largest value its field accepts (validators first, then what the database column holds)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone

from ctg_pilote.core.approxdates import ApproximateDateField
from ctg_pilote.core.validators import RangeValidator

XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>\"'><svg onload=alert(3)>"
# Shorter forms, for fields whose max_length cannot hold the whole payload.
XSS_SHORT = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    "<svg onload=alert(3)>",
    "<svg onload=1>",
)
# Half start with "=", the only start a spreadsheet file (XLSX) turns into a formula cell;
# CSV readers also take +, - and @ for one.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+1", "=SUM(1,1)", "@SUM(A1)", "=2+3", "-2+3")
# What must never reach an HTML page unescaped (escaped forms are fine).
RAW_MARKERS = ("<img src=x onerror", "<script>alert", "<svg onload")
# Starting characters a spreadsheet reads as a formula (CSV has no cell types).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Fields whose numbers give the CTG its shape: left realistic so that the data shows on the
# pages of the CTG's period and its tree stays a tree.
STRUCTURAL_NUMBERS = {
    "year",
    "start_year",
    "end_year",
    "baseline_year",
    "depth",
    "position",
    "number",
    "version",
    "size",
}
DAY = datetime.date(2026, 3, 16)


class Counter:
    """A running number, so that texts of fields unique together still differ."""

    def __init__(self):
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


COUNTER = Counter()


# What names a row: the first column of most exports, always a "=" formula.
NAME_FIELDS = {"name", "title", "label"}


def hostile_text(max_length: int | None, n: int | None = None, *, name: bool = False) -> str:
    """The longest hostile text that fits: a formula first (CSV cells are read from their
    first character), then markup, then a number keeping it unique."""
    n = COUNTER.next() if n is None else n
    formula = FORMULAS[0] if name else FORMULAS[n % len(FORMULAS)]
    tag = f" {n}"
    if max_length is None:
        return f"{formula}{XSS} ligne 1\n{XSS}{tag}"
    candidates = [formula + XSS + tag]
    for short in XSS_SHORT:
        candidates += [formula + short + tag, short + tag]
    candidates += [formula + tag, f"={n}", str(n)]
    return next(c for c in candidates if len(c) <= max_length)


def largest_number(field: models.Field):
    """The largest value the field accepts: its bound (MaxValueValidator or the model's
    RangeValidator) if any, else what its column holds."""
    if isinstance(field, models.DecimalField):
        whole = field.max_digits - field.decimal_places
        value = Decimal(10**whole) - Decimal(1).scaleb(-field.decimal_places)
    elif isinstance(field, models.PositiveSmallIntegerField | models.SmallIntegerField):
        value = 2**15 - 1
    elif isinstance(field, models.BigIntegerField | models.PositiveBigIntegerField):
        value = 2**63 - 1
    elif isinstance(field, models.IntegerField):
        value = 2**31 - 1
    elif isinstance(field, models.FloatField):
        value = 1e15
    else:
        raise TypeError(field)
    for validator in field.validators:
        if isinstance(validator, MaxValueValidator):
            limit = validator.limit_value
            limit = limit() if callable(limit) else limit
            value = min(value, type(value)(limit))
        elif isinstance(validator, RangeValidator):
            value = min(value, type(value)(validator.maximum))
    return value


NUMBER_FIELDS = (models.IntegerField, models.FloatField, models.DecimalField)


def hostile_values(model, **given) -> dict:
    """Values for every plain field of `model` not in `given`; relations must be given."""
    values = {}
    for field in model._meta.concrete_fields:
        if field.name in given or field.auto_created or not field.editable:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.is_relation or isinstance(
            field, models.JSONField | models.FileField | models.UUIDField
        ):
            continue
        if field.choices:
            continue  # the default, or the value given: a choice the app knows
        if isinstance(field, models.BooleanField):
            values[field.name] = True
        elif isinstance(field, models.SlugField | models.EmailField | models.URLField):
            continue  # given where it matters: their validators refuse markup
        elif isinstance(field, ApproximateDateField):
            values[field.name] = "fin 2025"  # a date as a source writes it, never free text
        elif isinstance(field, models.CharField | models.TextField):
            values[field.name] = hostile_text(field.max_length, name=field.name in NAME_FIELDS)
        elif isinstance(field, NUMBER_FIELDS):
            if field.name in STRUCTURAL_NUMBERS or field.name.endswith("_year"):
                continue
            values[field.name] = largest_number(field)
        elif isinstance(field, models.DateTimeField):
            if not field.null and not field.has_default():
                values[field.name] = timezone.make_aware(datetime.datetime(2026, 3, 16, 14))
        elif isinstance(field, models.DateField):
            values[field.name] = DAY
    return values | given


def create(model, **given):
    """A row of `model` with hostile values in every field not given."""
    return model.objects.create(**hostile_values(model, **given))
