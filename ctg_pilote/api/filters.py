"""Reading query-string filters, with a clear 400 when a value has the wrong type.

    status = choice_param(request, "statut", ActionStatus.values)
    year = int_param(request, "annee", minimum=1990, maximum=2100)

Each returns None when the parameter is absent. Declare the same parameters in the OpenAPI
document with `query_parameter(...)`.
"""

from datetime import UTC, date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError


def _refuse(name: str, message: str):
    raise ValidationError({name: [message]})


def choice_param(request, name: str, choices) -> str | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    choices = list(choices)
    if value not in choices:
        _refuse(
            name,
            _("« %(value)s » n'est pas une valeur possible ; valeurs possibles : %(choices)s.")
            % {"value": value, "choices": ", ".join(choices)},
        )
    return value


def int_param(request, name: str, *, minimum=None, maximum=None) -> int | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        _refuse(name, _("« %(value)s » n'est pas un nombre entier.") % {"value": value})
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        _refuse(
            name,
            _("La valeur doit être comprise entre %(min)s et %(max)s.")
            % {"min": minimum, "max": maximum},
        )
    return number


def bool_param(request, name: str) -> bool | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    if value.lower() in ("true", "1", "oui"):
        return True
    if value.lower() in ("false", "0", "non"):
        return False
    _refuse(name, _("« %(value)s » n'est pas un booléen (true ou false).") % {"value": value})


def date_param(request, name: str) -> date | None:
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _refuse(name, _("« %(value)s » n'est pas une date AAAA-MM-JJ.") % {"value": value})


def datetime_param(request, name: str) -> datetime | None:
    """An ISO 8601 date and time (2026-01-31T08:00:00+01:00); a bare date means its midnight."""
    value = request.query_params.get(name)
    if value is None or value == "":
        return None
    try:
        moment = datetime.fromisoformat(value.replace(" ", "+"))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        # The database compares in UTC: the first and last days of year 1 and 9999 overflow.
        moment.astimezone(UTC)
    except (ValueError, OverflowError):
        _refuse(
            name,
            _("« %(value)s » n'est pas une date et heure ISO 8601 (AAAA-MM-JJTHH:MM:SS).")
            % {"value": value},
        )
    return moment


def text_param(request, name: str, *, max_length: int = 200) -> str | None:
    value = (request.query_params.get(name) or "").strip()
    if not value:
        return None
    if len(value) > max_length or "\x00" in value:
        _refuse(name, _("Texte de recherche trop long ou invalide."))
    return value


def query_parameter(name: str, description: str, kind=OpenApiTypes.STR, enum=None, **extra):
    return OpenApiParameter(
        name, kind, OpenApiParameter.QUERY, description=description, enum=enum, **extra
    )
