"""Bounds of every number and date a user can store, declared once and used by the models.

Forms and API serializers pick them up from the model fields; importers (workbook, exchange
document, indicator files) call `field_problem` to get the same French message. See the
section « Bornes des nombres » of docs/securite.md.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Domain bounds (see docs/securite.md).
COUNT_MAX = 10_000_000  # places, families, actors, inhabitants...
YEAR_MIN, YEAR_MAX = 1900, 2100
DATE_MIN, DATE_MAX = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)
AGE_MAX = 1200  # ages are in years or in months
POINTS_MAX = 1000  # points of a seminar vote
ORDER_MAX = 32_767  # positions and ranks: a small integer in every database
INTERNAL_MAX = 2_147_483_647  # counters kept by the application (versions, sizes)
MEASURE_MAX = Decimal("999999999999.99")  # indicator values, targets, key figures (< 1e12)
MONEY_MAX = Decimal("9999999999.99")  # a budget line, in euros (< 1e10 €)


def _is_finite(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:27] + "…"


def _french_number(value) -> str:
    """10000000 -> '10 000 000', Decimal('-999.5') -> '-999,5'."""
    sign = "-" if value < 0 else ""
    whole, _dot, decimals = str(abs(value)).partition(".")
    grouped = f"{int(whole):,}".replace(",", " ")
    return sign + grouped + (f",{decimals}" if decimals else "")


@deconstructible
class FiniteValidator:
    """Refuses infinities and NaN, which no page, export or JSON answer can hold."""

    message = _("Valeur invalide (%(value)s) : un nombre fini est attendu.")
    code = "not_finite"

    def __call__(self, value):
        if value is not None and not _is_finite(value):
            raise ValidationError(self.message, code=self.code, params={"value": _shown(value)})

    def __eq__(self, other):
        return isinstance(other, FiniteValidator)


@deconstructible
class RangeValidator:
    """A finite number between `minimum` and `maximum` (both included)."""

    message = _("Valeur hors limites (%(value)s) : saisissez un nombre entre %(min)s et %(max)s.")
    code = "out_of_range"

    def __init__(self, minimum, maximum):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, value):
        if value is None:
            return
        FiniteValidator()(value)
        if not self.minimum <= value <= self.maximum:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "value": _shown(value),
                    "min": _french_number(self.minimum),
                    "max": _french_number(self.maximum),
                },
            )

    def __eq__(self, other):
        return (
            isinstance(other, RangeValidator)
            and self.minimum == other.minimum
            and self.maximum == other.maximum
        )


@deconstructible
class DateRangeValidator:
    """A date (or the day of a date and time) a CTG can plausibly hold."""

    message = _(
        "Date hors limites (%(value)s) : saisissez une date entre le %(min)s et le %(max)s."
    )
    code = "date_out_of_range"

    def __init__(self, minimum=DATE_MIN, maximum=DATE_MAX):
        self.minimum = minimum
        self.maximum = maximum

    def __call__(self, value):
        if value is None:
            return
        day = value.date() if isinstance(value, datetime.datetime) else value
        if not self.minimum <= day <= self.maximum:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "value": day.strftime("%d/%m/") + f"{day.year:04d}",
                    "min": self.minimum.strftime("%d/%m/%Y"),
                    "max": self.maximum.strftime("%d/%m/%Y"),
                },
            )

    def __eq__(self, other):
        return (
            isinstance(other, DateRangeValidator)
            and self.minimum == other.minimum
            and self.maximum == other.maximum
        )


# What model fields declare: `validators=COUNT`, `validators=DATE`...
COUNT = [RangeValidator(0, COUNT_MAX)]
YEAR = [RangeValidator(YEAR_MIN, YEAR_MAX)]
PERCENT = [RangeValidator(0, 100)]
AGE = [RangeValidator(0, AGE_MAX)]
POINTS = [RangeValidator(0, POINTS_MAX)]
ORDER = [RangeValidator(0, ORDER_MAX)]
INTERNAL = [RangeValidator(0, INTERNAL_MAX)]
MEASURE = [RangeValidator(-MEASURE_MAX, MEASURE_MAX)]
MONEY = [RangeValidator(0, MONEY_MAX)]
LATITUDE = [RangeValidator(-90, 90)]
LONGITUDE = [RangeValidator(-180, 180)]
DATE = [DateRangeValidator()]


def field_problem(field, value, *, shown=None) -> str | None:
    """The French message saying why `value` cannot go into the model field `field` (its
    type, finiteness and bounds), or None when it fits. An empty value fits: whether it is
    required is the caller's business. Used by every importer, so that a workbook cell, an
    exchange document and an indicator file get the message a form would show. `shown` is
    the value as the user wrote it, when `value` is already converted."""
    if value is None or value == "":
        return None
    try:
        python = field.to_python(value)
        if isinstance(python, Decimal) and python.is_finite() and abs(python) < 10**30:
            # Importers store 12.345 as 12.35, as the database rounds: only the size counts.
            python = python.quantize(Decimal(1).scaleb(-field.decimal_places))
        field.run_validators(python)
    except ValidationError as error:
        first = error.error_list[0]
        params = dict(first.params or {})
        if "value" in params and not isinstance(field, models.DateField):
            # As the user wrote it: 1e20, not 1.0000000000000E+20.
            params["value"] = _shown(value if shown is None else shown)
        return str(first.message % params if params else first.message)
    except (ArithmeticError, InvalidOperation, TypeError, ValueError):
        # int(inf), Decimal overflow...: Django's to_python does not catch them all.
        return str(FiniteValidator.message % {"value": _shown(value)})
    return None


def model_validators(model, name: str) -> list:
    """The validators a hand-declared form or serializer field copies from the model field."""
    return list(model._meta.get_field(name).validators)


def range_constraint(field_name: str, validators: list, *, name: str):
    """A CheckConstraint holding `field_name` within the RangeValidator of `validators`, so that
    the database refuses what the validators refuse (NULL passes; NaN and infinities fail)."""
    (bound,) = [v for v in validators if isinstance(v, RangeValidator)]
    return models.CheckConstraint(
        condition=models.Q(**{f"{field_name}__isnull": True})
        | models.Q(**{f"{field_name}__gte": bound.minimum, f"{field_name}__lte": bound.maximum}),
        name=name,
        violation_error_message=_("Valeur hors limites."),
    )


def ends_before_start(start, end) -> bool:
    """The one rule of a period (a meeting, an action): its end, when both are known, may not
    come before its start. Dates, date-times or ISO texts of one format."""
    return bool(start) and bool(end) and end < start


def period_constraint(start: str, end: str, *, name: str, message):
    """The CheckConstraint of `ends_before_start`: no end before the start (either may be
    empty)."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{start}__isnull": True})
        | models.Q(**{f"{end}__isnull": True})
        | models.Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=message,
    )


def field_by_label(label: str):
    """'plan.IndicatorValue.value' -> that model field (how exchange schemas name one)."""
    from django.apps import apps

    app_label, model_name, name = label.split(".")
    return apps.get_model(app_label, model_name)._meta.get_field(name)


def range_kwargs(model, name: str) -> dict:
    """`min_value` / `max_value` of a model field's bounds, for a hand-declared form or API
    field (the API schema then shows them)."""
    field = model._meta.get_field(name)
    (bound,) = [v for v in field.validators if isinstance(v, RangeValidator)]
    return {"min_value": bound.minimum, "max_value": bound.maximum}


# Contact details a person declares public (an organisation's switchboard, its website):
# checked for their shape, never searched for in free text.
SEPARATORS = re.compile(r"[\s.\-()]")
# 0X XX XX XX XX, +33 X XX XX XX XX, another country's +NNN..., or a short number (3230).
PHONE = re.compile(r"0[1-9]\d{8}|\+33[1-9]\d{8}|\+(?!33)[1-9]\d{6,13}|3\d{3}")


def validate_phone_number(value: str) -> None:
    if not PHONE.fullmatch(SEPARATORS.sub("", value or "")):
        raise ValidationError(
            _(
                "« %(value)s » n'est pas un numéro de téléphone : 10 chiffres (05 46 00 00 00), "
                "+33 5 46 00 00 00 ou un numéro court (3230)."
            ),
            code="invalid_phone",
            params={"value": value[:40]},
        )


def validate_public_email(value: str) -> None:
    """An address the open data can carry: the data·inclusion schema checks e-mail addresses
    with `email-validator`, which refuses domains that cannot receive mail (.test, .local…);
    the same check here, so that a saved address never breaks an export."""
    from email_validator import EmailNotValidError, validate_email

    if not value:
        return
    try:
        EmailValidator()(value)
    except ValidationError:
        return  # not an address at all: the e-mail field's own check says so, once
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        domain = value.rpartition("@")[2]
        raise ValidationError(
            _(
                "« %(value)s » ne peut pas recevoir de courriel (le domaine « %(domain)s » "
                "n'existe pas ou est réservé) : saisissez l'adresse publique de la structure."
            ),
            code="invalid_public_email",
            params={"value": value[:80], "domain": domain[:60]},
        ) from None


validate_web_address = URLValidator(
    schemes=["http", "https"],
    message=_("Saisissez une adresse internet complète commençant par https:// ou http://."),
)
